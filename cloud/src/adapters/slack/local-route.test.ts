/**
 * POST /slack/interactions on the local server (kubesleuth serve): a real HTTP request signed like Slack signs it
 * reaches handleSlackInteraction, stores the verdict and edits the message on the local Slack Web API server;
 * unsigned requests are 401; without a signing secret the route does not exist.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { scenarioRun } from "../../../../test/slack-server/fixtures.js";
import { SlackTestServer } from "../../../../test/slack-server/server.js";
import { processInvestigation } from "../../core/runner/index.js";
import { DEFAULT_RULESET } from "../../core/rules/index.js";
import { createLogger } from "../../local/logger.js";
import { fanoutNotifier } from "../../local/notifiers.js";
import { startLocalServer, type LocalServer } from "../../local/server.js";
import { MemoryQueue } from "../memory/memory-queue.js";
import { MemoryStore } from "../memory/memory-store.js";
import { ACTION_IDS } from "./blocks/index.js";
import { createInteractionHandler } from "./interactions.js";
import { SlackNotifier } from "./notifier.js";
import { slackSignature } from "./signature.js";

const BOT = "xoxb-local";
const SIGNING = "local-signing-secret";
const TOKEN = "local-webhook-token-0123456789";
let slack: SlackTestServer;
let server: LocalServer;
let bare: LocalServer;
const store = new MemoryStore();

beforeAll(async () => {
  slack = await new SlackTestServer({ token: BOT }).start();
  const run = await scenarioRun(join(SCENARIOS_DIR, "checkout-configmap-bad-value"));
  await store.createInvestigation(run.record("loc-1"));
  await processInvestigation("loc-1", { store, gateway: run.gateway, clock: run.clock, notifier: new SlackNotifier({ token: BOT, channel: "C1", slackApiUrl: slack.url, minUpdateIntervalMs: 0 }) });
  const base = {
    host: "127.0.0.1", port: 0, tokens: [TOKEN], logger: createLogger({ write: () => {}, level: "error" }),
    intake: { store, queue: new MemoryQueue(), clock: { now: () => new Date() }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "local" } },
  };
  server = await startLocalServer({ ...base, slackInteractions: await createInteractionHandler({ token: BOT, slackApiUrl: slack.url, signingSecret: SIGNING, store, clock: { now: () => new Date() } }) });
  bare = await startLocalServer(base);
});
afterAll(async () => {
  await server?.close();
  await bare?.close();
  await slack?.close();
});

function request(url: string, o: { sign?: boolean } = {}) {
  const body = `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", user: { id: "U9", username: "sam" }, actions: [{ action_id: ACTION_IDS.accurate, value: "loc-1" }] }))}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (o.sign) Object.assign(headers, { "x-slack-request-timestamp": ts, "x-slack-signature": slackSignature(SIGNING, ts, body) });
  return fetch(`${url}/slack/interactions`, { method: "POST", body, headers });
}

describe("local server /slack/interactions", () => {
  it("401 unsigned, even with the webhook token; nothing stored", async () => {
    expect((await request(server.url)).status).toBe(401);
    expect(await store.listFeedback({})).toEqual([]);
  });

  it("a signed click is stored and shown on the message", async () => {
    const r = await request(server.url, { sign: true });
    expect(r.status).toBe(200);
    expect(await store.listFeedback({})).toMatchObject([{ investigationId: "loc-1", verdict: "accurate", user: "sam" }]);
    const rec = (await store.getInvestigation("loc-1"))!;
    expect(JSON.stringify(slack.messages.get(`C1|${rec.notification!.ts}`)!.blocks)).toContain("marked accurate by @sam");
  });

  it("404 when no signing secret is configured", async () => {
    expect((await request(bare.url, { sign: true })).status).toBe(404);
  });
});

describe("local notifier fan-out with Slack", () => {
  it("a Slack outage reaches the runner as NOTIFIER_ERROR (deliveryPending) while the other notifiers still run", async () => {
    const seen: string[] = [];
    const other = { started: async () => undefined, progress: async () => {}, completed: async () => void seen.push("terminal"), resolved: async () => {} };
    const fan = fanoutNotifier([other, new SlackNotifier({ token: BOT, channel: "C1", slackApiUrl: slack.url, retryConfig: { retries: 0 }, minUpdateIntervalMs: 0 })], createLogger({ write: () => {}, level: "error" }));
    const rec = (await store.getInvestigation("loc-1"))!;
    slack.down = 503;
    try {
      await expect(fan.completed(rec, rec.report!)).rejects.toMatchObject({ code: "NOTIFIER_ERROR" });
    } finally {
      slack.down = undefined;
    }
    expect(seen).toEqual(["terminal"]);
    await fan.completed(rec, rec.report!);
  });
});
