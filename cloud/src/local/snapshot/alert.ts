/**
 * The Alertmanager v4 webhook a snapshot carries when no real alert is given: labels as kube-prometheus-stack
 * rules name the target kind, so replaying it resolves the same target.
 */
import { createHash } from "node:crypto";
import type { ResourceRef } from "../../../../shared/src/index.js";

const LABEL_OF: Record<string, string> = {
  Pod: "pod", Deployment: "deployment", StatefulSet: "statefulset", DaemonSet: "daemonset", Job: "job_name", CronJob: "cronjob",
  HorizontalPodAutoscaler: "horizontalpodautoscaler", PersistentVolumeClaim: "persistentvolumeclaim", Node: "node", Service: "service",
  Ingress: "ingress", ReplicaSet: "replicaset",
};
export const SNAPSHOT_KINDS = [...Object.keys(LABEL_OF), "Namespace"];

export function synthesizeAlert(target: ResourceRef, opts: { alertname: string; cluster?: string; startsAt: string }): unknown {
  const labels: Record<string, string> = { alertname: opts.alertname, severity: "warning" };
  if (opts.cluster) labels.cluster = opts.cluster;
  if (target.namespace) labels.namespace = target.namespace;
  if (target.kind === "Namespace") labels.namespace = target.name;
  else labels[LABEL_OF[target.kind]!] = target.name;
  const sorted = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join("\u0000");
  const fingerprint = createHash("sha256").update(sorted).digest("hex").slice(0, 16);
  const alert = {
    status: "firing", labels,
    annotations: { summary: `kubesleuth snapshot of ${target.kind.toLowerCase()}/${target.name}` },
    startsAt: opts.startsAt, endsAt: "0001-01-01T00:00:00Z", generatorURL: "", fingerprint,
  };
  return {
    receiver: "kubesleuth", status: "firing", alerts: [alert],
    groupLabels: { alertname: opts.alertname }, commonLabels: labels, commonAnnotations: alert.annotations,
    externalURL: "", version: "4", groupKey: `{}:{alertname="${opts.alertname}"}`, truncatedAlerts: 0,
  };
}
