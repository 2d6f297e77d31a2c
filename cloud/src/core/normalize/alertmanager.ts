/**
 * Prometheus Alertmanager webhook, payload version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). Unknown fields are tolerated.
 */
import { z } from "zod";
import { KubesleuthError } from "../../../../shared/src/index.js";
import {
  MAX_ALERTS_PER_BODY, MAX_ANNOTATION_VALUE, MAX_LABEL_VALUE, finishAlert, isoTime, jsonBody, parseOrBadRequest, safeRecord,
  type NormalizeOptions, type NormalizedBatch,
} from "./common.js";

const StringMap = z.record(z.string(), z.string());

const AmAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: StringMap,
  annotations: StringMap.optional(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const AlertmanagerWebhookSchema = z.object({
  version: z.literal("4", { error: 'expected "4" (Alertmanager webhook payload version)' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: StringMap.optional(),
  commonLabels: StringMap.optional(),
  commonAnnotations: StringMap.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(AmAlertSchema).max(MAX_ALERTS_PER_BODY),
});

const WHAT = "alertmanager webhook";

export function normalizeAlertmanager(body: unknown, opts: NormalizeOptions): NormalizedBatch {
  const p = parseOrBadRequest(AlertmanagerWebhookSchema, jsonBody(body, WHAT), WHAT);
  const notes: string[] = [];
  const group = {
    receiver: p.receiver,
    status: p.status,
    groupKey: p.groupKey,
    groupLabels: safeRecord(p.groupLabels, MAX_LABEL_VALUE, notes, "groupLabels"),
    commonLabels: safeRecord(p.commonLabels, MAX_LABEL_VALUE, notes, "commonLabels"),
    commonAnnotations: safeRecord(p.commonAnnotations, MAX_ANNOTATION_VALUE, notes, "commonAnnotations"),
    externalURL: p.externalURL,
    truncatedAlerts: p.truncatedAlerts ?? 0,
  };
  if (group.truncatedAlerts > 0) {
    notes.push(`Alertmanager truncated ${group.truncatedAlerts} alert(s) from this group (receiver max_alerts): only ${p.alerts.length} received`);
  }
  const alerts = p.alerts.map((a, i) => {
    const where = `${WHAT}: alerts[${i}]`;
    const alertNotes: string[] = [];
    const labels = safeRecord(a.labels, MAX_LABEL_VALUE, alertNotes, "labels");
    const annotations = safeRecord(a.annotations, MAX_ANNOTATION_VALUE, alertNotes, "annotations");
    const startsAt = isoTime(a.startsAt, `alerts[${i}].startsAt`, WHAT);
    if (!startsAt) throw new KubesleuthError("BAD_REQUEST", `${where}.startsAt: required`);
    const links = [];
    if (a.generatorURL) links.push({ title: "Prometheus", url: a.generatorURL });
    if (p.externalURL) links.push({ title: "Alertmanager", url: p.externalURL });
    if (annotations["runbook_url"]) links.push({ title: "Runbook", url: annotations["runbook_url"] });
    return finishAlert({
      source: "alertmanager",
      fingerprint: a.fingerprint || undefined,
      groupKey: p.groupKey,
      status: a.status,
      labels,
      annotations,
      startsAt,
      endsAt: a.status === "resolved" ? isoTime(a.endsAt, `alerts[${i}].endsAt`, WHAT) : undefined,
      links,
      summary: annotations["summary"] ?? annotations["message"],
      description: annotations["description"],
      notes: alertNotes,
    }, opts, where);
  });
  return { source: "alertmanager", alerts, group, notes };
}
