/**
 * POST /slack/interactions: Slack's interactivity request URL (feedback buttons, the "Add context" modal).
 * The raw body is verified against the signing secret (v0 HMAC, 5-minute window) before anything is parsed;
 * unsigned, stale or tampered requests get 401. Logic lives in adapters/slack/interactions.ts.
 */
import { z } from "zod";
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import { systemClock, type Clock } from "../core/ports.js";
import { dynamoClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { WebApiSlack } from "../adapters/slack/client.js";
import { handleSlackInteraction, MAX_INTERACTION_BYTES, type InteractionDeps } from "../adapters/slack/interactions.js";
import { awsEnv, awsOptions, parseEnv, storeEnv } from "./env.js";
import { HttpEventSchema, errorResponse, header, rawBody, type HttpResult } from "./http.js";
import type { LambdaContext } from "./lambda.js";
import { createLogger } from "./logger.js";
import { SecretReader } from "./secrets.js";

const logger = createLogger("slack-interactions");

export const SlackInteractionsEnvSchema = z.object({
  ...awsEnv,
  ...storeEnv,
  SLACK_BOT_TOKEN_SECRET_ARN: z.string().min(1),
  SLACK_SIGNING_SECRET_ARN: z.string().min(1),
  /** Web API base URL override (tests); never set in AWS. */
  SLACK_API_URL: z.string().url().optional(),
  /** Portal base URL for "Full report" links, when one is deployed. */
  PORTAL_URL: z.string().url().optional(),
});

let deps: InteractionDeps | undefined;

export function init(env: NodeJS.ProcessEnv = process.env, o: { clock?: Clock } = {}): InteractionDeps {
  const e = parseEnv(SlackInteractionsEnvSchema, env);
  const aws = awsOptions(e);
  const secrets = new SecretReader(aws);
  deps = {
    signingSecret: async () => (await secrets.get(e.SLACK_SIGNING_SECRET_ARN)).trim(),
    store: new DynamoInvestigationStore({ client: dynamoClient(aws), tables: { alerts: e.ALERTS_TABLE, investigations: e.INVESTIGATIONS_TABLE, feedback: e.FEEDBACK_TABLE }, retentionDays: e.RETENTION_DAYS }),
    // Slack's 3-second ack budget: one quick try, no long retry waits (the feedback is stored either way).
    slack: new WebApiSlack({ token: async () => (await secrets.get(e.SLACK_BOT_TOKEN_SECRET_ARN)).trim(), slackApiUrl: e.SLACK_API_URL, retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 400 }, timeoutMs: 2500 }),
    clock: o.clock ?? systemClock,
    portalUrl: e.PORTAL_URL,
    warn: (msg, extra) => logger.warn(msg, extra ?? {}),
    info: (msg, extra) => logger.info(msg, extra ?? {}),
  };
  return deps;
}

export function reset(): void {
  deps = undefined;
}

export async function handler(event: unknown, context?: LambdaContext): Promise<HttpResult> {
  let d: InteractionDeps;
  try {
    d = deps ?? init();
  } catch (e) {
    logger.error("configuration invalid", { error: e });
    return errorResponse(e);
  }
  if (context) logger.addContext(context as any);
  const parsed = HttpEventSchema.safeParse(event);
  if (!parsed.success) return errorResponse(new KubesleuthError("BAD_REQUEST", `not an HTTP API event: ${errorMessage(parsed.error)}`));
  const ev = parsed.data;
  const body = rawBody(ev);
  if (body.length > MAX_INTERACTION_BYTES) return errorResponse(new KubesleuthError("PAYLOAD_TOO_LARGE", "interaction payload too large"));
  const res = await handleSlackInteraction({ rawBody: body, header: (n) => header(ev, n) }, d);
  return { statusCode: res.status, headers: res.headers, body: res.body };
}
