/**
 * Slack interactions at the local server's /slack/interactions route with bad, tampered and replayed signatures:
 * random signature/timestamp headers, a valid signature over a different body, a valid signature replayed after
 * the 5-minute window, a valid signature under another secret: all 401, no feedback stored, no Slack call made.
 * A correctly signed fresh request is accepted (the fixture works).
 */
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryQueue } from "../../cloud/src/adapters/memory/memory-queue.js";
import { MemoryStore } from "../../cloud/src/adapters/memory/memory-store.js";
import { ACTION_IDS } from "../../cloud/src/adapters/slack/blocks/index.js";
import { createInteractionHandler } from "../../cloud/src/adapters/slack/interactions.js";
import { SlackNotifier } from "../../cloud/src/adapters/slack/notifier.js";
import { slackSignature } from "../../cloud/src/adapters/slack/signature.js";
import { processInvestigation } from "../../cloud/src/core/runner/index.js";
import { DEFAULT_RULESET } from "../../cloud/src/core/rules/index.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { startLocalServer, type LocalServer } from "../../cloud/src/local/server.js";
import { SCENARIOS_DIR } from "../scenarios/loader.js";
import { scenarioRun } from "../slack-server/fixtures.js";
import { SlackTestServer } from "../slack-server/server.js";

const BOT = "xoxb-fuzz-bot";
const SIGNING = "fuzz-signing-secret-0123456789";
let slack: SlackTestServer;
let server: LocalServer;
const store = new MemoryStore();

beforeAll(async () => {
  slack = await new SlackTestServer({ token: BOT }).start();
  const run = await scenarioRun(join(SCENARIOS_DIR, "checkout-configmap-bad-value"));
  await store.createInvestigation(run.record("fz-1"));
  await processInvestigation("fz-1", { store, gateway: run.gateway, clock: run.clock, notifier: new SlackNotifier({ token: BOT, channel: "C1", slackApiUrl: slack.url, minUpdateIntervalMs: 0 }) });
  server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: ["fuzz-webhook-token-0123"], logger: createLogger({ write: () => {}, level: "error" }),
    intake: { store, queue: new MemoryQueue(), clock: { now: () => new Date() }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "local" } },
    slackInteractions: await createInteractionHandler({ token: BOT, slackApiUrl: slack.url, signingSecret: SIGNING, store, clock: { now: () => new Date() } }),
  });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

const body = (user = "sam") => `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", user: { id: "U9", username: user }, actions: [{ action_id: ACTION_IDS.accurate, value: "fz-1" }] }))}`;
const now = () => Math.floor(Date.now() / 1000);

async function send(b: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(`${server.url}/slack/interactions`, { method: "POST", body: b, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  await r.arrayBuffer();
  return r.status;
}

describe("Slack interactions with bad or replayed signatures", () => {
  it("random, tampered, replayed and foreign signatures: 401, nothing stored, Slack not called", async () => {
    const callsBefore = slack.calls.length;
    const ascii = fc.string({ maxLength: 80 }).filter((s) => [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f));
    await fc.assert(fc.asyncProperty(fc.option(ascii), fc.option(ascii), async (ts, sig) => {
      const h: Record<string, string> = {};
      if (ts !== null) h["x-slack-request-timestamp"] = ts;
      if (sig !== null) h["x-slack-signature"] = sig;
      expect(await send(body(), h)).toBe(401);
    }), { numRuns: 150 });
    const ts = String(now());
    const good = slackSignature(SIGNING, ts, body());
    const cases: [string, string, Record<string, string>][] = [
      ["tampered body", body("mallory"), { "x-slack-request-timestamp": ts, "x-slack-signature": good }],
      ["tampered timestamp", body(), { "x-slack-request-timestamp": String(now() - 1), "x-slack-signature": good }],
      ["replayed after 5 min", body(), { "x-slack-request-timestamp": String(now() - 301), "x-slack-signature": slackSignature(SIGNING, String(now() - 301), body()) }],
      ["from the future", body(), { "x-slack-request-timestamp": String(now() + 301), "x-slack-signature": slackSignature(SIGNING, String(now() + 301), body()) }],
      ["other secret", body(), { "x-slack-request-timestamp": ts, "x-slack-signature": slackSignature("another-secret", ts, body()) }],
      ["upper-case hex", body(), { "x-slack-request-timestamp": ts, "x-slack-signature": `v0=${good.slice(3).toUpperCase()}` }],
      ["v1 scheme", body(), { "x-slack-request-timestamp": ts, "x-slack-signature": `v1=${good.slice(3)}` }],
      ["flipped last nibble", body(), { "x-slack-request-timestamp": ts, "x-slack-signature": good.slice(0, -1) + (good.endsWith("0") ? "1" : "0") }],
    ];
    for (const [what, b, h] of cases) expect(await send(b, h), what).toBe(401);
    expect(await store.listFeedback({})).toEqual([]);
    expect(slack.calls.length).toBe(callsBefore);
  });

  it("a fresh, correctly signed click is accepted (the fixture is not broken)", async () => {
    const ts = String(now());
    expect(await send(body(), { "x-slack-request-timestamp": ts, "x-slack-signature": slackSignature(SIGNING, ts, body()) })).toBe(200);
    expect(await store.listFeedback({})).toHaveLength(1);
  });
});
