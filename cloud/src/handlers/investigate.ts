/**
 * Investigations queue consumer: each SQS record names one stored investigation; processInvestigation runs it
 * end to end (the SQS cluster gateway talks to the cluster's agent). A record with action "resolved" (queued by
 * intake, which has no Slack access) posts the resolved update to the investigation's Slack thread instead. Partial batch failures (Powertools batch):
 * a record that throws is retried alone by SQS, then dead-lettered; the others are deleted.
 * When investigations finish, the ones waiting for a slot under the concurrency cap are released.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import { releaseQueued } from "../core/intake/index.js";
import { nullNotifier, systemClock, type Clock, type Notifier } from "../core/ports.js";
import type { RuleSet } from "../core/rules/index.js";
import { processInvestigation, type RunnerDeps } from "../core/runner/index.js";
import type { ModelStage } from "../core/engine/index.js";
import { createModelStage } from "../core/model/factory.js";
import { dynamoClient, sqsClient } from "../adapters/aws/clients.js";
import { DynamoResultStore } from "../adapters/aws/dynamo-results.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { SqsClusterGateway } from "../adapters/aws/sqs-gateway.js";
import { InvestigationMessageSchema, SqsInvestigationQueue } from "../adapters/aws/sqs-queue.js";
import { retryPendingDeliveries } from "../adapters/slack/deliveries.js";
import { createSlackNotifier } from "../adapters/slack/notifier.js";
import { InvestigateEnvSchema, awsOptions, parseEnv, rulesFromEnv, type InvestigateEnv } from "./env.js";
import type { LambdaContext, SqsEvent, SqsBatchResponse, SqsRecord } from "./lambda.js";
import { createLogger } from "./logger.js";
import { SecretReader } from "./secrets.js";

const logger = createLogger("investigate");

interface Runtime {
  env: InvestigateEnv;
  deps: RunnerDeps;
  queue: SqsInvestigationQueue;
  rules: RuleSet;
  /** The model stage is built asynchronously (its adapter loads lazily); awaited before the first record. */
  modelStage: Promise<ModelStage | undefined>;
}
let runtime: Runtime | undefined;

export interface InvestigateOverrides {
  /** Slack (or any) notifier; the default posts nowhere. */
  notifier?: Notifier;
  /** Engine config overrides (stage deadlines), e.g. shorter in tests. */
  engineConfig?: RunnerDeps["config"];
  /** The investigation's "now" (a replayed scenario's clock in tests); command deadlines stay on the wall clock. */
  clock?: Clock;
  /** Model stage override (tests); by default built from MODEL_IDS (Bedrock). */
  modelStage?: ModelStage;
}

/**
 * MODEL_IDS {fast, strong, check} → a Bedrock model stage, or none (rules only). Missing roles fall back to the
 * configured ids, never to built-in defaults: the function may only invoke the models its IAM policy names.
 */
async function modelStageFrom(e: InvestigateEnv): Promise<ModelStage | undefined> {
  const ids = e.MODEL_IDS ?? {};
  const strong = ids.strong || ids.fast;
  if (!strong) return undefined;
  const fast = ids.fast || strong;
  return createModelStage({
    config: { provider: "bedrock", region: e.AWS_REGION, models: { strong, fast, check: ids.check || fast } },
    log: (event, fields) => logger.info(event, fields as Record<string, unknown>),
  });
}

export function init(env: NodeJS.ProcessEnv = process.env, o: InvestigateOverrides = {}): Runtime {
  const e = parseEnv(InvestigateEnvSchema, env);
  const aws = awsOptions(e);
  const ddb = dynamoClient(aws);
  const store = new DynamoInvestigationStore({ client: ddb, tables: { alerts: e.ALERTS_TABLE, investigations: e.INVESTIGATIONS_TABLE, feedback: e.FEEDBACK_TABLE }, retentionDays: e.RETENTION_DAYS });
  const sqs = sqsClient(aws);
  const gateway = new SqsClusterGateway({ sqs, commandQueues: e.COMMAND_QUEUES, results: new DynamoResultStore({ client: ddb, table: e.RESULTS_TABLE }) });
  let notifier = o.notifier;
  if (!notifier && e.SLACK_CHANNEL && e.SLACK_BOT_TOKEN_SECRET_ARN) {
    const secrets = new SecretReader(aws);
    const arn = e.SLACK_BOT_TOKEN_SECRET_ARN;
    notifier = createSlackNotifier({
      channel: e.SLACK_CHANNEL,
      token: async () => {
        const token = (await secrets.get(arn)).trim();
        // The stack creates a random placeholder: say so instead of a bare invalid_auth.
        if (!token.startsWith("xox")) throw new KubesleuthError("NOTIFIER_ERROR", "Slack bot token not configured: put the xoxb- token into the SlackBotToken secret");
        return token;
      },
      ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL } : {}),
      store,
      warn: (msg) => logger.warn(msg),
    });
  }
  const deps: RunnerDeps = {
    store, gateway, clock: o.clock ?? systemClock, wallClock: systemClock, notifier: notifier ?? nullNotifier, config: o.engineConfig,
    warn: (msg) => logger.warn(msg),
  };
  const modelStage = o.modelStage ? Promise.resolve(o.modelStage) : modelStageFrom(e);
  // A bad model configuration must not stop investigations: log it and run rules-only.
  modelStage.catch((err) => logger.error("model stage unavailable; investigations run rules-only", { error: err }));
  runtime = {
    env: e, deps, modelStage: modelStage.catch(() => undefined), queue: new SqsInvestigationQueue({ client: sqs, queueUrl: e.INVESTIGATIONS_QUEUE_URL }),
    rules: rulesFromEnv(e),
  };
  return runtime;
}

export function reset(): void {
  runtime = undefined;
}

async function record(rt: Runtime, r: SqsRecord): Promise<void> {
  let id: string;
  let action: "investigate" | "resolved";
  try {
    ({ investigationId: id, action } = InvestigationMessageSchema.parse(JSON.parse(r.body)));
  } catch (e) {
    // Left to fail into the DLQ (alarmed) rather than dropped: an operator sees what was sent.
    throw new KubesleuthError("BAD_REQUEST", `malformed investigation message ${r.messageId}: ${errorMessage(e)}`);
  }
  if (action === "resolved") return notifyResolved(rt, id);
  const outcome = await processInvestigation(id, rt.deps);
  logger.info("investigation processed", {
    investigationId: id, status: outcome.status, receiveCount: r.attributes?.ApproximateReceiveCount,
    ...(outcome.status === "skipped" || outcome.status === "failed" ? { reason: outcome.reason } : { rootCause: outcome.report.rootCause?.category, deliveryPending: outcome.deliveryPending }),
  });
}

/** Intake closed the investigation (all its alerts resolved): update its Slack thread. A Slack error throws, so SQS retries. */
async function notifyResolved(rt: Runtime, id: string): Promise<void> {
  const inv = await rt.deps.store.getInvestigation(id);
  if (!inv) {
    logger.warn("resolved notice for an unknown investigation (expired?); nothing to update", { investigationId: id });
    return;
  }
  if (!inv.resolvedAt) {
    // Intake stores resolvedAt before it queues the notice: without it this is not a real close.
    logger.warn("resolved notice for an investigation that is not resolved; ignored", { investigationId: id });
    return;
  }
  const notifier = rt.deps.notifier;
  if (!notifier || notifier === nullNotifier) {
    logger.info("investigation resolved; no Slack channel configured", { investigationId: id });
    return;
  }
  await notifier.resolved(inv);
  logger.info("resolved update sent", { investigationId: id, threaded: !!inv.notification });
}

/** EventBridge schedule: re-send reports whose delivery failed (Slack outage, token not set yet). */
async function retryDeliveries(rt: Runtime): Promise<{ delivered: number; failed: number }> {
  const notifier = rt.deps.notifier;
  if (!notifier || notifier === nullNotifier) return { delivered: 0, failed: 0 };
  const out = await retryPendingDeliveries(rt.deps.store, notifier);
  if (out.delivered.length || out.failed.length) logger.info("pending deliveries retried", { delivered: out.delivered, failed: out.failed });
  return { delivered: out.delivered.length, failed: out.failed.length };
}

export async function handler(event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse>;
export async function handler(event: { "detail-type": string }, context?: LambdaContext): Promise<{ delivered: number; failed: number }>;
export async function handler(event: SqsEvent | { "detail-type": string }, context?: LambdaContext): Promise<SqsBatchResponse | { delivered: number; failed: number }> {
  const rt = runtime ?? init();
  if (context) logger.addContext(context as any);
  if (!("Records" in event)) return retryDeliveries(rt);
  rt.deps.modelStage ??= await rt.modelStage;
  const processor = new BatchProcessor(EventType.SQS);
  const response = await processPartialResponse(event as any, (r: any) => record(rt, r as SqsRecord), processor, { context: context as any });
  for (const f of response.batchItemFailures) logger.warn("record failed; SQS will redeliver", { messageId: f.itemIdentifier });
  try {
    const released = await releaseQueued({ store: rt.deps.store, queue: rt.queue, clock: systemClock, rules: rt.rules });
    if (released.length) logger.info("released waiting investigations", { released });
  } catch (e) {
    // The next intake or investigation releases them; nothing is lost.
    logger.warn("could not release waiting investigations", { error: e });
  }
  return response as SqsBatchResponse;
}
