import { z } from "zod";
import { ResourceRefSchema } from "./resource.js";

export const ALERT_SOURCES = ["alertmanager", "grafana", "datadog", "cloudwatch"] as const;
export const AlertSourceSchema = z.enum(ALERT_SOURCES);
export type AlertSource = z.infer<typeof AlertSourceSchema>;

/**
 * One alert, whatever sent it. A webhook body may carry several (Alertmanager groups):
 * normalizers return one NormalizedAlert per alert plus the group context.
 */
export const NormalizedAlertSchema = z.object({
  source: AlertSourceSchema,
  /** Stable identity of this alert across repeats (Alertmanager fingerprint, or a hash of source+labels). */
  fingerprint: z.string().min(1).max(256),
  /** Alertmanager groupKey (or the source's equivalent), used to attach group updates to one investigation. */
  groupKey: z.string().max(1024).optional(),
  status: z.enum(["firing", "resolved"]),
  alertname: z.string().min(1).max(256),
  severity: z.string().max(64).optional(),
  /** From the configurable cluster label (default `cluster`), else the configured default cluster id. */
  cluster: z.string().min(1).max(128),
  namespace: z.string().max(253).optional(),
  /** The most specific resource the labels name (pod > container's pod > deployment > ... > namespace). */
  target: ResourceRefSchema.optional(),
  /** Container named by the alert, if any. */
  container: z.string().max(253).optional(),
  summary: z.string().max(4000).optional(),
  description: z.string().max(16000).optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  /** Links back to the source (generatorURL, Grafana panel, Datadog event, CloudWatch console). */
  links: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
  receivedAt: z.string(),
  /** What the normalizer noticed and set aside (e.g. a label that is not a valid Kubernetes name), for the report. */
  notes: z.array(z.string().max(1000)).max(50).optional(),
});
export type NormalizedAlert = z.infer<typeof NormalizedAlertSchema>;
