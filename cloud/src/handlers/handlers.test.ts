/**
 * Intake and collector handlers against moto_server (DynamoDB, SQS, Secrets Manager): status mapping,
 * authentication, size cap, idempotent retries, duplicate webhooks, store failure → 503 then a successful retry,
 * result validation and de-duplication. The end-to-end path with the real agent is in test/e2e/aws-pipeline.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createQueue, createTables, startMotoServer, type MotoServer } from "../../../test/support/moto-aws.js";
import { httpEvent, lambdaContext, receiveBatch } from "../../../test/support/lambda-events.js";
import { dynamoClient, sqsClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { DynamoResultStore } from "../adapters/aws/dynamo-results.js";
import * as collector from "./collector.js";
import * as intake from "./intake.js";
import { addSecret, scrubText } from "./logger.js";

const TOKEN = "s3cret-token-for-tests-0123456789";
let moto: MotoServer;
let env: Record<string, string>;
let tables: Awaited<ReturnType<typeof createTables>>;
let invQueue: { url: string; arn: string };
const alertBody = readFileSync(join(import.meta.dirname, "..", "..", "..", "test", "scenarios", "payments-oom", "alert.json"), "utf8");

let logged = "";
beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged += String(chunk);
      return (write as any)(chunk, ...rest);
    }) as any);
  }
  moto = await startMotoServer();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" });
  tables = await createTables(moto.aws, "h");
  invQueue = await createQueue(moto.aws, "h-investigations");
  const sm = new SecretsManagerClient({ ...moto.aws });
  const secret = await sm.send(new CreateSecretCommand({ Name: "h-webhook", SecretString: `old-token-being-rotated\n${TOKEN}` }));
  env = {
    AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: moto.endpoint,
    ALERTS_TABLE: tables.alerts, INVESTIGATIONS_TABLE: tables.investigations, FEEDBACK_TABLE: tables.feedback, RESULTS_TABLE: tables.results,
    IDEMPOTENCY_TABLE: tables.idempotency, INVESTIGATIONS_QUEUE_URL: invQueue.url, WEBHOOK_TOKEN_SECRET_ARN: secret.ARN!,
    ALERT_AUTH_MODE: "any", DEFAULT_CLUSTER: "prod",
  };
});
afterAll(async () => {
  intake.reset();
  collector.reset();
  await moto?.stop();
});

const post = (over: Partial<Parameters<typeof httpEvent>[0]> = {}) =>
  intake.handler(httpEvent({ path: "/alerts/alertmanager", source: "alertmanager", body: alertBody, headers: { authorization: `Bearer ${TOKEN}` }, ...over }), lambdaContext("intake"));

describe("intake handler (moto)", () => {
  it("rejects missing, wrong and wrong-scheme credentials with 401 before reading the body", async () => {
    intake.init(env);
    expect((await post({ headers: {} })).statusCode).toBe(401);
    expect((await post({ headers: { authorization: "Bearer nope" } })).statusCode).toBe(401);
    expect((await post({ headers: { authorization: `Basic ${Buffer.from(`am:${TOKEN}`).toString("base64")}` } })).statusCode).not.toBe(401);
    intake.init({ ...env, ALERT_AUTH_MODE: "bearer" });
    expect((await post({ headers: { authorization: `Basic ${Buffer.from(`am:${TOKEN}`).toString("base64")}` }, body: "{}" })).statusCode).toBe(401);
    // The rotated-out token still on the list is accepted during the overlap.
    expect((await post({ headers: { authorization: "Bearer old-token-being-rotated" }, body: "{not json" })).statusCode).toBe(400);
    intake.init(env);
  });

  it("413 for oversized bodies, 400 with the reason for malformed ones, 404 for an unknown source", async () => {
    const big = await post({ body: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }) });
    expect(big.statusCode).toBe(413);
    const bad = await post({ body: "{\"version\":" });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/not valid JSON/);
    const shape = await post({ body: JSON.stringify({ version: "4", alerts: "nope" }) });
    expect(shape.statusCode).toBe(400);
    expect(JSON.parse(shape.body).error).toBe("BAD_REQUEST");
    expect((await post({ path: "/alerts/nagios", source: "nagios" })).statusCode).toBe(404);
  });

  it("202 with decisions; the investigation is stored and enqueued once; a retried or repeated delivery changes nothing", async () => {
    const first = await post();
    expect(first.statusCode, first.body).toBe(202);
    const body = JSON.parse(first.body);
    expect(body.decisions[0]).toMatchObject({ action: "investigate" });
    const id = body.decisions[0].investigationId;
    const store = new DynamoInvestigationStore({ client: dynamoClient(moto.aws), tables });
    expect(await store.getInvestigation(id)).toMatchObject({ status: "queued", clusterId: expect.any(String) });
    // Same body again (Alertmanager retry): served from the idempotency record.
    const again = await post();
    expect(again.statusCode).toBe(202);
    expect(JSON.parse(again.body).decisions).toEqual(body.decisions);
    // Same alert in a re-serialized body (a repeat notification): the core recognises it.
    const repeat = await post({ body: JSON.stringify(JSON.parse(alertBody)) + "\n" });
    expect(JSON.parse(repeat.body).decisions[0]).toMatchObject({ action: "duplicate", investigationId: id });
    const sqs = sqsClient(moto.aws);
    const { event } = await receiveBatch(sqs, invQueue.url, invQueue.arn);
    expect(event.Records.map((r) => JSON.parse(r.body).investigationId)).toEqual([id]);
    expect((await store.listInvestigations({})).length).toBe(1);
  });

  it("store unavailable → 503 with Retry-After (nothing cached); the retry succeeds once the store is back", async () => {
    const other = JSON.parse(alertBody);
    other.alerts[0].fingerprint = "ffff000011112222";
    other.alerts[0].labels.pod = "payments-api-7d9c7b9c8-zzzzz";
    const body = JSON.stringify(other);
    intake.init({ ...env, INVESTIGATIONS_TABLE: "missing-table" });
    const down = await post({ body });
    expect(down.statusCode).toBe(503);
    expect(down.headers["retry-after"]).toBeDefined();
    expect(JSON.parse(down.body).error).toBe("STORE_UNAVAILABLE");
    intake.init(env);
    const up = await post({ body });
    expect(up.statusCode, up.body).toBe(202);
    expect(JSON.parse(up.body).decisions[0].action).toMatch(/investigate|attach/);
  });
});

describe("logs", () => {
  it("never contain the webhook token or other credentials", () => {
    expect(logged).toContain("webhook accepted");
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain("old-token-being-rotated");
    addSecret("another-secret-value");
    expect(scrubText("token=abc123def456ghi password: hunter22 another-secret-value")).not.toMatch(/abc123def456ghi|hunter22|another-secret-value/);
  });
});

describe("collector handler (moto)", () => {
  const result = (commandId: string, n: number) => ({ commandId, clusterId: "prod", kubectl: ["kubectl get pod x -n y"], startedAt: new Date().toISOString(), durationMs: 5, apiRequests: 1, ok: true, kind: "resource.get", data: { n }, truncated: false, warnings: [] });
  const record = (id: string, body: string) => ({ messageId: id, receiptHandle: id, body, attributes: {}, messageAttributes: {}, eventSource: "aws:sqs", eventSourceARN: "arn", awsRegion: "us-east-1" });

  it("stores valid results by command id (plain or gzip+base64), keeps the first of duplicates, fails malformed records only", async () => {
    collector.init(env);
    const gz = (await import("node:zlib")).gzipSync(Buffer.from(JSON.stringify(result("c-2", 1)))).toString("base64");
    const res = await collector.handler({ Records: [
      record("m1", JSON.stringify(result("c-1", 1))),
      record("m2", gz),
      record("m3", JSON.stringify(result("c-1", 2))),
      record("m4", "{\"commandId\": 5}"),
      record("m5", "garbage"),
    ] }, lambdaContext("collector"));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["m4", "m5"]);
    const results = new DynamoResultStore({ client: dynamoClient(moto.aws), table: tables.results });
    expect(await results.get("c-2")).toMatchObject({ data: { n: 1 } });
    // m1 and m3 raced in one parallel batch: exactly one of them is stored, never a mix.
    expect([1, 2]).toContain(((await results.get("c-1")) as any).data.n);
    await collector.handler({ Records: [record("m6", JSON.stringify(result("c-1", 3)))] });
    expect([1, 2]).toContain(((await results.get("c-1")) as any).data.n);
  });
});
