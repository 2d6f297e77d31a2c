/**
 * The resource types the emulator serves: the built-in kinds of SCENARIOS.md (always present in discovery, like a
 * real API server, so `kubectl get all` finds them even when a scenario has none) plus any other kind found in the
 * scenario (a CRD such as ServiceMonitor), and metrics.k8s.io only when the scenario carries metrics objects.
 */
export interface ResourceType {
  group: string; // "" for core
  version: string;
  /** Plural resource name used in URLs. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served or advertised (`log` for pods). */
  subresources?: { name: string; kind: string; verbs: string[] }[];
  /** Kinds not part of the default apiserver (CRDs): lists keep kind/apiVersion on items. */
  custom?: boolean;
}

export const READ_VERBS = ["get", "list", "watch"];
/** What a real API server advertises; the emulator answers the write verbs with 405. */
const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function rt(group: string, version: string, plural: string, kind: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return { group, version, plural, singular: kind.toLowerCase(), kind, namespaced, ...extra };
}

const ALL = ["all"];
const STATUS = (kind: string) => ({ name: "status", kind, verbs: ["get", "patch", "update"] });
const SCALE = { name: "scale", kind: "Scale", verbs: ["get", "patch", "update"] };

export const BUILTIN_TYPES: ResourceType[] = [
  rt("", "v1", "bindings", "Binding", true),
  rt("", "v1", "componentstatuses", "ComponentStatus", false, { shortNames: ["cs"] }),
  rt("", "v1", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  rt("", "v1", "endpoints", "Endpoints", true, { shortNames: ["ep"] }),
  rt("", "v1", "events", "Event", true, { shortNames: ["ev"] }),
  rt("", "v1", "limitranges", "LimitRange", true, { shortNames: ["limits"] }),
  rt("", "v1", "namespaces", "Namespace", false, { shortNames: ["ns"], subresources: [STATUS("Namespace")] }),
  rt("", "v1", "nodes", "Node", false, { shortNames: ["no"], subresources: [STATUS("Node")] }),
  rt("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, { shortNames: ["pvc"], subresources: [STATUS("PersistentVolumeClaim")] }),
  rt("", "v1", "persistentvolumes", "PersistentVolume", false, { shortNames: ["pv"], subresources: [STATUS("PersistentVolume")] }),
  rt("", "v1", "pods", "Pod", true, {
    shortNames: ["po"], categories: ALL,
    subresources: [{ name: "log", kind: "Pod", verbs: ["get"] }, STATUS("Pod")],
  }),
  rt("", "v1", "podtemplates", "PodTemplate", true),
  rt("", "v1", "replicationcontrollers", "ReplicationController", true, { shortNames: ["rc"], categories: ALL, subresources: [SCALE, STATUS("ReplicationController")] }),
  rt("", "v1", "resourcequotas", "ResourceQuota", true, { shortNames: ["quota"], subresources: [STATUS("ResourceQuota")] }),
  rt("", "v1", "secrets", "Secret", true),
  rt("", "v1", "serviceaccounts", "ServiceAccount", true, { shortNames: ["sa"] }),
  rt("", "v1", "services", "Service", true, { shortNames: ["svc"], categories: ALL, subresources: [STATUS("Service")] }),
  rt("apps", "v1", "controllerrevisions", "ControllerRevision", true),
  rt("apps", "v1", "daemonsets", "DaemonSet", true, { shortNames: ["ds"], categories: ALL, subresources: [STATUS("DaemonSet")] }),
  rt("apps", "v1", "deployments", "Deployment", true, { shortNames: ["deploy"], categories: ALL, subresources: [SCALE, STATUS("Deployment")] }),
  rt("apps", "v1", "replicasets", "ReplicaSet", true, { shortNames: ["rs"], categories: ALL, subresources: [SCALE, STATUS("ReplicaSet")] }),
  rt("apps", "v1", "statefulsets", "StatefulSet", true, { shortNames: ["sts"], categories: ALL, subresources: [SCALE, STATUS("StatefulSet")] }),
  rt("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
  rt("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, { shortNames: ["hpa"], categories: ALL, subresources: [STATUS("HorizontalPodAutoscaler")] }),
  rt("batch", "v1", "cronjobs", "CronJob", true, { shortNames: ["cj"], categories: ALL, subresources: [STATUS("CronJob")] }),
  rt("batch", "v1", "jobs", "Job", true, { categories: ALL, subresources: [STATUS("Job")] }),
  rt("coordination.k8s.io", "v1", "leases", "Lease", true),
  rt("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
  rt("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
  rt("networking.k8s.io", "v1", "ingresses", "Ingress", true, { shortNames: ["ing"], subresources: [STATUS("Ingress")] }),
  rt("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, { shortNames: ["netpol"] }),
  rt("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, { shortNames: ["pdb"], subresources: [STATUS("PodDisruptionBudget")] }),
  rt("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
  rt("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  rt("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
  rt("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
  rt("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, { shortNames: ["pc"] }),
  rt("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false),
  rt("storage.k8s.io", "v1", "csinodes", "CSINode", false),
  rt("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, { shortNames: ["sc"] }),
  rt("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false),
];

/** metrics-server's group: present only when the scenario has PodMetrics/NodeMetrics (like a cluster with metrics-server). */
export const METRICS_TYPES: ResourceType[] = [
  rt("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", false),
  rt("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true),
];

export function verbsOf(t: ResourceType): string[] {
  if (t.plural === "selfsubjectaccessreviews") return ["create"];
  return t.group === "metrics.k8s.io" ? READ_VERBS : ALL_VERBS;
}

export function groupVersion(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** English plural the way CRD authors conventionally name resources (ServiceMonitor → servicemonitors). */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

/** `deployments.apps` style name of a group resource, as the API server writes it in messages. */
export function qualifiedResource(t: { group: string; plural: string }): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** The registry of one emulator instance. */
export class ResourceRegistry {
  readonly types: ResourceType[];
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  constructor(objects: { apiVersion: string; kind: string; metadata: { namespace?: string } }[]) {
    const types = [...BUILTIN_TYPES];
    const hasMetrics = objects.some((o) => splitApiVersion(o.apiVersion).group === "metrics.k8s.io");
    if (hasMetrics) types.push(...METRICS_TYPES);
    const known = new Set(types.map((t) => `${groupVersion(t)}|${t.kind}`));
    const custom = new Map<string, ResourceType>();
    for (const o of objects) {
      const key = `${o.apiVersion}|${o.kind}`;
      if (known.has(key)) continue;
      const { group, version } = splitApiVersion(o.apiVersion);
      const existing = custom.get(key);
      if (existing) {
        if (o.metadata.namespace) existing.namespaced = true;
        continue;
      }
      custom.set(key, rt(group, version, guessPlural(o.kind), o.kind, !!o.metadata.namespace, { custom: true }));
    }
    this.types = [...types, ...custom.values()];
    for (const t of this.types) {
      this.byPath.set(`${groupVersion(t)}|${t.plural}`, t);
      this.byKind.set(`${groupVersion(t)}|${t.kind}`, t);
    }
  }

  /** Type served at `/api/v1/<plural>` or `/apis/<group>/<version>/<plural>`. */
  byResource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group ? `${group}/${version}` : version}|${plural}`);
  }

  /** Type of a stored object (apiVersion + kind). Objects of another version of a served group map to it. */
  forObject(apiVersion: string, kind: string): ResourceType | undefined {
    const exact = this.byKind.get(`${apiVersion}|${kind}`);
    if (exact) return exact;
    const { group } = splitApiVersion(apiVersion);
    return this.types.find((t) => t.group === group && t.kind === kind);
  }

  /** Groups with their (single) served version, core excluded, in discovery order. */
  groups(): { name: string; version: string }[] {
    const seen = new Map<string, string>();
    for (const t of this.types) if (t.group && !seen.has(t.group)) seen.set(t.group, t.version);
    return [...seen].map(([name, version]) => ({ name, version }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}
