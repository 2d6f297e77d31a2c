/**
 * The kinds the agent can read, and where the API serves them. Anything not listed here cannot be read:
 * the allowlist is this table plus the GET-only client, so a new kind is a deliberate change (and a new
 * line in charts/kubesleuth-agent/files/rbac-rules.yaml).
 */
export interface KindInfo {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** Short name kubectl accepts, used in the kubectl equivalents. */
  kubectl: string;
}

const K = (kind: string, group: string, version: string, plural: string, namespaced: boolean, kubectl = plural.replace(/s$/, "")): KindInfo =>
  ({ kind, group, version, plural, namespaced, kubectl });

export const KINDS: Record<string, KindInfo> = Object.fromEntries([
  K("Pod", "", "v1", "pods", true),
  K("Service", "", "v1", "services", true),
  K("Endpoints", "", "v1", "endpoints", true, "endpoints"),
  K("ConfigMap", "", "v1", "configmaps", true),
  K("Secret", "", "v1", "secrets", true),
  K("ServiceAccount", "", "v1", "serviceaccounts", true),
  K("PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true, "pvc"),
  K("PersistentVolume", "", "v1", "persistentvolumes", false, "pv"),
  K("Node", "", "v1", "nodes", false),
  K("Namespace", "", "v1", "namespaces", false),
  K("Event", "", "v1", "events", true),
  K("ResourceQuota", "", "v1", "resourcequotas", true),
  K("LimitRange", "", "v1", "limitranges", true),
  K("Deployment", "apps", "v1", "deployments", true),
  K("ReplicaSet", "apps", "v1", "replicasets", true),
  K("StatefulSet", "apps", "v1", "statefulsets", true),
  K("DaemonSet", "apps", "v1", "daemonsets", true),
  K("ControllerRevision", "apps", "v1", "controllerrevisions", true),
  K("Job", "batch", "v1", "jobs", true),
  K("CronJob", "batch", "v1", "cronjobs", true),
  K("Ingress", "networking.k8s.io", "v1", "ingresses", true, "ingress"),
  K("IngressClass", "networking.k8s.io", "v1", "ingressclasses", false, "ingressclass"),
  K("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true, "networkpolicy"),
  K("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true),
  K("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true, "hpa"),
  K("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true, "pdb"),
  K("StorageClass", "storage.k8s.io", "v1", "storageclasses", false, "storageclass"),
  K("PodMetrics", "metrics.k8s.io", "v1beta1", "pods", true, "podmetrics"),
  K("NodeMetrics", "metrics.k8s.io", "v1beta1", "nodes", false, "nodemetrics"),
].map((k) => [k.kind, k]));

export function kindInfo(kind: string): KindInfo | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}

export function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** REST path of a collection or one object: /api/v1/namespaces/ns/pods[/name]. */
export function resourcePath(info: KindInfo, namespace: string | undefined, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
}
