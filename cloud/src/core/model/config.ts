/**
 * Configuration of the model stage (zod, parsed at the edge). One provider per deployment; one model per
 * sub-stage: a fast one for log triage, a strong one for root-cause reasoning with tools, and one for the
 * remediation check. Every value has a default; every default is overridable.
 */
import { z } from "zod";

/** Bedrock cross-region inference profiles (Claude 4.5 models are only invocable through profiles). */
export const DEFAULT_FAST_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
export const DEFAULT_STRONG_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

export const BudgetSchema = z.object({
  /** Tool calls (agent reads) the reasoning model may make per investigation. */
  maxToolCalls: z.number().int().min(0).max(30).default(6),
  /** Reasoning turns (model calls) before it must answer. */
  maxTurns: z.number().int().min(1).max(20).default(8),
  /** Input + output tokens across every model call of one investigation. */
  maxTokens: z.number().int().min(1_000).max(2_000_000).default(120_000),
  /** Wall-clock budget of the whole stage; the engine's own deadline cuts earlier when shorter. */
  timeoutMs: z.number().int().min(100).max(600_000).default(45_000),
  /** Output tokens per call. */
  maxOutputTokens: z.number().int().min(64).max(16_000).default(1_500),
  /** Per agent read requested by the model. */
  toolTimeoutMs: z.number().int().min(100).max(60_000).default(15_000),
  /** Retries of a throttled / unavailable call (exponential backoff with jitter, within the deadline). */
  retries: z.number().int().min(0).max(8).default(3),
  retryBaseMs: z.number().int().min(1).max(10_000).default(400),
});
export type ModelBudget = z.infer<typeof BudgetSchema>;

export const ModelsSchema = z.object({
  /** Log triage and summarization. */
  fast: z.string().min(1).default(DEFAULT_FAST_MODEL),
  /** Root-cause reasoning over the deterministic candidates, with tools. */
  strong: z.string().min(1).default(DEFAULT_STRONG_MODEL),
  /** Review of the remediation commands (defaults to the fast model). */
  check: z.string().min(1).optional(),
});

const common = { models: ModelsSchema.prefault({}), budget: BudgetSchema.prefault({}), triage: z.boolean().default(true), remediationCheck: z.boolean().default(true) };

export const ModelStageConfigSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("none") }),
  z.object({
    provider: z.literal("bedrock"),
    region: z.string().min(1).default("us-east-1"),
    /** VPC endpoint or a test server. */
    endpoint: z.url().optional(),
    ...common,
  }),
  z.object({
    provider: z.literal("openai"),
    /** `https://api.openai.com/v1`, `http://vllm:8000/v1`, `http://ollama:11434/v1`, or the Azure resource URL. */
    baseUrl: z.url(),
    /** Read from the environment / secret store by the caller; never logged. */
    apiKey: z.string().optional(),
    azureApiVersion: z.string().optional(),
    ...common,
  }),
]);
export type ModelStageConfig = z.infer<typeof ModelStageConfigSchema>;
export type ModelStageConfigInput = z.input<typeof ModelStageConfigSchema>;
export type ActiveModelConfig = Exclude<ModelStageConfig, { provider: "none" }>;
