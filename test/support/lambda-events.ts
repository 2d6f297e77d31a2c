/** Lambda events shaped like API Gateway (HTTP API v2) and the SQS event source deliver them, for handler tests. */
import { randomUUID } from "node:crypto";
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { LambdaContext, SqsEvent } from "../../cloud/src/handlers/lambda.js";

export function httpEvent(o: { path: string; body?: string; headers?: Record<string, string>; source?: string; base64?: boolean }) {
  const body = o.body === undefined ? undefined : o.base64 ? Buffer.from(o.body).toString("base64") : o.body;
  return {
    version: "2.0", routeKey: "POST /alerts/{source}", rawPath: o.path, rawQueryString: "",
    headers: Object.fromEntries(Object.entries({ "content-type": "application/json", ...(o.headers ?? {}) }).map(([k, v]) => [k.toLowerCase(), v])),
    body, isBase64Encoded: !!o.base64,
    pathParameters: o.source !== undefined ? { source: o.source } : undefined,
    requestContext: { requestId: randomUUID(), http: { method: "POST", path: o.path } },
  };
}

export function lambdaContext(name = "test", remainingMs = 60_000): LambdaContext {
  const end = Date.now() + remainingMs;
  return { awsRequestId: randomUUID(), functionName: name, invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, memoryLimitInMB: "512", getRemainingTimeInMillis: () => end - Date.now() };
}

/**
 * What the Lambda SQS event source does: receive a batch from the queue and build the event. The caller deletes
 * the successful records (deleteSucceeded) like the event source does with a partial batch response.
 */
export async function receiveBatch(sqs: SQSClient, queueUrl: string, arn: string, max = 10, waitSeconds = 1): Promise<{ event: SqsEvent; receipts: Map<string, string> }> {
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }));
  const receipts = new Map<string, string>();
  const Records = (out.Messages ?? []).map((m) => {
    receipts.set(m.MessageId!, m.ReceiptHandle!);
    return {
      messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body ?? "",
      attributes: (m.Attributes ?? {}) as Record<string, string>, messageAttributes: (m.MessageAttributes ?? {}) as Record<string, unknown>,
      md5OfBody: m.MD5OfBody, eventSource: "aws:sqs", eventSourceARN: arn, awsRegion: "us-east-1",
    };
  });
  return { event: { Records }, receipts };
}

export async function deleteSucceeded(sqs: SQSClient, queueUrl: string, receipts: Map<string, string>, failures: { itemIdentifier: string }[]): Promise<void> {
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  for (const [id, handle] of receipts) if (!failed.has(id)) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: handle }));
}
