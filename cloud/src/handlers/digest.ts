/**
 * Daily digest (EventBridge schedule): investigations of the last 24 h from the store → counts by category,
 * time to diagnosis, accuracy from feedback, noisiest workloads → posted to the Slack channel.
 * A failure throws so EventBridge's retry policy runs it again.
 */
import { z } from "zod";
import { systemClock, type Clock, type InvestigationStore } from "../core/ports.js";
import { dynamoClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { WebApiSlack, type SlackApi } from "../adapters/slack/client.js";
import { postDigest } from "../adapters/slack/digest.js";
import { awsEnv, awsOptions, parseEnv, storeEnv } from "./env.js";
import type { LambdaContext } from "./lambda.js";
import { createLogger } from "./logger.js";
import { SecretReader } from "./secrets.js";

const logger = createLogger("digest");

export const DigestEnvSchema = z.object({
  ...awsEnv,
  ...storeEnv,
  SLACK_CHANNEL: z.string().min(1, "SLACK_CHANNEL is required for the digest"),
  SLACK_BOT_TOKEN_SECRET_ARN: z.string().min(1),
  SLACK_API_URL: z.string().url().optional(),
  DIGEST_WINDOW_HOURS: z.coerce.number().int().min(1).max(168).default(24),
});
type DigestEnv = z.infer<typeof DigestEnvSchema>;

interface Runtime {
  env: DigestEnv;
  store: InvestigationStore;
  slack: SlackApi;
  clock: Clock;
}
let runtime: Runtime | undefined;

export function init(env: NodeJS.ProcessEnv = process.env, o: { clock?: Clock } = {}): Runtime {
  const e = parseEnv(DigestEnvSchema, env);
  const aws = awsOptions(e);
  const secrets = new SecretReader(aws);
  runtime = {
    env: e,
    store: new DynamoInvestigationStore({ client: dynamoClient(aws), tables: { alerts: e.ALERTS_TABLE, investigations: e.INVESTIGATIONS_TABLE, feedback: e.FEEDBACK_TABLE }, retentionDays: e.RETENTION_DAYS }),
    slack: new WebApiSlack({ token: async () => (await secrets.get(e.SLACK_BOT_TOKEN_SECRET_ARN)).trim(), slackApiUrl: e.SLACK_API_URL }),
    clock: o.clock ?? systemClock,
  };
  return runtime;
}

export function reset(): void {
  runtime = undefined;
}

export async function handler(_event?: unknown, context?: LambdaContext): Promise<{ investigations: number; channel: string; ts: string }> {
  const rt = runtime ?? init();
  if (context) logger.addContext(context as any);
  try {
    const { digest, posted } = await postDigest({ store: rt.store, slack: rt.slack, channel: rt.env.SLACK_CHANNEL, now: rt.clock.now(), windowHours: rt.env.DIGEST_WINDOW_HOURS });
    logger.info("digest posted", { investigations: digest.investigations, categories: digest.byCategory.length, channel: posted.channel, ts: posted.ts });
    return { investigations: digest.investigations, channel: posted.channel, ts: posted.ts };
  } catch (e) {
    logger.error("digest failed", { error: e });
    throw e;
  }
}
