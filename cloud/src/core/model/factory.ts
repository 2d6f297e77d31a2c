/**
 * Building the model stage from configuration: `--model` specs, environment, or a full config object.
 * The provider adapters are imported lazily, only when configured, so the core's static import graph never
 * pulls in an AWS SDK (and the rules-only path loads nothing at all).
 */
import { KubesleuthError, errorMessage } from "../../../../shared/src/index.js";
import type { ModelStage } from "../engine/model-stage.js";
import { DEFAULT_FAST_MODEL, ModelStageConfigSchema, type ModelStageConfig, type ModelStageConfigInput } from "./config.js";
import type { ModelClient } from "./model-client.js";
import { InvestigationModelStage, type ModelLog } from "./stage.js";

type Env = Record<string, string | undefined>;

/**
 * `--model` spec → config. `none`; `bedrock:<id>` or a bare Bedrock id; `openai:<model>` (base URL and key from
 * KUBESLEUTH_OPENAI_BASE_URL / KUBESLEUTH_OPENAI_API_KEY, Azure with KUBESLEUTH_AZURE_OPENAI_API_VERSION).
 * The spec names the reasoning (strong) model; KUBESLEUTH_MODEL_FAST / KUBESLEUTH_MODEL_CHECK override the others.
 */
export function configFromSpec(spec: string, env: Env = process.env): ModelStageConfig {
  const s = spec.trim();
  if (!s) throw new KubesleuthError("CONFIG_INVALID", "--model needs a model id (or none)");
  if (s === "none") return { provider: "none" };
  const m = /^(bedrock|openai):(.+)$/.exec(s);
  const provider = m ? m[1]! : "bedrock";
  const strong = m ? m[2]! : s;
  const fast = env.KUBESLEUTH_MODEL_FAST ?? (provider === "bedrock" ? DEFAULT_FAST_MODEL : strong);
  const models = { strong, fast, check: env.KUBESLEUTH_MODEL_CHECK };
  const input: ModelStageConfigInput = provider === "bedrock"
    ? { provider: "bedrock", region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1", endpoint: env.KUBESLEUTH_BEDROCK_ENDPOINT || undefined, models }
    : {
      provider: "openai", baseUrl: env.KUBESLEUTH_OPENAI_BASE_URL ?? "https://api.openai.com/v1", apiKey: env.KUBESLEUTH_OPENAI_API_KEY ?? env.OPENAI_API_KEY,
      azureApiVersion: env.KUBESLEUTH_AZURE_OPENAI_API_VERSION || undefined, models,
    };
  return parseModelConfig(input);
}

export function parseModelConfig(input: unknown): ModelStageConfig {
  const r = ModelStageConfigSchema.safeParse(input);
  if (!r.success) throw new KubesleuthError("CONFIG_INVALID", `model stage configuration: ${errorMessage(r.error)}`, { cause: r.error });
  return r.data;
}

export async function clientFor(config: Exclude<ModelStageConfig, { provider: "none" }>): Promise<ModelClient> {
  if (config.provider === "bedrock") {
    const { createBedrockClient } = await import("../../adapters/bedrock/index.js");
    return createBedrockClient({ region: config.region, endpoint: config.endpoint });
  }
  const { createOpenAiClient } = await import("../../adapters/openai/index.js");
  return createOpenAiClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, azureApiVersion: config.azureApiVersion });
}

/** JSON lines on stderr: usage, retries, fallbacks (never prompt text). */
export const stderrLog: ModelLog = (event, fields) => process.stderr.write(`${JSON.stringify({ level: event === "model.fallback" ? "warn" : "info", event, ...fields })}\n`);

/**
 * The factory the eval/CLI/handlers call. `{ modelId }` is a `--model` spec; `{ config }` a full configuration.
 * Resolves to undefined for `none`: the engine then runs rules-only, exactly as without a stage.
 */
export async function createModelStage(opts: { modelId?: string; config?: unknown; client?: ModelClient; env?: Env; log?: ModelLog }): Promise<ModelStage | undefined> {
  const config = opts.config !== undefined ? parseModelConfig(opts.config) : configFromSpec(opts.modelId ?? "", opts.env);
  if (config.provider === "none") return undefined;
  const client = opts.client ?? (await clientFor(config));
  return new InvestigationModelStage({ client, config, log: opts.log ?? stderrLog });
}
