/**
 * Datadog webhook (Integrations → Webhooks) with the custom payload documented in docs/rules.md.
 * Datadog has no fixed webhook schema: the user pastes our template, Datadog fills in its $VARIABLES.
 */
import { z } from "zod";
import { KubesleuthError } from "../../../../shared/src/index.js";
import {
  MAX_ANNOTATION_VALUE, MAX_LABEL_VALUE, emptyGroup, finishAlert, isoTime, jsonBody, labelFingerprint, parseOrBadRequest, safeRecord, truncate,
  type NormalizeOptions, type NormalizedBatch,
} from "./common.js";

const Str = z.union([z.string(), z.number()]).transform(String);

export const DatadogWebhookSchema = z.object({
  id: Str,                          // $ID: event id
  title: z.string(),                // $EVENT_TITLE
  transition: z.string(),           // $ALERT_TRANSITION: Triggered, Re-Triggered, Recovered, Warn, No Data, Renotify...
  alertId: Str,                     // $ALERT_ID: monitor id
  tags: z.string(),                 // $TAGS: "kube_namespace:x,pod_name:y,..."
  date: Str,                        // $DATE: epoch milliseconds
  alertTitle: z.string().optional(),   // $ALERT_TITLE
  alertStatus: z.string().optional(),  // $ALERT_STATUS
  alertType: z.string().optional(),    // $ALERT_TYPE: error, warning, success, info
  priority: z.string().optional(),     // $ALERT_PRIORITY
  aggregKey: z.string().optional(),    // $AGGREG_KEY
  cycleKey: z.string().optional(),     // $ALERT_CYCLE_KEY
  scope: z.string().optional(),        // $ALERT_SCOPE
  link: z.string().optional(),         // $LINK
  body: z.string().optional(),         // $EVENT_MSG
  orgId: Str.optional(),               // $ORG_ID
});

/** Datadog Kubernetes tag → kube-prometheus-stack label name. */
const TAG_MAP: Record<string, string> = {
  kube_namespace: "namespace",
  pod_name: "pod",
  kube_container_name: "container",
  kube_deployment: "deployment",
  kube_stateful_set: "statefulset",
  kube_daemon_set: "daemonset",
  kube_job: "job_name",
  kube_cronjob: "cronjob",
  kube_service: "service",
  kube_ingress: "ingress",
  kube_node: "node",
  persistentvolumeclaim: "persistentvolumeclaim",
  kube_hpa: "horizontalpodautoscaler",
};
/** Label names with a Kubernetes meaning: a raw Datadog tag of that name (e.g. unified `service:`) is kept as dd_<name>. */
const RESERVED = new Set(["namespace", "pod", "container", "deployment", "statefulset", "daemonset", "job_name", "cronjob",
  "service", "ingress", "node", "horizontalpodautoscaler", "alertname", "severity", "monitor_id"]);

const RESOLVED = /^(recovered|resolved|ok)$/i;
const WHAT = "datadog webhook";

export function tagsToLabels(tags: string, clusterLabel: string): Record<string, string> {
  // Null-prototype maps: tag keys like "constructor" or "__proto__" must stay plain data.
  const mapped: Record<string, string> = Object.create(null);
  const raw: Record<string, string> = Object.create(null);
  for (const part of tags.split(",")) {
    const tag = part.trim();
    if (!tag) continue;
    const i = tag.indexOf(":");
    const key = i < 0 ? tag : tag.slice(0, i);
    const value = i < 0 ? "" : tag.slice(i + 1);
    if (!key) continue;
    const canonical = key === "kube_cluster_name" ? clusterLabel : Object.hasOwn(TAG_MAP, key) ? TAG_MAP[key] : undefined;
    if (canonical && !(canonical in mapped)) mapped[canonical] = value;
    const rawKey = RESERVED.has(key) || key === clusterLabel ? `dd_${key}` : key;
    if (!(rawKey in raw)) raw[rawKey] = value;
  }
  return { ...raw, ...mapped };
}

export function normalizeDatadog(body: unknown, opts: NormalizeOptions): NormalizedBatch {
  const p = parseOrBadRequest(DatadogWebhookSchema, jsonBody(body, WHAT), WHAT);
  const notes: string[] = [];
  const alertNotes: string[] = [];
  const status = RESOLVED.test(p.transition.trim()) ? "resolved" : "firing";
  if (/no data/i.test(p.transition)) alertNotes.push(`Datadog transition "${truncate(p.transition, 40)}": the metric stopped reporting`);
  const alertname = (p.alertTitle?.trim() || p.title.replace(/^\s*\[[^\]]*\]\s*/, "").trim() || `datadog-monitor-${p.alertId}`);
  const stable = safeRecord(
    { ...tagsToLabels(p.tags, opts.clusterLabel || "cluster"), alertname: truncate(alertname, 256), monitor_id: p.alertId },
    MAX_LABEL_VALUE, alertNotes, "labels",
  );
  // Severity changes between Triggered (error) and Recovered (success): keep it out of the fingerprint.
  const fingerprint = labelFingerprint("datadog", stable);
  const severity = p.alertType === "error" ? "critical" : p.alertType === "warning" ? "warning" : undefined;
  const labels = { ...stable };
  if (severity && !labels["severity"]) labels["severity"] = severity;
  const annotations = safeRecord({
    ...(p.alertStatus ? { alert_status: p.alertStatus } : {}),
    ...(p.body ? { description: p.body } : {}),
    ...(p.priority ? { priority: p.priority } : {}),
    ...(p.scope ? { scope: p.scope } : {}),
    ...(p.cycleKey ? { alert_cycle_key: p.cycleKey } : {}),
    transition: p.transition,
    event_id: p.id,
    title: p.title,
  }, MAX_ANNOTATION_VALUE, alertNotes, "annotations");
  const startsAt = isoTime(p.date, "date", WHAT);
  if (!startsAt) throw new KubesleuthError("BAD_REQUEST", `${WHAT}: date: required`);
  const alert = finishAlert({
    source: "datadog",
    fingerprint,
    groupKey: p.aggregKey ? `datadog:${p.aggregKey}` : undefined,
    status,
    alertname,
    labels,
    annotations,
    startsAt,
    endsAt: status === "resolved" ? startsAt : undefined,
    links: [{ title: "Datadog event", url: p.link ?? "" }],
    summary: p.alertStatus ?? p.title,
    description: p.body,
    notes: alertNotes,
  }, opts, WHAT);
  return { source: "datadog", alerts: [alert], group: { ...emptyGroup(), groupKey: alert.groupKey, status, title: truncate(p.title, 1000) }, notes };
}
