/**
 * SlackNotifier through the real @slack/web-api client against the local Slack Web API server: live progress
 * edits, final blocks, thread replies, resolved updates, 429 + Retry-After, 5xx retries, an outage that leaves the
 * report deliveryPending and a later retry that delivers it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKubesleuthError } from "../../../../shared/src/index.js";
import { SlackTestServer } from "../../../../test/slack-server/server.js";
import { scenarioRun, type ScenarioRun } from "../../../../test/slack-server/fixtures.js";
import { SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { MemoryStore } from "../memory/memory-store.js";
import { processInvestigation } from "../../core/runner/index.js";
import { MessageSchema } from "./blocks/index.js";
import { retryPendingDeliveries } from "./deliveries.js";
import { SlackNotifier } from "./notifier.js";

const TOKEN = "xoxb-test-token";
const CHANNEL = "C0INCIDENTS";
const FAST_RETRY = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 };
let slack: SlackTestServer;
let run: ScenarioRun;

beforeAll(async () => {
  slack = await new SlackTestServer({
    token: TOKEN,
    validateMessage: (m) => {
      const r = MessageSchema.safeParse(m);
      return r.success ? undefined : JSON.stringify(r.error.issues.slice(0, 3));
    },
  }).start();
  run = await scenarioRun(join(SCENARIOS_DIR, "payments-oom"));
});
afterAll(async () => slack?.close());

const notifier = (o: Partial<ConstructorParameters<typeof SlackNotifier>[0]> = {}) =>
  new SlackNotifier({ token: TOKEN, channel: CHANNEL, slackApiUrl: slack.url, retryConfig: FAST_RETRY, minUpdateIntervalMs: 0, warn: () => {}, ...o });

describe("SlackNotifier", () => {
  it("posts 'Investigating…', edits it per stage, replaces it with the diagnosis and threads the evidence + report", async () => {
    const store = new MemoryStore(run.clock);
    await store.createInvestigation(run.record("n1"));
    const before = slack.calls.length;
    const out = await processInvestigation("n1", { store, gateway: run.gateway, clock: run.clock, notifier: notifier({ portalUrl: "https://kubesleuth.example.com" }) });
    expect(out).toMatchObject({ status: "complete", deliveryPending: false });
    const rec = (await store.getInvestigation("n1"))!;
    const calls = slack.calls.slice(before);
    expect(calls[0]!.method).toBe("chat.postMessage");
    expect(calls[0]!.token).toBe(TOKEN);
    const t = run.alert.target!;
    expect(calls[0]!.args.text).toBe(`Investigating ${run.alert.alertname} on ${t.kind.toLowerCase()}/${t.name} (${t.namespace}, ${run.alert.cluster})`);
    expect(rec.notification!.channel).toBe(CHANNEL);
    // The message the runner remembered is the one that was posted first.
    expect(slack.topLevel(CHANNEL).find((m) => m.ts === rec.notification!.ts)).toBeDefined();

    const main = slack.messages.get(`${CHANNEL}|${rec.notification!.ts}`)!;
    // Edited in place: progress edits first, the diagnosis last (never overwritten by a late progress edit).
    expect(main.edits.length).toBeGreaterThanOrEqual(1);
    const last = main.edits.at(-1)!;
    expect(last.blocks![0]).toMatchObject({ type: "header" });
    expect(last.text).toContain("oom-killed");
    expect(last.blocks!.at(-1)).toMatchObject({ type: "actions", block_id: "kubesleuth_feedback" });
    for (const e of main.edits.slice(0, -1)) expect(e.text).toMatch(/^Investigating /);
    const progressText = JSON.stringify(main.edits.slice(0, -1).map((e) => e.blocks));
    if (main.edits.length > 1) expect(progressText).toMatch(/resolve|topology|evidence/);

    const replies = slack.replies(rec.notification!.ts);
    expect(replies.length).toBeGreaterThanOrEqual(2);
    const threadText = JSON.stringify(replies.map((r) => r.blocks));
    expect(threadText).toContain("Evidence trail");
    expect(threadText).toContain("Full report");
    expect(threadText).toContain("kubectl");
    expect(slack.validationErrors).toEqual([]);
  });

  it("waits out a 429 Retry-After and retries 5xx through @slack/web-api's retry policy", async () => {
    const n = notifier();
    slack.script("chat.postMessage", { status: 429, retryAfter: 1 }, { status: 500 });
    const before = slack.calls.length;
    const where = await n.started(run.record("n2"));
    const posts = slack.calls.slice(before).filter((c) => c.method === "chat.postMessage");
    expect(posts.map((c) => c.status)).toEqual([429, 500, 200]);
    expect(slack.messages.get(`${CHANNEL}|${where.ts}`)).toBeDefined();
  });

  it("an outage throws NOTIFIER_ERROR: the runner keeps the report deliveryPending; retryPendingDeliveries delivers it later", async () => {
    const store = new MemoryStore(run.clock);
    await store.createInvestigation(run.record("n3"));
    const n = notifier({ store });
    slack.down = 503;
    try {
      const out = await processInvestigation("n3", { store, gateway: run.gateway, clock: run.clock, notifier: n, warn: () => {} });
      expect(out).toMatchObject({ status: "complete", deliveryPending: true });
      const pending = (await store.getInvestigation("n3"))!;
      expect(pending).toMatchObject({ status: "complete", deliveryPending: true });
      expect(pending.report!.rootCause.category).toBe("oom-killed");
      expect(pending.notification).toBeUndefined();

      const err = await n.completed(pending, pending.report!).catch((e) => e);
      expect(isKubesleuthError(err) && err.code).toBe("NOTIFIER_ERROR");
      expect(err.message).toContain("http_503");
      // Still down: the retry reports the failure and keeps the flag.
      expect((await retryPendingDeliveries(store, n, { now: run.clock.now() })).failed.map((f) => f.id)).toEqual(["n3"]);
      expect((await store.getInvestigation("n3"))!.deliveryPending).toBe(true);
    } finally {
      slack.down = undefined;
    }
    const retried = await retryPendingDeliveries(store, n, { now: run.clock.now() });
    expect(retried).toEqual({ delivered: ["n3"], failed: [] });
    const rec = (await store.getInvestigation("n3"))!;
    expect(rec.deliveryPending).toBe(false);
    expect(slack.messages.get(`${CHANNEL}|${rec.notification!.ts}`)!.text).toContain("oom-killed");
    expect(slack.replies(rec.notification!.ts).length).toBeGreaterThanOrEqual(2);
  });

  it("typed error with Slack's code for ok:false answers (revoked token), no retries wasted on it", async () => {
    const before = slack.calls.length;
    const err = await notifier({ token: "xoxb-revoked" }).started(run.record("n5")).catch((e) => e);
    expect(isKubesleuthError(err) && err.code).toBe("NOTIFIER_ERROR");
    expect(err.message).toContain("invalid_auth");
    expect(slack.calls.length - before).toBe(1);
  });

  it("posts a new message when the original was deleted and remembers where", async () => {
    const store = new MemoryStore(run.clock);
    await store.createInvestigation(run.record("n6", { notification: { channel: CHANNEL, ts: "999.000001" } }));
    await processInvestigation("n6", { store, gateway: run.gateway, clock: run.clock, notifier: notifier({ store, minUpdateIntervalMs: 60_000 }), warn: () => {} });
    const rec = (await store.getInvestigation("n6"))!;
    expect(rec.deliveryPending).toBeFalsy();
    expect(rec.notification!.ts).not.toBe("999.000001");
    expect(slack.messages.get(`${CHANNEL}|${rec.notification!.ts}`)!.text).toContain("oom-killed");
  });

  it("resolved: a thread reply and the resolved line on the diagnosis", async () => {
    const store = new MemoryStore(run.clock);
    await store.createInvestigation(run.record("n7"));
    const n = notifier();
    await processInvestigation("n7", { store, gateway: run.gateway, clock: run.clock, notifier: n });
    const rec = await store.updateInvestigation("n7", { resolvedAt: "2026-11-18T10:00:00.000Z" });
    await n.resolved(rec);
    const replies = slack.replies(rec.notification!.ts);
    expect(replies.at(-1)!.text).toContain("resolved");
    expect(JSON.stringify(slack.messages.get(`${CHANNEL}|${rec.notification!.ts}`)!.blocks)).toContain("Alert resolved at 2026-11-18T10:00:00.000Z");
  });
});
