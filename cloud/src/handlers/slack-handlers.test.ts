/**
 * The Slack Lambda entries on moto (DynamoDB + Secrets Manager) with the local Slack Web API server:
 * interactions (signed → feedback in DynamoDB + message edited; unsigned/stale → 401; base64 bodies) and the
 * daily digest from the investigations stored in DynamoDB.
 */
import { join } from "node:path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS_DIR } from "../../../test/scenarios/loader.js";
import { httpEvent, lambdaContext } from "../../../test/support/lambda-events.js";
import { createTables, startMotoServer, type MotoServer } from "../../../test/support/moto-aws.js";
import { scenarioRun } from "../../../test/slack-server/fixtures.js";
import { SlackTestServer } from "../../../test/slack-server/server.js";
import { dynamoClient } from "../adapters/aws/clients.js";
import { DynamoInvestigationStore } from "../adapters/aws/dynamo-store.js";
import { ACTION_IDS } from "../adapters/slack/blocks/index.js";
import { SlackNotifier } from "../adapters/slack/notifier.js";
import { slackSignature } from "../adapters/slack/signature.js";
import { processInvestigation } from "../core/runner/index.js";
import * as digest from "./digest.js";
import * as interactions from "./slack-interactions.js";

const BOT = "xoxb-lambda-test";
const SIGNING = "lambda-signing-secret";
const CHANNEL = "C0LAMBDA";
let moto: MotoServer;
let slack: SlackTestServer;
let store: DynamoInvestigationStore;
let env: Record<string, string>;

function signedEvent(payload: unknown, o: { base64?: boolean; skew?: number; unsigned?: boolean } = {}) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = String(Math.floor(Date.now() / 1000) + (o.skew ?? 0));
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (!o.unsigned) Object.assign(headers, { "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": slackSignature(SIGNING, ts, body) });
  return httpEvent({ path: "/slack/interactions", body, headers, base64: o.base64 });
}

const click = (id: string, action: keyof typeof ACTION_IDS, user: string) => ({
  type: "block_actions", user: { id: `U_${user}`, username: user }, trigger_id: "1.2.3",
  container: { channel_id: CHANNEL }, actions: [{ action_id: ACTION_IDS[action], value: id }],
});

beforeAll(async () => {
  moto = await startMotoServer();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" });
  const tables = await createTables(moto.aws, "slk");
  store = new DynamoInvestigationStore({ client: dynamoClient(moto.aws), tables });
  const sm = new SecretsManagerClient({ ...moto.aws });
  const bot = await sm.send(new CreateSecretCommand({ Name: "slk-bot", SecretString: BOT }));
  const signing = await sm.send(new CreateSecretCommand({ Name: "slk-signing", SecretString: `${SIGNING}\n` }));
  sm.destroy();
  slack = await new SlackTestServer({ token: BOT }).start();
  env = {
    AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: moto.endpoint,
    ALERTS_TABLE: tables.alerts, INVESTIGATIONS_TABLE: tables.investigations, FEEDBACK_TABLE: tables.feedback,
    SLACK_CHANNEL: CHANNEL, SLACK_BOT_TOKEN_SECRET_ARN: bot.ARN!, SLACK_SIGNING_SECRET_ARN: signing.ARN!, SLACK_API_URL: slack.url,
  };
  // One diagnosed investigation in DynamoDB, delivered to the Slack server.
  const run = await scenarioRun(join(SCENARIOS_DIR, "frontend-image-tag-typo"));
  const now = new Date(Date.now() - 5 * 60_000).toISOString();
  await store.createInvestigation(run.record("lam-1", { createdAt: now, alert: { ...run.alert, receivedAt: now } }));
  const notifier = new SlackNotifier({ token: BOT, channel: CHANNEL, slackApiUrl: slack.url, minUpdateIntervalMs: 0 });
  await processInvestigation("lam-1", { store, gateway: run.gateway, clock: run.clock, notifier });
});

afterAll(async () => {
  interactions.reset();
  digest.reset();
  await slack?.close();
  await moto?.stop();
});

describe("slack-interactions Lambda", () => {
  it("a signed Wrong click stores the feedback in DynamoDB and edits the message", async () => {
    interactions.init(env);
    const res = await interactions.handler(signedEvent(click("lam-1", "wrong", "maria")), lambdaContext("slack-interactions"));
    expect(res.statusCode).toBe(200);
    const fb = await store.listFeedback({});
    expect(fb).toMatchObject([{ investigationId: "lam-1", verdict: "wrong", category: "image-pull", user: "maria" }]);
    const rec = (await store.getInvestigation("lam-1"))!;
    expect(rec.feedback).toHaveLength(1);
    expect(JSON.stringify(slack.messages.get(`${CHANNEL}|${rec.notification!.ts}`)!.blocks)).toContain("marked wrong by @maria");
  });

  it("base64-encoded bodies (API Gateway) verify against the decoded bytes", async () => {
    const res = await interactions.handler(signedEvent(click("lam-1", "partly", "li"), { base64: true }));
    expect(res.statusCode).toBe(200);
    expect((await store.listFeedback({})).map((f) => f.user).sort()).toEqual(["li", "maria"]);
  });

  it("unsigned and stale requests are 401 and change nothing", async () => {
    for (const ev of [signedEvent(click("lam-1", "accurate", "eve"), { unsigned: true }), signedEvent(click("lam-1", "accurate", "eve"), { skew: -600 })]) {
      const res = await interactions.handler(ev);
      expect(res.statusCode).toBe(401);
    }
    expect((await store.listFeedback({})).some((f) => f.user === "eve")).toBe(false);
  });

  it("missing configuration is a typed 500, not an open endpoint", async () => {
    interactions.reset();
    const { SLACK_SIGNING_SECRET_ARN: _omit, ...partial } = env;
    const saved = { ...process.env };
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, partial);
    try {
      const res = await interactions.handler(signedEvent(click("lam-1", "accurate", "eve")));
      expect(res.statusCode).toBe(500);
      expect(JSON.parse(res.body).error).toBe("CONFIG_INVALID");
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      Object.assign(process.env, saved);
      interactions.reset();
    }
  });
});

describe("digest Lambda", () => {
  it("posts the last 24 h from DynamoDB to the channel", async () => {
    digest.init(env);
    const out = await digest.handler({ "detail-type": "Scheduled Event" }, lambdaContext("digest"));
    expect(out).toMatchObject({ investigations: 1, channel: CHANNEL });
    const m = slack.messages.get(`${CHANNEL}|${out.ts}`)!;
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("image-pull: 1");
    expect(text).toMatch(/of 2 verdicts/);
  });

  it("a Slack failure throws (EventBridge retries the digest)", async () => {
    digest.init(env);
    slack.down = 500;
    try {
      await expect(digest.handler({})).rejects.toMatchObject({ code: "NOTIFIER_ERROR" });
    } finally {
      slack.down = undefined;
    }
  });
});
