/**
 * The AWS path end to end with the real handler code and no AWS account: moto_server (SQS, DynamoDB, Secrets
 * Manager) on loopback, the Kubernetes API emulator serving a scenario, and the real cluster agent process
 * polling its SQS command queue.
 *   webhook → intake handler → investigations queue → investigate handler → SqsClusterGateway → command queue
 *   → agent (emulator) → results queue → collector handler → results table → report stored in DynamoDB.
 * The Lambda event source mappings are played by the test: receive a batch, invoke the handler, delete what
 * succeeded (partial batch response), like AWS does. Also: duplicate webhooks, SQS redelivery, resolved alerts.
 * Each case has an explicit budget well above its quiet-machine time (~12 s for the full run, ~1-2 s for the
 * others): real processes over loopback slow down a lot on a loaded shared machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../../../test/emulator/index.js";
import { SlackTestServer } from "../../../test/slack-server/server.js";
import { loadScenario } from "../../../test/scenarios/loader.js";
import { createQueue, createTables, startMotoServer, type MotoServer } from "../../../test/support/moto-aws.js";
import { deleteSucceeded, httpEvent, lambdaContext, receiveBatch } from "../../../test/support/lambda-events.js";
import { dynamoClient, sqsClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import * as collector from "./collector.js";
import * as intake from "./intake.js";
import { createSlackNotifier } from "../adapters/slack/notifier.js";
import * as investigate from "./investigate.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const AGENT_MAIN = join(ROOT, "cluster-agent", "src", "main.ts");
const SCENARIO = join(ROOT, "test", "scenarios", "payments-oom");
const TOKEN = "pipeline-token-0123456789abcdef";
const CLUSTER = "prod-eu-west-1";
const SLACK_TOKEN = "xoxb-pipeline-test-token";
const CHANNEL = "C0PIPELINE";

let moto: MotoServer;
let emulator: Emulator;
let slack: SlackTestServer;
let agent: ChildProcess | undefined;
let agentLog = "";
let sqs: SQSClient;
let store: DynamoInvestigationStore;
let q: Record<"investigations" | "commands" | "results", { url: string; arn: string }>;
let stopPump = () => {};
let env: Record<string, string>;
let scenarioNow: string;

/** The results queue → collector event source mapping, running until stopped. */
function startCollectorPump(): () => void {
  let running = true;
  void (async () => {
    while (running) {
      const { event, receipts } = await receiveBatch(sqs, q.results.url, q.results.arn, 5, 1);
      if (!event.Records.length) continue;
      const res = await collector.handler(event, lambdaContext("collector"));
      await deleteSucceeded(sqs, q.results.url, receipts, res.batchItemFailures);
    }
  })();
  return () => { running = false; };
}

async function deliverInvestigations() {
  const { event, receipts } = await receiveBatch(sqs, q.investigations.url, q.investigations.arn, 10, 2);
  const res = await investigate.handler(event, lambdaContext("investigate", 240_000));
  await deleteSucceeded(sqs, q.investigations.url, receipts, res.batchItemFailures);
  return { event, res };
}

async function visible(url: string): Promise<number> {
  const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return Number(a.Attributes!.ApproximateNumberOfMessages) + Number(a.Attributes!.ApproximateNumberOfMessagesNotVisible);
}

const post = (body: string) => intake.handler(httpEvent({ path: "/alerts/alertmanager", source: "alertmanager", body, headers: { authorization: `Bearer ${TOKEN}` } }), lambdaContext("intake"));

describe.skipIf(!existsSync(AGENT_MAIN))("AWS pipeline on moto with the real agent", () => {
  beforeAll(async () => {
    moto = await startMotoServer();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" });
    sqs = sqsClient(moto.aws);
    const tables = await createTables(moto.aws, "p");
    store = new DynamoInvestigationStore({ client: dynamoClient(moto.aws), tables });
    q = {
      investigations: await createQueue(moto.aws, "p-investigations"),
      commands: await createQueue(moto.aws, `p-commands-${CLUSTER}`, { VisibilityTimeout: "60" }),
      results: await createQueue(moto.aws, "p-results"),
    };
    const sm = new SecretsManagerClient({ ...moto.aws });
    const secret = await sm.send(new CreateSecretCommand({ Name: "p-webhook", SecretString: TOKEN }));
    const slackSecret = await sm.send(new CreateSecretCommand({ Name: "p-slack", SecretString: SLACK_TOKEN }));
    slack = await new SlackTestServer({ token: SLACK_TOKEN }).start();
    env = {
      AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: moto.endpoint,
      ALERTS_TABLE: tables.alerts, INVESTIGATIONS_TABLE: tables.investigations, FEEDBACK_TABLE: tables.feedback, RESULTS_TABLE: tables.results,
      IDEMPOTENCY_TABLE: tables.idempotency, INVESTIGATIONS_QUEUE_URL: q.investigations.url, WEBHOOK_TOKEN_SECRET_ARN: secret.ARN!,
      DEFAULT_CLUSTER: "default", COMMAND_QUEUES: JSON.stringify({ [CLUSTER]: q.commands.url }),
      SLACK_CHANNEL: CHANNEL, SLACK_BOT_TOKEN_SECRET_ARN: slackSecret.ARN!, SLACK_API_URL: slack.url,
    };
    const scenario = await loadScenario(SCENARIO);
    scenarioNow = scenario.meta.now;
    intake.init(env);
    investigate.init(env, { clock: { now: () => new Date(scenario.meta.now) } });
    collector.init(env);

    emulator = await startScenarioEmulator(SCENARIO);
    agent = spawn(process.execPath, ["--import", "tsx", AGENT_MAIN], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env, KUBECONFIG: emulator.kubeconfigPath, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing",
        KUBESLEUTH_CLUSTER_ID: CLUSTER, KUBESLEUTH_COMMAND_QUEUE_URL: q.commands.url, KUBESLEUTH_RESULTS_QUEUE_URL: q.results.url,
        KUBESLEUTH_WAIT_TIME_SECONDS: "1", KUBESLEUTH_HEALTH_PORT: "0", KUBESLEUTH_LOG_LEVEL: "info",
      },
    });
    agent.stdout!.on("data", (b) => { agentLog += b; });
    agent.stderr!.on("data", (b) => { agentLog += b; });
    stopPump = startCollectorPump();
  }, 180_000);

  afterAll(async () => {
    stopPump();
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent!.once("exit", r));
      agent.kill("SIGTERM");
      await exited;
    }
    intake.reset();
    investigate.reset();
    collector.reset();
    await emulator?.close();
    await slack?.close();
    await moto?.stop();
  });

  it("webhook → investigation → agent over SQS → collector → report stored (root cause from the cluster's evidence)", async () => {
    const accepted = await post(readFileSync(join(SCENARIO, "alert.json"), "utf8"));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const id = JSON.parse(accepted.body).decisions[0].investigationId as string;
    const { res } = await deliverInvestigations();
    expect(res.batchItemFailures, agentLog).toEqual([]);
    const record = (await store.getInvestigation(id))!;
    expect(record.status, `${record.error ?? ""}\n${agentLog}`).toBe("complete");
    const expected = parseYaml(readFileSync(join(SCENARIO, "expected.yaml"), "utf8"));
    expect(record.report!.rootCause?.category).toBe(expected.category);
    expect(JSON.stringify(record.report)).toContain("256Mi");
    // Posted to Slack: the "investigating" message, edited in place into the diagnosis.
    expect(record.notification?.channel).toBe(CHANNEL);
    const posted = slack.messages.get(`${CHANNEL}|${record.notification!.ts}`)!;
    expect(posted.text ?? "").toMatch(/KubePodCrashLooping/);
    expect(JSON.stringify(posted.edits.at(-1))).toMatch(/256Mi|OOM/i);
    expect(record.deliveryPending ?? false).toBe(false);
    // The evidence came through the agent: it read the emulator.
    expect(emulator.stats().requests).toBeGreaterThan(0);
  }, 300_000);

  it("a duplicate webhook does not start a second investigation or enqueue anything", async () => {
    const again = await post(JSON.stringify(JSON.parse(readFileSync(join(SCENARIO, "alert.json"), "utf8"))));
    expect(again.statusCode).toBe(202);
    expect(JSON.parse(again.body).decisions[0].action).toBe("duplicate");
    expect(await visible(q.investigations.url)).toBe(0);
    expect((await store.listInvestigations({})).length).toBe(1);
  }, 120_000);

  it("SQS redelivery: a finished investigation is skipped; one interrupted mid-run re-runs on the results already stored", async () => {
    const [inv] = await store.listInvestigations({});
    const before = emulator.stats().requests;
    // At-least-once: the same message again after completion.
    const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
    await sqs.send(new SendMessageCommand({ QueueUrl: q.investigations.url, MessageBody: JSON.stringify({ investigationId: inv!.id }) }));
    const skipped = await deliverInvestigations();
    expect(skipped.res.batchItemFailures).toEqual([]);
    expect(emulator.stats().requests).toBe(before); // the agent was not asked anything
    // A Lambda that died after the agent answered but before the report was saved: status still running.
    await store.updateInvestigation(inv!.id, { status: "running", report: undefined });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.investigations.url, MessageBody: JSON.stringify({ investigationId: inv!.id }) }));
    const rerun = await deliverInvestigations();
    expect(rerun.res.batchItemFailures).toEqual([]);
    const after = (await store.getInvestigation(inv!.id))!;
    expect(after.status).toBe("complete");
    expect(after.attempts).toBe(2);
    expect(after.report!.rootCause?.category).toBe(inv!.report!.rootCause?.category);
    expect(after.deliveryPending ?? false).toBe(false);
    // Same command ids as the interrupted run: every answer came from the results table, none from the cluster.
    expect(emulator.stats().requests).toBe(before);
  }, 180_000);

  it("Slack down when the diagnosis is ready: delivery pending, then sent by the scheduled retry", async () => {
    const [inv] = await store.listInvestigations({});
    await store.updateInvestigation(inv!.id, { status: "running", report: undefined, notification: undefined });
    slack.down = 503;
    // Same wiring, without the production retry backoff (seconds per call) so the outage is quick to play.
    investigate.init(env, {
      clock: { now: () => new Date(scenarioNow) },
      notifier: createSlackNotifier({ channel: CHANNEL, token: SLACK_TOKEN, slackApiUrl: slack.url, retryConfig: { retries: 0 }, store, minUpdateIntervalMs: 0, warn: () => {} }),
    });
    const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
    await sqs.send(new SendMessageCommand({ QueueUrl: q.investigations.url, MessageBody: JSON.stringify({ investigationId: inv!.id }) }));
    const run = await deliverInvestigations();
    expect(run.res.batchItemFailures).toEqual([]);
    const pending = (await store.getInvestigation(inv!.id))!;
    expect(pending.status).toBe("complete");
    expect(pending.deliveryPending).toBe(true);
    slack.down = undefined;
    const retried = await investigate.handler({ "detail-type": "Scheduled Event" }, lambdaContext("investigate"));
    expect(retried).toEqual({ delivered: 1, failed: 0 });
    expect((await store.getInvestigation(inv!.id))!.deliveryPending).toBe(false);
  }, 180_000);

  it("resolved alert: intake (no Slack access) queues a resolved notice; the investigate handler posts it in the Slack thread", async () => {
    const [inv] = await store.listInvestigations({});
    const thread = inv!.notification!;
    expect(thread.channel).toBe(CHANNEL);
    expect(slack.replies(thread.ts).some((m) => /resolved/.test(m.text ?? ""))).toBe(false);
    const body = JSON.parse(readFileSync(join(SCENARIO, "alert.json"), "utf8"));
    body.status = "resolved";
    for (const a of body.alerts) Object.assign(a, { status: "resolved", endsAt: "2026-11-20T03:05:00.000Z" });
    const callsBefore = slack.calls.length;
    const res = await post(JSON.stringify(body));
    expect(res.statusCode, res.body).toBe(202);
    // Intake called no Slack API itself: it only queued the notice.
    expect(slack.calls.length).toBe(callsBefore);
    expect(JSON.parse(res.body).decisions[0]).toMatchObject({ action: "resolve", investigationId: inv!.id });
    expect(JSON.parse(res.body).decisions[0].reason).not.toMatch(/notifier failed/);
    const closed = (await store.getInvestigation(inv!.id))!;
    expect(closed.resolvedAt).toBeDefined();
    const { event, res: batch } = await deliverInvestigations();
    expect(event.Records.map((r) => JSON.parse(r.body))).toEqual([{ investigationId: inv!.id, action: "resolved" }]);
    expect(batch.batchItemFailures).toEqual([]);
    expect(slack.calls.length).toBeGreaterThan(callsBefore);
    const replies = slack.replies(thread.ts).filter((m) => m.text === "KubePodCrashLooping resolved");
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.blocks)).toContain(closed.resolvedAt!);
    // The diagnosis in the parent message now carries the resolved line too.
    expect(JSON.stringify(slack.messages.get(`${CHANNEL}|${thread.ts}`)!.edits.at(-1))).toMatch(/resolved/i);
    expect(await visible(q.investigations.url)).toBe(0);
  }, 120_000);
});
