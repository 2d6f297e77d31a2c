/**
 * The interactions endpoint end to end: signed Slack payloads → feedback stored → message edited through the
 * real @slack/web-api client against the local Slack server; and the point of it all: verdicts recorded this way
 * change the confidence of the next investigation of the same kind (the real engine, twice, the store between).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { scenarioRun, type ScenarioRun } from "../../../../test/slack-server/fixtures.js";
import { SlackTestServer } from "../../../../test/slack-server/server.js";
import { processInvestigation } from "../../core/runner/index.js";
import { MemoryStore } from "../memory/memory-store.js";
import { ACTION_IDS, CATEGORY_ACTION, CATEGORY_BLOCK, MODAL_CALLBACK_ID, MessageSchema, ModalViewSchema, NOTE_ACTION, NOTE_BLOCK } from "./blocks/index.js";
import { WebApiSlack } from "./client.js";
import { handleSlackInteraction, type InteractionDeps } from "./interactions.js";
import { SlackNotifier } from "./notifier.js";
import { slackSignature } from "./signature.js";

const TOKEN = "xoxb-interactions";
const SECRET = "signing-secret-for-tests";
const CHANNEL = "C0FEEDBACK";
let slack: SlackTestServer;
let run: ScenarioRun;

beforeAll(async () => {
  slack = await new SlackTestServer({ token: TOKEN, validateMessage: (m) => (MessageSchema.safeParse(m).success ? undefined : "invalid") }).start();
  run = await scenarioRun(join(SCENARIOS_DIR, "payments-oom"));
});
afterAll(async () => slack?.close());

const api = () => new WebApiSlack({ token: TOKEN, slackApiUrl: slack.url, retryConfig: { retries: 0 } });

function signed(payload: unknown, o: { secret?: string; skewSeconds?: number; tamper?: boolean; omit?: boolean } = {}) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = String(Math.floor(run.clock.now().getTime() / 1000) + (o.skewSeconds ?? 0));
  const headers: Record<string, string> = o.omit ? {} : { "x-slack-request-timestamp": ts, "x-slack-signature": slackSignature(o.secret ?? SECRET, ts, body) };
  const raw = Buffer.from(o.tamper ? body.replace("wrong", "accurate") : body);
  return { rawBody: raw, header: (n: string) => headers[n.toLowerCase()] };
}

const click = (investigationId: string, action: keyof typeof ACTION_IDS, user: string, message_ts?: string) => ({
  type: "block_actions", user: { id: `U_${user}`, username: user, name: user }, trigger_id: "12345.98765.abcd",
  container: { type: "message", channel_id: CHANNEL, message_ts }, team: { id: "T1" },
  actions: [{ type: "button", action_id: ACTION_IDS[action], block_id: "kubesleuth_feedback", value: investigationId, action_ts: "1" }],
});

async function setup() {
  const store = new MemoryStore(run.clock);
  const notifier = new SlackNotifier({ api: api(), channel: CHANNEL, minUpdateIntervalMs: 0, warn: () => {} });
  const deps: InteractionDeps = { signingSecret: SECRET, store, slack: api(), clock: run.clock };
  const investigate = async (id: string) => {
    await store.createInvestigation(run.record(id));
    await processInvestigation(id, { store, gateway: run.gateway, clock: run.clock, notifier });
    return (await store.getInvestigation(id))!;
  };
  return { store, deps, investigate };
}

describe("Slack interactions", () => {
  it("rejects unsigned, stale, tampered and wrongly-signed requests with 401 and stores nothing", async () => {
    const { store, deps, investigate } = await setup();
    const inv = await investigate("i-auth");
    const p = click(inv.id, "wrong", "mallory");
    for (const req of [signed(p, { omit: true }), signed(p, { skewSeconds: -301 }), signed(p, { skewSeconds: 400 }), signed(p, { tamper: true }), signed(p, { secret: "guess" })]) {
      const res = await handleSlackInteraction(req, deps);
      expect(res.status).toBe(401);
      expect(res.body).not.toContain(SECRET);
    }
    expect(await store.listFeedback({})).toEqual([]);
  });

  it("a signed but malformed payload is a 400; unrelated interaction types are acknowledged", async () => {
    const { deps } = await setup();
    expect((await handleSlackInteraction(signed({ type: "block_actions", user: {} }), deps)).status).toBe(400);
    const noPayload = Buffer.from("foo=bar");
    const ts = String(Math.floor(run.clock.now().getTime() / 1000));
    const h: Record<string, string> = { "x-slack-request-timestamp": ts, "x-slack-signature": slackSignature(SECRET, ts, noPayload) };
    expect((await handleSlackInteraction({ rawBody: noPayload, header: (n) => h[n] }, deps)).status).toBe(400);
    expect((await handleSlackInteraction(signed({ type: "view_closed", user: { id: "U1" }, view: {} }), deps)).status).toBe(200);
  });

  it("Accurate: stored once per user and verdict, shown on the message as 'marked accurate by @maria'", async () => {
    const { store, deps, investigate } = await setup();
    const inv = await investigate("i-acc");
    const res = await handleSlackInteraction(signed(click(inv.id, "accurate", "maria", inv.notification!.ts)), deps);
    expect(res.status).toBe(200);
    // Slack retried a slow ack / double click: no second vote.
    await handleSlackInteraction(signed(click(inv.id, "accurate", "maria", inv.notification!.ts)), deps);
    const fb = await store.listFeedback({});
    expect(fb).toHaveLength(1);
    expect(fb[0]).toMatchObject({ investigationId: inv.id, verdict: "accurate", category: "oom-killed", user: "maria", clusterId: inv.clusterId, targetKey: inv.targetKey });
    expect(fb[0]!.analyzer).toBe(inv.report!.rootCause.analyzer);
    expect((await store.getInvestigation(inv.id))!.feedback).toHaveLength(1);
    const msg = slack.messages.get(`${CHANNEL}|${inv.notification!.ts}`)!;
    expect(JSON.stringify(msg.blocks)).toContain("marked accurate by @maria");
    expect(msg.blocks!.at(-1)).toMatchObject({ type: "actions" });
    // The next investigation of the same workload and alert shows the confirmed cause.
    const again = await investigate("i-acc-2");
    const day = run.clock.now().toISOString().slice(0, 10);
    expect(again.report!.history.join("; ")).toContain(`confirmed: oom-killed on ${day}`);
    expect(JSON.stringify(slack.messages.get(`${CHANNEL}|${again.notification!.ts}`)!.blocks)).toContain(`confirmed: oom-killed on ${day}`);
  });

  it("Add context: opens the modal; its submission stores the real root cause and the note", async () => {
    const { store, deps, investigate } = await setup();
    const inv = await investigate("i-ctx");
    const before = slack.callsOf("views.open").length;
    expect((await handleSlackInteraction(signed(click(inv.id, "context", "li", inv.notification!.ts)), deps)).status).toBe(200);
    const open = slack.callsOf("views.open").slice(before);
    expect(open).toHaveLength(1);
    expect(open[0]!.args.trigger_id).toBe("12345.98765.abcd");
    const view = open[0]!.args.view;
    expect(ModalViewSchema.safeParse(view).success).toBe(true);
    expect(await store.listFeedback({})).toEqual([]);

    const submit = (category: string | null, note: string) => ({
      type: "view_submission", user: { id: "U_li", username: "li" },
      view: {
        id: "V1", callback_id: MODAL_CALLBACK_ID, private_metadata: view.private_metadata,
        state: { values: { [CATEGORY_BLOCK]: { [CATEGORY_ACTION]: { type: "static_select", selected_option: category ? { value: category, text: { type: "plain_text", text: category } } : null } }, [NOTE_BLOCK]: { [NOTE_ACTION]: { type: "plain_text_input", value: note } } } },
      },
    });
    const bad = await handleSlackInteraction(signed(submit("not-a-category", "x")), deps);
    expect(JSON.parse(bad.body)).toMatchObject({ response_action: "errors" });
    const good = await handleSlackInteraction(signed(submit("config-value", "JAVA_OPTS -Xmx was set above the limit in the ConfigMap")), deps);
    expect(good).toMatchObject({ status: 200, body: "" });
    const fb = await store.listFeedback({});
    expect(fb).toHaveLength(1);
    expect(fb[0]).toMatchObject({ verdict: "wrong", category: "oom-killed", correctedCategory: "config-value", note: "JAVA_OPTS -Xmx was set above the limit in the ConfigMap", user: "li" });
    expect(JSON.stringify(slack.messages.get(`${CHANNEL}|${inv.notification!.ts}`)!.blocks)).toContain("marked wrong by @li; real cause: config-value");
  });

  it("verdicts recorded through signed interactions change the confidence of the next investigation of the same kind", async () => {
    const { store, deps, investigate } = await setup();
    const first = await investigate("i-first");
    expect(first.report!.rootCause).toMatchObject({ category: "oom-killed", confidence: "high" });

    // Control: the same alert again with no feedback keeps its confidence.
    const control = await investigate("i-control");
    expect(control.report!.rootCause.confidence).toBe("high");

    for (const user of ["maria", "li"]) {
      const res = await handleSlackInteraction(signed(click(first.id, "wrong", user, first.notification!.ts)), deps);
      expect(res.status).toBe(200);
    }
    expect(await store.listFeedback({ clusterId: first.clusterId })).toHaveLength(2);

    const next = await investigate("i-next");
    expect(next.report!.rootCause.category).toBe("oom-killed");
    expect(next.report!.rootCause.confidence).toBe("medium");
    expect(next.report!.rootCause.score!).toBeLessThan(control.report!.rootCause.score!);
    // The recurrence is shown on the new diagnosis.
    expect(next.report!.history.join(" ")).toMatch(/fired 3 times this week/);
    const posted = slack.messages.get(`${CHANNEL}|${next.notification!.ts}`)!;
    expect(JSON.stringify(posted.blocks)).toContain(":large_orange_circle:");
    expect(JSON.stringify(posted.blocks)).toContain("fired 3 times this week");
  });
});
