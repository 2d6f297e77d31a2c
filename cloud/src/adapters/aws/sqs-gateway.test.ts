/**
 * SqsClusterGateway against moto: the command lands on the cluster's queue with its attributes, the result is
 * picked up from the results table, an answer already stored is reused without sending, nothing by the deadline
 * is AGENT_TIMEOUT, an unknown cluster or an invalid command is AGENT_ERROR, and queue trouble QUEUE_UNAVAILABLE.
 */
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentResult } from "../../../../shared/src/index.js";
import { createQueue, createTables, startMotoServer, type MotoServer } from "../../../../test/support/moto-aws.js";
import { dynamoClient, sqsClient } from "./clients.js";
import { DynamoResultStore } from "./dynamo-results.js";
import { SqsClusterGateway } from "./sqs-gateway.js";
import { SqsInvestigationQueue } from "./sqs-queue.js";

let moto: MotoServer;
let gateway: SqsClusterGateway;
let results: DynamoResultStore;
let commands: { url: string };
const sqs = () => sqsClient(moto.aws);

beforeAll(async () => {
  moto = await startMotoServer();
  const tables = await createTables(moto.aws, "g");
  commands = await createQueue(moto.aws, "g-commands-prod");
  results = new DynamoResultStore({ client: dynamoClient(moto.aws), table: tables.results });
  gateway = new SqsClusterGateway({ sqs: sqs(), commandQueues: { prod: commands.url }, results, pollMinMs: 20, pollMaxMs: 100, graceMs: 0 });
});
afterAll(async () => {
  await moto?.stop();
});

const command = (id: string, ms = 2000) => ({
  id, clusterId: "prod", investigationId: "inv-1", deadline: new Date(Date.now() + ms).toISOString(),
  kind: "resource.get" as const, params: { ref: { kind: "Pod" as const, namespace: "payments", name: "api-0" } },
});
const answer = (commandId: string): AgentResult => ({ commandId, clusterId: "prod", investigationId: "inv-1", kubectl: ["kubectl get pod api-0 -n payments -o yaml"], startedAt: new Date().toISOString(), durationMs: 4, apiRequests: 1, ok: true, kind: "resource.get", data: { object: { apiVersion: "v1", kind: "Pod", metadata: { name: "api-0" } } }, truncated: false, warnings: [] });

describe("SqsClusterGateway (moto)", () => {
  it("sends to the cluster's command queue and returns the result the collector stores", async () => {
    const pending = gateway.execute(command("c-1"));
    // The agent side: receive the command, answer through the results store (what the collector does).
    let msg;
    for (let i = 0; i < 20 && !msg; i++) {
      msg = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: commands.url, WaitTimeSeconds: 1, MessageAttributeNames: ["All"] }))).Messages?.[0];
    }
    expect(msg!.MessageAttributes).toMatchObject({ commandId: { StringValue: "c-1" }, kind: { StringValue: "resource.get" } });
    const sent = JSON.parse(msg!.Body!);
    expect(sent).toMatchObject({ id: "c-1", clusterId: "prod", kind: "resource.get" });
    await results.put(answer(sent.id));
    expect(await pending).toMatchObject({ commandId: "c-1", ok: true });
  });

  it("reuses an answer already stored for the command id without sending again", async () => {
    await results.put(answer("c-2"));
    expect(await gateway.execute(command("c-2"))).toMatchObject({ commandId: "c-2" });
    const left = await sqs().send(new ReceiveMessageCommand({ QueueUrl: commands.url, WaitTimeSeconds: 0 }));
    expect(left.Messages ?? []).toEqual([]);
  });

  it("AGENT_TIMEOUT when no result arrives by the deadline", async () => {
    await expect(gateway.execute(command("c-3", 300))).rejects.toMatchObject({ code: "AGENT_TIMEOUT" });
  });

  it("AGENT_ERROR for an unknown cluster or an invalid command; QUEUE_UNAVAILABLE when the queue is gone", async () => {
    await expect(gateway.execute({ ...command("c-4"), clusterId: "staging" })).rejects.toMatchObject({ code: "AGENT_ERROR" });
    await expect(gateway.execute({ ...command("c-5"), kind: "pods.delete" } as any)).rejects.toMatchObject({ code: "AGENT_ERROR" });
    const broken = new SqsClusterGateway({ sqs: sqs(), commandQueues: { prod: `${moto.endpoint}/123456789012/no-such-queue` }, results });
    await expect(broken.execute(command("c-6"))).rejects.toMatchObject({ code: "QUEUE_UNAVAILABLE" });
    await expect(new SqsInvestigationQueue({ client: sqs(), queueUrl: `${moto.endpoint}/123456789012/nope` }).enqueue("i")).rejects.toMatchObject({ code: "QUEUE_UNAVAILABLE" });
  });
});
