import { z } from "zod";
import { ResourceRefSchema } from "./resource.js";

/** Payloads of the evidence commands (see protocol.ts). */

export const LogsDataSchema = z.object({
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  previous: z.boolean(),
  text: z.string(),
  /** True when the byte/line cap cut the log (the text then starts with a marker line). */
  truncated: z.boolean(),
});
export type LogsData = z.infer<typeof LogsDataSchema>;

export const EventSummarySchema = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().int().nonnegative(),
  firstTimestamp: z.string().optional(),
  lastTimestamp: z.string().optional(),
  involvedObject: ResourceRefSchema.extend({ uid: z.string().optional(), fieldPath: z.string().optional() }),
  source: z.string().optional(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;
export const EventsDataSchema = z.object({ events: z.array(EventSummarySchema) });
export type EventsData = z.infer<typeof EventsDataSchema>;

export const ContainerUsageSchema = z.object({
  name: z.string(),
  cpu: z.string(),
  memory: z.string(),
  cpuMillicores: z.number(),
  memoryBytes: z.number(),
});
export const MetricsItemSchema = z.object({
  kind: z.enum(["Pod", "Node"]),
  namespace: z.string().optional(),
  name: z.string(),
  timestamp: z.string().optional(),
  window: z.string().optional(),
  /** Pods: per container. Nodes: one entry named after the node. */
  containers: z.array(ContainerUsageSchema),
});
export type MetricsItem = z.infer<typeof MetricsItemSchema>;
export const MetricsDataSchema = z.object({
  /** False when metrics.k8s.io is not served by the cluster. */
  available: z.boolean(),
  items: z.array(MetricsItemSchema),
});
export type MetricsData = z.infer<typeof MetricsDataSchema>;

export const FieldChangeSchema = z.object({
  /** e.g. `containers[payments-api].image`, `containers[api].env.DB_POOL_SIZE`, `containers[api].resources.limits.memory` */
  path: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

export const RevisionSchema = z.object({
  revision: z.number().int(),
  /** ReplicaSet (or ControllerRevision) name */
  name: z.string(),
  createdAt: z.string().optional(),
  images: z.array(z.string()),
  replicas: z.number().int().optional(),
  readyReplicas: z.number().int().optional(),
  changeCause: z.string().optional(),
  /** pod-template-hash for ReplicaSets */
  templateHash: z.string().optional(),
});
export type Revision = z.infer<typeof RevisionSchema>;
export const RolloutHistoryDataSchema = z.object({
  workload: ResourceRefSchema,
  /** Oldest first. */
  revisions: z.array(RevisionSchema),
  /** Pod-template diff between consecutive revisions (`from` = older). */
  diffs: z.array(z.object({ fromRevision: z.number().int(), toRevision: z.number().int(), changes: z.array(FieldChangeSchema) })),
});
export type RolloutHistoryData = z.infer<typeof RolloutHistoryDataSchema>;

export const ConfigChangeSchema = z.object({
  ref: ResourceRefSchema,
  exists: z.boolean(),
  /** Latest managedFields time (or creationTimestamp) — when the object last changed. */
  lastChangedAt: z.string().optional(),
  manager: z.string().optional(),
  /** Keys present (for Secrets: keys only, never values). */
  keys: z.array(z.string()),
  /** ConfigMap data diff against the version the agent saw earlier, when it has one. */
  dataDiff: z.array(z.object({ key: z.string(), before: z.string().optional(), after: z.string().optional() })).optional(),
});
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;
export const ConfigChangesDataSchema = z.object({ changes: z.array(ConfigChangeSchema) });
export type ConfigChangesData = z.infer<typeof ConfigChangesDataSchema>;
