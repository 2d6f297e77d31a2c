import { z } from "zod";
import { K8sNameSchema, KindSchema, KubeObjectSchema, ResourceRefSchema } from "./resource.js";
import { TopologyGraphSchema } from "./topology.js";
import {
  ConfigChangesDataSchema, EventsDataSchema, LogsDataSchema, MetricsDataSchema, RolloutHistoryDataSchema,
} from "./evidence.js";

/**
 * Agent protocol: commands the investigation sends to the in-cluster agent, and its results.
 * Only these read-only kinds exist; anything else is rejected on both ends.
 * One command / one result = one SQS message (1 MiB cap, see MAX_MESSAGE_BYTES).
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Results are capped well below the SQS limit to leave room for the envelope and attributes. */
export const MAX_RESULT_BYTES = 900 * 1024;
export const TRUNCATION_MARKER = "…[truncated by kubesleuth: evidence exceeded the size cap]";

const SelectorSchema = z.string().max(1024);

export const COMMAND_KINDS = [
  "topology.discover", "resource.get", "resource.list", "logs.read", "events.list", "metrics.read", "rollout.history", "config.changes",
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

const envelope = {
  /** Unique per command; results carry it for correlation; the agent answers a duplicate id once. */
  id: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/),
  clusterId: z.string().min(1).max(128),
  investigationId: z.string().max(128).optional(),
  /** RFC 3339. The agent drops commands past their deadline and answers DEADLINE_EXCEEDED. */
  deadline: z.string().datetime({ offset: true }),
};

export const TopologyDiscoverParams = z.object({
  target: ResourceRefSchema,
  /** Cap on sibling pods read in full (the rest are summarized). */
  maxPods: z.number().int().min(1).max(50).default(10),
});
export const ResourceGetParams = z.object({ ref: ResourceRefSchema });
export const ResourceListParams = z.object({
  kind: KindSchema,
  namespace: K8sNameSchema.optional(),
  labelSelector: SelectorSchema.optional(),
  fieldSelector: SelectorSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const LogsReadParams = z.object({
  namespace: K8sNameSchema,
  pod: K8sNameSchema,
  container: K8sNameSchema.optional(),
  previous: z.boolean().default(false),
  tailLines: z.number().int().min(1).max(5000).default(200),
  limitBytes: z.number().int().min(1024).max(512 * 1024).default(64 * 1024),
  sinceSeconds: z.number().int().positive().optional(),
});
export const EventsListParams = z.object({
  namespace: K8sNameSchema.optional(),
  involvedObject: z.object({ kind: KindSchema.optional(), name: K8sNameSchema, uid: z.string().optional() }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const MetricsReadParams = z.object({
  kind: z.enum(["Pod", "Node"]),
  namespace: K8sNameSchema.optional(),
  name: K8sNameSchema.optional(),
  labelSelector: SelectorSchema.optional(),
});
export const RolloutHistoryParams = z.object({
  ref: ResourceRefSchema.refine((r) => ["Deployment", "StatefulSet", "DaemonSet"].includes(r.kind), "rollout history needs a Deployment, StatefulSet or DaemonSet"),
});
export const ConfigChangesParams = z.object({
  refs: z.array(ResourceRefSchema.refine((r) => r.kind === "ConfigMap" || r.kind === "Secret", "config.changes reads ConfigMaps and Secrets")).max(50),
});

export const AgentCommandSchema = z.discriminatedUnion("kind", [
  z.object({ ...envelope, kind: z.literal("topology.discover"), params: TopologyDiscoverParams }),
  z.object({ ...envelope, kind: z.literal("resource.get"), params: ResourceGetParams }),
  z.object({ ...envelope, kind: z.literal("resource.list"), params: ResourceListParams }),
  z.object({ ...envelope, kind: z.literal("logs.read"), params: LogsReadParams }),
  z.object({ ...envelope, kind: z.literal("events.list"), params: EventsListParams }),
  z.object({ ...envelope, kind: z.literal("metrics.read"), params: MetricsReadParams }),
  z.object({ ...envelope, kind: z.literal("rollout.history"), params: RolloutHistoryParams }),
  z.object({ ...envelope, kind: z.literal("config.changes"), params: ConfigChangesParams }),
]);
export type AgentCommand = z.infer<typeof AgentCommandSchema>;
/** What callers build: defaults (tailLines, limit, ...) may be omitted. */
export type AgentCommandInput = z.input<typeof AgentCommandSchema>;
export type CommandOf<K extends CommandKind> = Extract<AgentCommand, { kind: K }>;

export const RESULT_DATA_SCHEMAS = {
  "topology.discover": TopologyGraphSchema,
  "resource.get": z.object({ object: KubeObjectSchema }),
  "resource.list": z.object({ items: z.array(KubeObjectSchema), continue: z.string().optional() }),
  "logs.read": LogsDataSchema,
  "events.list": EventsDataSchema,
  "metrics.read": MetricsDataSchema,
  "rollout.history": RolloutHistoryDataSchema,
  "config.changes": ConfigChangesDataSchema,
} as const;
export type ResultData<K extends CommandKind> = z.infer<(typeof RESULT_DATA_SCHEMAS)[K]>;

export const AGENT_ERROR_CODES = [
  "INVALID_COMMAND", // failed validation (unknown kind, bad params): never executed
  "DEADLINE_EXCEEDED", // received after its deadline: dropped
  "FORBIDDEN", // the API server said 403 (RBAC)
  "NOT_FOUND", // the object does not exist
  "API_ERROR", // 5xx, timeouts, connection errors talking to the API server
  "TOO_LARGE", // could not fit one message even after truncation
  "INTERNAL",
] as const;
export const AgentErrorCodeSchema = z.enum(AGENT_ERROR_CODES);
export type AgentErrorCode = z.infer<typeof AgentErrorCodeSchema>;

const resultEnvelope = {
  commandId: z.string().max(128),
  clusterId: z.string().max(128),
  investigationId: z.string().max(128).optional(),
  /** Equivalent kubectl commands, for the evidence trail. */
  kubectl: z.array(z.string()),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Kubernetes API requests this command cost. */
  apiRequests: z.number().int().nonnegative(),
};

export const AgentResultSchema = z.union([
  z.object({
    ...resultEnvelope,
    ok: z.literal(true),
    kind: z.enum(COMMAND_KINDS),
    data: z.unknown(),
    /** Set when evidence was cut to fit; the cut text carries TRUNCATION_MARKER. */
    truncated: z.boolean().default(false),
    warnings: z.array(z.string()).default([]),
  }),
  z.object({
    ...resultEnvelope,
    ok: z.literal(false),
    /** May be "unknown" when the command itself could not be parsed. */
    kind: z.string(),
    error: z.object({ code: AgentErrorCodeSchema, message: z.string().max(4000) }),
  }),
]);
export type AgentResult = z.infer<typeof AgentResultSchema>;
export type AgentOkResult<K extends CommandKind = CommandKind> = Extract<AgentResult, { ok: true }> & { kind: K; data: ResultData<K> };
export type AgentErrorResult = Extract<AgentResult, { ok: false }>;

/** Validate an ok result's payload against its kind's schema. Throws a ZodError on mismatch. */
export function parseResultData<K extends CommandKind>(kind: K, data: unknown): ResultData<K> {
  return RESULT_DATA_SCHEMAS[kind].parse(data) as ResultData<K>;
}
