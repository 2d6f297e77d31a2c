/**
 * Agent configuration from the environment (zod at the edge). Names are KUBESLEUTH_* as the Helm chart sets
 * them; the unprefixed names are accepted too. AWS credentials are not configuration: the SDK's default chain
 * (IRSA, Pod Identity, env) supplies them.
 */
import { z } from "zod";
import { KubesleuthError, errorMessage } from "../../shared/src/index.js";

const bool = z.union([z.boolean(), z.enum(["true", "false", "1", "0", ""])]).transform((v) => v === true || v === "true" || v === "1");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const AgentConfigSchema = z.object({
  clusterId: z.string().min(1).max(128),
  commandQueueUrl: z.string().url(),
  resultsQueueUrl: z.string().url(),
  region: z.string().min(1).optional(),
  /** SQS endpoint override (moto, VPC endpoint); AWS_ENDPOINT_URL(_SQS) also works through the SDK. */
  sqsEndpoint: z.string().url().optional(),
  qps: z.coerce.number().positive().max(1000).default(5),
  burst: int(1, 2000).default(10),
  concurrency: int(1, 64).default(4),
  /** Undefined: find out (try once, remember a 403). */
  secretMetadata: bool.optional(),
  waitTimeSeconds: int(0, 20).default(20),
  /** Unset: no listening socket at all. 0: a random port (tests). */
  healthPort: int(0, 65535).optional(),
  healthHost: z.string().default("127.0.0.1"),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Namespaces the agent's Roles cover (Helm rbac.namespaces), when not cluster-wide. */
  namespaces: z.string().optional().transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined)),
  /** Replays only: the clock starts at this instant (a scenario's `now`) and runs at real speed. */
  now: z.string().datetime({ offset: true }).optional(),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

const KEYS: Record<keyof z.input<typeof AgentConfigSchema>, string> = {
  clusterId: "CLUSTER_ID", commandQueueUrl: "COMMAND_QUEUE_URL", resultsQueueUrl: "RESULTS_QUEUE_URL", region: "AWS_REGION",
  sqsEndpoint: "SQS_ENDPOINT", qps: "QPS", burst: "BURST", concurrency: "CONCURRENCY", secretMetadata: "SECRET_METADATA",
  waitTimeSeconds: "WAIT_TIME_SECONDS", healthPort: "HEALTH_PORT", healthHost: "HEALTH_HOST", logLevel: "LOG_LEVEL",
  namespaces: "NAMESPACES", now: "NOW",
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(KEYS)) {
    const v = name.startsWith("AWS_") ? env[name] ?? env.AWS_DEFAULT_REGION : env[`KUBESLEUTH_${name}`] ?? env[name];
    if (v !== undefined && v !== "") raw[key] = v;
  }
  const parsed = AgentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const named = parsed.error.issues.map((i) => `KUBESLEUTH_${KEYS[String(i.path[0]) as keyof typeof KEYS] ?? String(i.path[0])}: ${i.message}`).join("; ");
    throw new KubesleuthError("CONFIG_INVALID", `agent configuration: ${named || errorMessage(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
