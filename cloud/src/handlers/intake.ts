/**
 * POST /alerts/{source}: authenticate (bearer or basic, constant-time) → size cap → parse → intakeWebhook
 * (normalize, record idempotently, rules, create/attach, enqueue) → 202 with the decisions.
 * 401 bad/missing credentials, 413 too large, 400 malformed (with the reason), 404 unknown source,
 * 503 store/queue trouble (Alertmanager retries 5xx; the core makes the retry finish the job).
 * A retried identical delivery is answered from the idempotency table (Powertools) without re-running intake.
 */
import { createHash } from "node:crypto";
import type { LambdaContext as Context } from "./lambda.js";
import { IdempotencyConfig, IdempotencyAlreadyInProgressError, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { KubesleuthError, errorMessage, isKubesleuthError } from "../../../shared/src/index.js";
import { checkWebhookAuth, intakeWebhook, tooLarge, type IntakeDeps, type IntakeResult } from "../core/intake/index.js";
import { systemClock } from "../core/ports.js";
import { dynamoClient, sqsClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { SqsInvestigationQueue, queuedResolvedNotifier } from "../adapters/aws/sqs-queue.js";
import { IntakeEnvSchema, awsOptions, parseEnv, rulesFromEnv, type IntakeEnv } from "./env.js";
import { HttpEventSchema, errorResponse, header, json, rawBody, type HttpResult } from "./http.js";
import { createLogger } from "./logger.js";
import { SecretReader, splitTokens } from "./secrets.js";

const logger = createLogger("intake");

interface Runtime {
  env: IntakeEnv;
  deps: IntakeDeps;
  secrets: SecretReader;
  process: (input: { source: string; bodySha256: string; body: unknown }) => Promise<IntakeResult>;
  idempotency: IdempotencyConfig;
}

let runtime: Runtime | undefined;

/** Builds the dependencies once per container (and again in tests after the environment changes). */
export function init(env: NodeJS.ProcessEnv = process.env): Runtime {
  const e = parseEnv(IntakeEnvSchema, env);
  const aws = awsOptions(e);
  const ddb = dynamoClient(aws);
  const queue = new SqsInvestigationQueue({ client: sqsClient(aws), queueUrl: e.INVESTIGATIONS_QUEUE_URL });
  const deps: IntakeDeps = {
    store: new DynamoInvestigationStore({ client: ddb, tables: { alerts: e.ALERTS_TABLE, investigations: e.INVESTIGATIONS_TABLE, feedback: e.FEEDBACK_TABLE }, retentionDays: e.RETENTION_DAYS }),
    queue,
    // Intake has no Slack access: a resolved alert becomes a notice on the investigations queue for the worker.
    notifier: queuedResolvedNotifier(queue),
    clock: systemClock,
    rules: rulesFromEnv(e),
    config: { clusterLabel: e.CLUSTER_LABEL, defaultCluster: e.DEFAULT_CLUSTER },
  };
  const idempotency = new IdempotencyConfig({ eventKeyJmesPath: "[source, bodySha256]", expiresAfterSeconds: 3600 });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: e.IDEMPOTENCY_TABLE, awsSdkV3Client: ddb as any });
  const process = makeIdempotent(
    // The stored response must be plain JSON: DynamoDB marshalling rejects undefined fields.
    async (input: { source: string; bodySha256: string; body: unknown }) =>
      JSON.parse(JSON.stringify(await intakeWebhook(input.source, input.body, deps))) as IntakeResult,
    { persistenceStore, config: idempotency },
  );
  runtime = { env: e, deps, secrets: new SecretReader(aws), process, idempotency };
  return runtime;
}

/** Test hook: forget the cached runtime. */
export function reset(): void {
  runtime = undefined;
}

function schemeAllowed(mode: IntakeEnv["ALERT_AUTH_MODE"], authorization: string | undefined): boolean {
  if (mode === "any" || !authorization) return true;
  return authorization.trimStart().toLowerCase().startsWith(mode === "bearer" ? "bearer " : "basic ");
}

export async function handler(event: unknown, context?: Context): Promise<HttpResult> {
  let rt: Runtime;
  try {
    rt = runtime ?? init();
  } catch (e) {
    logger.error("configuration invalid", { error: e });
    return errorResponse(e);
  }
  if (context) {
    logger.addContext(context as any);
    rt.idempotency.registerLambdaContext(context as any);
  }
  const parsed = HttpEventSchema.safeParse(event);
  if (!parsed.success) return errorResponse(new KubesleuthError("BAD_REQUEST", `not an HTTP API event: ${errorMessage(parsed.error)}`));
  const ev = parsed.data;
  const source = ev.pathParameters?.source ?? /\/alerts\/([^/]+)\/?$/.exec(ev.rawPath)?.[1] ?? "";
  try {
    const authorization = header(ev, "authorization");
    const tokens = splitTokens(await rt.secrets.get(rt.env.WEBHOOK_TOKEN_SECRET_ARN));
    if (!schemeAllowed(rt.env.ALERT_AUTH_MODE, authorization) || !checkWebhookAuth(authorization, tokens)) {
      logger.warn("webhook rejected: bad or missing credentials", { source });
      return json(401, { error: "UNAUTHORIZED", message: "missing or invalid credentials" }, { "www-authenticate": rt.env.ALERT_AUTH_MODE === "basic" ? 'Basic realm="kubesleuth"' : 'Bearer realm="kubesleuth"' });
    }
    const bytes = rawBody(ev);
    const declared = Number(header(ev, "content-length") ?? bytes.length);
    if (tooLarge(bytes.length) || tooLarge(Number.isFinite(declared) ? declared : bytes.length)) {
      throw new KubesleuthError("PAYLOAD_TOO_LARGE", `webhook body of ${bytes.length} bytes exceeds the limit`);
    }
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch (e) {
      throw new KubesleuthError("BAD_REQUEST", `body is not valid JSON: ${errorMessage(e)}`);
    }
    const bodySha256 = createHash("sha256").update(bytes).digest("hex");
    const result = await rt.process({ source, bodySha256, body });
    if (result.subscriptionConfirmation) await confirmSubscription(result.subscriptionConfirmation.subscribeURL);
    logger.info("webhook accepted", { source, accepted: result.accepted, decisions: result.decisions.map((d) => `${d.alertname}:${d.action}`), enqueued: result.enqueued.length });
    return json(202, { accepted: result.accepted, decisions: result.decisions, notes: result.notes, enqueued: result.enqueued });
  } catch (e) {
    if (e instanceof IdempotencyAlreadyInProgressError) {
      return json(503, { error: "IN_PROGRESS", message: "the same delivery is being processed; retry" }, { "retry-after": "2" });
    }
    let err = unwrap(e);
    // The idempotency table itself failing is a store outage: the sender should retry.
    if (!isKubesleuthError(err) && /^Idempotency/.test((err as Error)?.name ?? "")) {
      err = new KubesleuthError("STORE_UNAVAILABLE", `idempotency store: ${errorMessage(err)}`, { cause: err });
    }
    (isKubesleuthError(err) && err.status < 500 ? logger.warn : logger.error).call(logger, "webhook failed", { source, error: err });
    return errorResponse(err);
  }
}

/** Powertools wraps some handler errors; take the typed cause when there is one. */
function unwrap(e: unknown): unknown {
  let cur = e;
  for (let i = 0; i < 3 && cur && !isKubesleuthError(cur) && (cur as { cause?: unknown }).cause; i++) cur = (cur as { cause?: unknown }).cause;
  return isKubesleuthError(cur) ? cur : e;
}

/** SNS subscription confirmation: the normalizer already checked the URL is an SNS endpoint. */
async function confirmSubscription(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new KubesleuthError("QUEUE_UNAVAILABLE", `SNS subscription confirmation failed: HTTP ${res.status}`);
}
