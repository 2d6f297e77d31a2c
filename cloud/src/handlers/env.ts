/**
 * Lambda configuration, parsed with zod once per container: a missing or malformed variable fails the cold
 * start loudly (CONFIG_INVALID) instead of half-working. The CDK stack sets exactly these names.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_RULESET, parseRules, type RuleSet } from "../core/rules/index.js";
import { K8sNameSchema, KubesleuthError, errorMessage } from "../../../shared/src/index.js";

const json = <T extends z.ZodTypeAny>(schema: T) =>
  z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "not valid JSON" });
      return z.NEVER;
    }
  }).pipe(schema);

/** Region and endpoint override (moto_server / LocalStack; never set in AWS). */
export const awsEnv = {
  AWS_REGION: z.string().min(1).default("us-east-1"),
  AWS_ENDPOINT_URL: z.string().url().optional(),
};

/** The investigation store's tables: every function that reads or writes investigations and feedback. */
export const storeEnv = {
  ALERTS_TABLE: z.string().min(1),
  INVESTIGATIONS_TABLE: z.string().min(1),
  FEEDBACK_TABLE: z.string().min(1),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
};

const common = {
  ...awsEnv,
  ...storeEnv,
  RESULTS_TABLE: z.string().min(1),
  INVESTIGATIONS_QUEUE_URL: z.string().min(1),
  /** Rule file text (YAML), or a path to one (the stack ships it inside the bundle); built-in defaults when neither is set. */
  RULES_YAML: z.string().optional(),
  RULES_FILE: z.string().optional(),
};

export const IntakeEnvSchema = z.object({
  ...common,
  IDEMPOTENCY_TABLE: z.string().min(1),
  WEBHOOK_TOKEN_SECRET_ARN: z.string().min(1),
  /** Which Authorization schemes are accepted. */
  ALERT_AUTH_MODE: z.enum(["bearer", "basic", "any"]).default("any"),
  CLUSTER_LABEL: z.string().min(1).default("cluster"),
  DEFAULT_CLUSTER: K8sNameSchema,
});
export type IntakeEnv = z.infer<typeof IntakeEnvSchema>;

export const InvestigateEnvSchema = z.object({
  ...common,
  /** {"<clusterId>": "<command queue URL>"} */
  COMMAND_QUEUES: json(z.record(z.string().min(1), z.string().min(1))),
  SLACK_CHANNEL: z.string().optional(),
  SLACK_BOT_TOKEN_SECRET_ARN: z.string().optional(),
  /** Slack Web API base URL override (tests). */
  SLACK_API_URL: z.string().url().optional(),
  /** {"fast": "...", "strong": "..."}: Bedrock model ids; empty = rules only. */
  MODEL_IDS: json(z.record(z.string(), z.string())).optional(),
});
export type InvestigateEnv = z.infer<typeof InvestigateEnvSchema>;

export const CollectorEnvSchema = z.object({
  AWS_REGION: common.AWS_REGION,
  AWS_ENDPOINT_URL: common.AWS_ENDPOINT_URL,
  RESULTS_TABLE: z.string().min(1),
  RESULTS_TTL_SECONDS: z.coerce.number().int().min(60).default(86400),
});
export type CollectorEnv = z.infer<typeof CollectorEnvSchema>;

export function parseEnv<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new KubesleuthError("CONFIG_INVALID", `Lambda environment invalid: ${errorMessage(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}

/** The rule set from RULES_YAML or RULES_FILE, else the built-in defaults. Errors carry the file and line. */
export function rulesFromEnv(e: { RULES_YAML?: string; RULES_FILE?: string }): RuleSet {
  if (e.RULES_YAML) return parseRules(e.RULES_YAML, "RULES_YAML");
  if (e.RULES_FILE) return parseRules(readFileSync(e.RULES_FILE, "utf8"), e.RULES_FILE);
  return DEFAULT_RULESET;
}

/** Client options for the AWS adapters from the parsed env. */
export function awsOptions(env: { AWS_REGION: string; AWS_ENDPOINT_URL?: string }) {
  return { region: env.AWS_REGION, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
}
