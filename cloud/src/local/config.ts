/**
 * Configuration of the local server: flags override environment variables, validated with zod at the edge.
 * A missing token is generated once and kept in the data dir (0600), so Alertmanager's receiver config keeps
 * working across restarts without the token ever being printed in full.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";

export const DEFAULT_PORT = 7710;

const portSchema = z.coerce.number().int().min(0).max(65535);

export const LocalConfigSchema = z.object({
  port: portSchema.default(DEFAULT_PORT),
  host: z.string().min(1).default("127.0.0.1"),
  /** Webhook token(s) (comma-separated for rotation); the first one also guards the portal. */
  tokens: z.array(z.string().min(16, "tokens must be at least 16 characters")).default([]),
  dataDir: z.string().min(1),
  rulesFile: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  /** Cluster id alerts default to (when they carry no cluster label). Default: the kubeconfig context name. */
  clusterId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, "cluster id: letters, digits, . _ : -").optional(),
  clusterLabel: z.string().min(1).default("cluster"),
  agent: z.enum(["in-process", "external"]).default("in-process"),
  concurrency: z.coerce.number().int().min(1).max(32).default(4),
  slackToken: z.string().regex(/^xox[bp]-/, "Slack token must be a bot token (xoxb-...)").optional(),
  slackChannel: z.string().min(1).optional(),
  /** Enables POST /slack/interactions (feedback buttons); from the Slack app's Basic Information page. */
  slackSigningSecret: z.string().min(8).optional(),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Base URL the portal is reached at, for links in Slack and the terminal. */
  publicUrl: z.string().url().optional(),
}).refine((c) => !c.slackToken || !!c.slackChannel, { message: "SLACK_CHANNEL is required when SLACK_BOT_TOKEN is set", path: ["slackChannel"] });
export type LocalConfig = z.infer<typeof LocalConfigSchema>;

/** Flags as parsed by node:util parseArgs (all strings). */
export interface ConfigFlags {
  port?: string; host?: string; token?: string; "data-dir"?: string; rules?: string; kubeconfig?: string; context?: string;
  "cluster-id"?: string; agent?: string; concurrency?: string; "log-level"?: string; "public-url"?: string;
}

export const ENV_HELP = `Environment (flags win):
  KUBESLEUTH_PORT, KUBESLEUTH_HOST       listen address (default 127.0.0.1:${DEFAULT_PORT})
  KUBESLEUTH_TOKEN                       webhook + portal token (comma-separated to rotate); generated into the data dir if unset
  KUBESLEUTH_DATA_DIR                    store and token location (default ~/.kubesleuth)
  KUBESLEUTH_RULES                       rule file (docs/rules.md)
  KUBECONFIG, KUBESLEUTH_CONTEXT         cluster to investigate (default: current context)
  KUBESLEUTH_CLUSTER_ID                  cluster id for alerts without a cluster label (default: context name)
  KUBESLEUTH_CLUSTER_LABEL               alert label naming the cluster (default cluster)
  KUBESLEUTH_AGENT                       in-process (default) | external (npx kubesleuth agent)
  KUBESLEUTH_CONCURRENCY                 investigations run at once (default 4)
  SLACK_BOT_TOKEN, SLACK_CHANNEL         post diagnoses to Slack
  SLACK_SIGNING_SECRET                   accept Slack's feedback buttons on POST /slack/interactions (docs/slack.md)
  KUBESLEUTH_LOG_LEVEL                   debug | info | warn | error
  KUBESLEUTH_PUBLIC_URL                  URL of the portal as others reach it (links)`;

const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const tokenText = nonEmpty(flags.token) ?? nonEmpty(env.KUBESLEUTH_TOKEN);
  const raw = {
    port: nonEmpty(flags.port) ?? nonEmpty(env.KUBESLEUTH_PORT),
    host: nonEmpty(flags.host) ?? nonEmpty(env.KUBESLEUTH_HOST),
    tokens: tokenText ? tokenText.split(",").map((t) => t.trim()).filter(Boolean) : undefined,
    dataDir: resolve(nonEmpty(flags["data-dir"]) ?? nonEmpty(env.KUBESLEUTH_DATA_DIR) ?? join(homedir(), ".kubesleuth")),
    rulesFile: nonEmpty(flags.rules) ?? nonEmpty(env.KUBESLEUTH_RULES),
    kubeconfig: nonEmpty(flags.kubeconfig) ?? nonEmpty(env.KUBECONFIG),
    context: nonEmpty(flags.context) ?? nonEmpty(env.KUBESLEUTH_CONTEXT),
    clusterId: nonEmpty(flags["cluster-id"]) ?? nonEmpty(env.KUBESLEUTH_CLUSTER_ID),
    clusterLabel: nonEmpty(env.KUBESLEUTH_CLUSTER_LABEL),
    agent: nonEmpty(flags.agent) ?? nonEmpty(env.KUBESLEUTH_AGENT),
    concurrency: nonEmpty(flags.concurrency) ?? nonEmpty(env.KUBESLEUTH_CONCURRENCY),
    slackToken: nonEmpty(env.SLACK_BOT_TOKEN),
    slackChannel: nonEmpty(env.SLACK_CHANNEL),
    slackSigningSecret: nonEmpty(env.SLACK_SIGNING_SECRET),
    logLevel: nonEmpty(flags["log-level"]) ?? nonEmpty(env.KUBESLEUTH_LOG_LEVEL),
    publicUrl: nonEmpty(flags["public-url"]) ?? nonEmpty(env.KUBESLEUTH_PUBLIC_URL),
  };
  const parsed = LocalConfigSchema.safeParse(raw);
  if (!parsed.success) throw new KubesleuthError("CONFIG_INVALID", `configuration: ${errorMessage(parsed.error)}`);
  return parsed.data;
}

/** The configured tokens, or the one kept in the data dir (created on first start). */
export async function ensureTokens(config: LocalConfig): Promise<{ tokens: string[]; generated: boolean; file?: string }> {
  if (config.tokens.length) return { tokens: config.tokens, generated: false };
  const file = join(config.dataDir, "token");
  try {
    const t = (await readFile(file, "utf8")).trim();
    if (t.length >= 16) return { tokens: [t], generated: false, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new KubesleuthError("CONFIG_INVALID", `cannot read ${file}: ${errorMessage(e)}`, { cause: e });
  }
  const t = randomBytes(24).toString("base64url");
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, t + "\n", { mode: 0o600 });
  return { tokens: [t], generated: true, file };
}
