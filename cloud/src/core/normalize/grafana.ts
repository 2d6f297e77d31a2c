/**
 * Grafana unified alerting webhook contact point, payload version "1"
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/).
 * Same shape as Alertmanager's plus Grafana extras (orgId, title, state, message, per-alert dashboard/panel/silence URLs, values).
 */
import { z } from "zod";
import { KubesleuthError } from "../../../../shared/src/index.js";
import {
  MAX_ALERTS_PER_BODY, MAX_ANNOTATION_VALUE, MAX_LABEL_VALUE, finishAlert, isoTime, jsonBody, parseOrBadRequest, safeRecord, truncate,
  type NormalizeOptions, type NormalizedBatch,
} from "./common.js";

const StringMap = z.record(z.string(), z.string());

const GrafanaAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: StringMap,
  annotations: StringMap.nullish(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()).nullish(),
  valueString: z.string().optional(),
});

export const GrafanaWebhookSchema = z.object({
  version: z.literal("1", { error: 'expected "1" (Grafana webhook payload version)' }),
  receiver: z.string(),
  status: z.enum(["firing", "resolved"]),
  orgId: z.number().int().optional(),
  alerts: z.array(GrafanaAlertSchema).max(MAX_ALERTS_PER_BODY),
  groupLabels: StringMap.nullish(),
  commonLabels: StringMap.nullish(),
  commonAnnotations: StringMap.nullish(),
  externalURL: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});

const WHAT = "grafana webhook";

export function normalizeGrafana(body: unknown, opts: NormalizeOptions): NormalizedBatch {
  const p = parseOrBadRequest(GrafanaWebhookSchema, jsonBody(body, WHAT), WHAT);
  const notes: string[] = [];
  const group = {
    receiver: p.receiver,
    status: p.status,
    groupKey: p.groupKey || undefined,
    groupLabels: safeRecord(p.groupLabels ?? undefined, MAX_LABEL_VALUE, notes, "groupLabels"),
    commonLabels: safeRecord(p.commonLabels ?? undefined, MAX_LABEL_VALUE, notes, "commonLabels"),
    commonAnnotations: safeRecord(p.commonAnnotations ?? undefined, MAX_ANNOTATION_VALUE, notes, "commonAnnotations"),
    externalURL: p.externalURL,
    truncatedAlerts: p.truncatedAlerts ?? 0,
    title: p.title ? truncate(p.title, 1000) : undefined,
    message: p.message ? truncate(p.message, 16000) : undefined,
  };
  if (group.truncatedAlerts > 0) notes.push(`Grafana truncated ${group.truncatedAlerts} alert(s) from this notification`);
  const alerts = p.alerts.map((a, i) => {
    const where = `${WHAT}: alerts[${i}]`;
    const alertNotes: string[] = [];
    const labels = safeRecord(a.labels, MAX_LABEL_VALUE, alertNotes, "labels");
    const annotations = safeRecord(a.annotations ?? undefined, MAX_ANNOTATION_VALUE, alertNotes, "annotations");
    const startsAt = isoTime(a.startsAt, `alerts[${i}].startsAt`, WHAT);
    if (!startsAt) throw new KubesleuthError("BAD_REQUEST", `${where}.startsAt: required`);
    // Query values at evaluation time are evidence worth keeping ("B=97.3").
    const values = a.values ? Object.entries(a.values).map(([k, v]) => `${k}=${v ?? "null"}`).join(", ") : a.valueString;
    if (values) annotations["grafana_values"] = truncate(values, MAX_ANNOTATION_VALUE);
    const links = [
      { title: "Grafana alert rule", url: a.generatorURL ?? "" },
      { title: "Dashboard", url: a.dashboardURL ?? "" },
      { title: "Panel", url: a.panelURL ?? "" },
      { title: "Silence", url: a.silenceURL ?? "" },
      { title: "Runbook", url: annotations["runbook_url"] ?? "" },
    ];
    return finishAlert({
      source: "grafana",
      groupKey: p.groupKey || undefined,
      status: a.status,
      labels,
      annotations,
      startsAt,
      endsAt: a.status === "resolved" ? isoTime(a.endsAt, `alerts[${i}].endsAt`, WHAT) : undefined,
      links,
      summary: annotations["summary"],
      description: annotations["description"],
      notes: alertNotes,
    }, opts, where);
  });
  return { source: "grafana", alerts, group, notes };
}
