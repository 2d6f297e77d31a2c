/**
 * Results queue consumer: validates each agent result (AgentResultSchema) and stores it by command id for the
 * waiting investigation. First result per command id wins; duplicates (agent retry, SQS redelivery) are
 * ignored. A malformed message fails its record (partial batch failure) and ends in the DLQ, where it is
 * alarmed and inspectable, instead of vanishing.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { AgentResultSchema, KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import { dynamoClient } from "../adapters/aws/clients.js";
import { decodeMessageBody } from "../adapters/aws/codec.js";
import { DynamoResultStore } from "../adapters/aws/dynamo-results.js";
import { CollectorEnvSchema, awsOptions, parseEnv } from "./env.js";
import type { LambdaContext, SqsBatchResponse, SqsEvent, SqsRecord } from "./lambda.js";
import { createLogger } from "./logger.js";

const logger = createLogger("collector");
let results: DynamoResultStore | undefined;

export function init(env: NodeJS.ProcessEnv = process.env): DynamoResultStore {
  const e = parseEnv(CollectorEnvSchema, env);
  results = new DynamoResultStore({ client: dynamoClient(awsOptions(e)), table: e.RESULTS_TABLE, ttlSeconds: e.RESULTS_TTL_SECONDS });
  return results;
}

export function reset(): void {
  results = undefined;
}

async function record(store: DynamoResultStore, r: SqsRecord): Promise<void> {
  let decoded: unknown;
  try {
    decoded = decodeMessageBody(r.body);
  } catch (e) {
    throw new KubesleuthError("BAD_REQUEST", `result message ${r.messageId} is not JSON: ${errorMessage(e)}`);
  }
  const parsed = AgentResultSchema.safeParse(decoded);
  if (!parsed.success) throw new KubesleuthError("BAD_REQUEST", `result message ${r.messageId} invalid: ${errorMessage(parsed.error).slice(0, 500)}`);
  const fresh = await store.put(parsed.data);
  logger.info(fresh ? "result stored" : "duplicate result ignored", {
    commandId: parsed.data.commandId, clusterId: parsed.data.clusterId, investigationId: parsed.data.investigationId, ok: parsed.data.ok, kind: parsed.data.kind,
  });
}

export async function handler(event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse> {
  const store = results ?? init();
  if (context) logger.addContext(context as any);
  const response = await processPartialResponse(event as any, (r: any) => record(store, r as SqsRecord), new BatchProcessor(EventType.SQS), { context: context as any });
  for (const f of response.batchItemFailures) logger.warn("result record failed", { messageId: f.itemIdentifier });
  return response as SqsBatchResponse;
}
