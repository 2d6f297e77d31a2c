/**
 * Which Kubernetes object an alert is about, from its labels (kube-prometheus-stack conventions).
 * Every name is validated: a label value that is not a valid Kubernetes name never becomes a target,
 * because targets end up in agent commands and in kubectl commands people paste.
 */
import { K8S_NAME_RE, type ResourceRef } from "../../../../shared/src/index.js";

/** DNS-1123 label: namespaces and container names. */
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Most specific first. `namespaced: false` kinds get no namespace on the ref. */
export const TARGET_LABELS: { label: string; kind: string; namespaced: boolean }[] = [
  { label: "pod", kind: "Pod", namespaced: true },
  { label: "deployment", kind: "Deployment", namespaced: true },
  { label: "statefulset", kind: "StatefulSet", namespaced: true },
  { label: "daemonset", kind: "DaemonSet", namespaced: true },
  { label: "job_name", kind: "Job", namespaced: true },
  { label: "cronjob", kind: "CronJob", namespaced: true },
  { label: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler", namespaced: true },
  { label: "persistentvolumeclaim", kind: "PersistentVolumeClaim", namespaced: true },
  { label: "node", kind: "Node", namespaced: false },
  { label: "service", kind: "Service", namespaced: true },
  { label: "ingress", kind: "Ingress", namespaced: true },
];

/** Object labels that are never added by the scrape target itself. */
const OBJECT_LABELS = ["deployment", "statefulset", "daemonset", "job_name", "cronjob", "horizontalpodautoscaler", "persistentvolumeclaim", "node", "ingress"];

export interface TargetResolution {
  namespace?: string;
  target?: ResourceRef;
  container?: string;
  notes: string[];
}

export function isK8sName(v: string): boolean {
  return v.length >= 1 && v.length <= 253 && K8S_NAME_RE.test(v);
}
export function isDnsLabel(v: string): boolean {
  return v.length >= 1 && v.length <= 63 && DNS_LABEL_RE.test(v);
}

function show(v: string): string {
  return JSON.stringify(v.length > 80 ? v.slice(0, 80) + "…" : v);
}

/**
 * kube-state-metrics alerts about a Deployment, Node, Job... carry the `pod`/`container`/`service` of the
 * kube-state-metrics scrape target itself (e.g. KubeDeploymentReplicasMismatch has pod=kube-state-metrics-…).
 * Those labels describe the exporter, not the subject, when the pod belongs to the scraped service or is an exporter.
 */
function podIsScrapeTarget(labels: Record<string, string>): boolean {
  const pod = labels["pod"];
  if (!pod) return false;
  if (!OBJECT_LABELS.some((l) => labels[l])) return false;
  const service = labels["service"];
  if (service && pod.startsWith(`${service}-`)) return true;
  return /kube-state-metrics|node-exporter|prometheus-node-exporter/.test(pod) || labels["container"] === "kube-state-metrics";
}

export function resolveTarget(labels: Record<string, string>): TargetResolution {
  const notes: string[] = [];
  let namespace: string | undefined;
  const ns = labels["namespace"];
  if (ns) {
    if (isDnsLabel(ns)) namespace = ns;
    else notes.push(`label namespace=${show(ns)} is not a valid Kubernetes namespace: ignored`);
  }
  const skip = new Set<string>();
  if (podIsScrapeTarget(labels)) {
    skip.add("pod").add("service").add("container");
    notes.push(`labels pod/service/container name the metrics exporter (${show(labels["pod"]!)}), not the subject: ignored`);
  }

  let target: ResourceRef | undefined;
  for (const { label, kind, namespaced } of TARGET_LABELS) {
    const value = labels[label];
    if (!value || skip.has(label)) continue;
    if (!isK8sName(value)) {
      notes.push(`label ${label}=${show(value)} is not a valid Kubernetes name: not used as target`);
      continue;
    }
    if (namespaced && !namespace) {
      notes.push(`label ${label}=${show(value)} has no valid namespace label: not used as target`);
      continue;
    }
    target = namespaced ? { kind, namespace, name: value } : { kind, name: value };
    break;
  }
  if (!target && namespace) target = { kind: "Namespace", name: namespace };

  let container: string | undefined;
  const c = labels["container"];
  if (c && !skip.has("container") && target?.kind === "Pod") {
    if (isDnsLabel(c)) container = c;
    else notes.push(`label container=${show(c)} is not a valid container name: ignored`);
  }
  return { namespace, target, container, notes };
}
