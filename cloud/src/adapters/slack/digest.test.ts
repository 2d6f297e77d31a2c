/** The daily digest: pure figures from records, and from investigations stored by the real runner, posted to Slack. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../../../shared/src/index.js";
import { SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { scenarioRun } from "../../../../test/slack-server/fixtures.js";
import { SlackTestServer } from "../../../../test/slack-server/server.js";
import type { FeedbackRecord, InvestigationRecord } from "../../core/ports.js";
import { processInvestigation } from "../../core/runner/index.js";
import { MemoryStore } from "../memory/memory-store.js";
import { MessageSchema } from "./blocks/index.js";
import { WebApiSlack } from "./client.js";
import { computeDigest, digestMessage, percentile, postDigest } from "./digest.js";

const NOW = new Date("2026-11-18T08:00:00Z");
const iso = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

function rec(id: string, o: { minutesAgo: number; category?: Report["rootCause"]["category"]; target?: string; diagMs?: number; attached?: number; status?: InvestigationRecord["status"] }): InvestigationRecord {
  const created = iso(o.minutesAgo);
  const target = { kind: "Deployment", namespace: "shop", name: o.target ?? "checkout" };
  const report = o.category ? ({
    investigationId: id, status: "complete", rootCause: { category: o.category, confidence: "high", summary: "s" },
    timing: { startedAt: created, finishedAt: new Date(Date.parse(created) + (o.diagMs ?? 1000)).toISOString(), durationMs: 5 },
  } as unknown as Report) : undefined;
  return {
    id, clusterId: "prod", targetKey: `prod|Deployment/shop/${target.name}`, dedupKey: id, alertname: "KubePodCrashLooping",
    status: o.status ?? (report ? "complete" : "failed"), createdAt: created, updatedAt: created,
    alert: { source: "alertmanager", fingerprint: id, status: "firing", alertname: "KubePodCrashLooping", cluster: "prod", namespace: "shop", target, labels: {}, annotations: {}, startsAt: created, links: [], receivedAt: created },
    attached: Array.from({ length: o.attached ?? 0 }, (_, i) => ({ fingerprint: `${id}-${i}`, alertname: "KubePodCrashLooping", status: "firing" as const, receivedAt: created })),
    feedback: [], attempts: 1, report,
  };
}

const fb = (id: string, verdict: FeedbackRecord["verdict"], user: string, minutesAgo: number): FeedbackRecord => ({
  investigationId: id, clusterId: "prod", targetKey: "t", alertname: "a", verdict, category: "oom-killed", user, at: iso(minutesAgo),
});

describe("computeDigest", () => {
  it("counts by category, time to diagnosis p50/p95, accuracy from feedback, noisiest workloads, last 24 h only", () => {
    const records = [
      ...Array.from({ length: 10 }, (_, i) => rec(`a${i}`, { minutesAgo: 30 + i, category: "oom-killed", diagMs: (i + 1) * 1000, attached: i === 0 ? 4 : 0 })),
      rec("b1", { minutesAgo: 100, category: "config-value", target: "search", diagMs: 20_000 }),
      rec("b2", { minutesAgo: 200, category: "config-value", target: "search", diagMs: 30_000 }),
      rec("f1", { minutesAgo: 300, target: "batch" }),
      rec("old", { minutesAgo: 25 * 60, category: "image-pull", target: "legacy" }),
    ];
    const feedback = [fb("a0", "accurate", "maria", 10), fb("a1", "wrong", "li", 10), fb("a1", "partly", "li", 5), fb("b1", "accurate", "sam", 20), fb("old", "wrong", "x", 26 * 60)];
    const d = computeDigest(records, feedback, NOW);
    expect(d.investigations).toBe(13);
    expect(d.alerts).toBe(17);
    expect(d.byStatus).toEqual({ complete: 12, failed: 1 });
    expect(d.byCategory).toEqual([{ category: "oom-killed", count: 10 }, { category: "config-value", count: 2 }]);
    // 12 diagnoses: 1..10 s, 20 s, 30 s → nearest-rank p50 = 6 s, p95 = 30 s.
    expect(d.timeToDiagnosis).toEqual({ n: 12, p50Ms: 6000, p95Ms: 30_000 });
    // li changed their mind (wrong → partly): the latest counts; the old verdict is outside the window.
    expect(d.accuracy).toEqual({ judged: 3, accurate: 2, partly: 1, wrong: 0, rate: 2.5 / 3 });
    expect(d.noisiest[0]).toMatchObject({ label: "deployment/checkout (shop, prod)", alerts: 14, investigations: 10, categories: ["oom-killed"] });
    expect(d.noisiest.map((n) => n.label)).not.toContain("deployment/legacy (shop, prod)");
    const m = digestMessage(d);
    expect(MessageSchema.safeParse(m).success).toBe(true);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("p50 6.0 s · p95 30.0 s");
    expect(text).toContain("83% of 3 verdicts");
    expect(text).toContain("oom-killed: 10");
  });

  it("an empty day says so", () => {
    const m = digestMessage(computeDigest([], [], NOW));
    expect(MessageSchema.safeParse(m).success).toBe(true);
    expect(m.text).toContain("nothing investigated");
  });

  it("percentile is nearest-rank", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe("postDigest from stored investigations", () => {
  let slack: SlackTestServer;
  beforeAll(async () => {
    slack = await new SlackTestServer({ token: "xoxb-d" }).start();
  });
  afterAll(async () => slack?.close());

  it("reads the store, posts the digest to the channel", async () => {
    const runs = await Promise.all(["payments-oom", "checkout-configmap-bad-value", "frontend-image-tag-typo"].map((s) => scenarioRun(join(SCENARIOS_DIR, s))));
    // Scenarios were captured on different days: the records are created within the last hour of "now".
    const now = new Date("2026-11-18T08:00:00Z");
    const store = new MemoryStore({ now: () => now });
    let n = 0;
    for (const r of runs) {
      for (let k = 0; k < (r === runs[0] ? 3 : 1); k++) {
        const id = `d${n++}`;
        const at = new Date(now.getTime() - (n + 1) * 60_000).toISOString();
        await store.createInvestigation(r.record(id, { createdAt: at, alert: { ...r.alert, receivedAt: at } }));
        await processInvestigation(id, { store, gateway: r.gateway, clock: r.clock });
      }
    }
    const first = (await store.getInvestigation("d0"))!;
    const f: FeedbackRecord = { investigationId: "d0", clusterId: first.clusterId, targetKey: first.targetKey, alertname: first.alertname, verdict: "accurate", category: first.report!.rootCause.category, user: "maria", at: now.toISOString() };
    await store.addFeedback(f);
    const { digest, posted } = await postDigest({ store, slack: new WebApiSlack({ token: "xoxb-d", slackApiUrl: slack.url }), channel: "C0DIGEST", now });
    expect(digest.investigations).toBe(5);
    expect(digest.byCategory).toEqual(expect.arrayContaining([{ category: "oom-killed", count: 3 }, { category: "config-value", count: 1 }, { category: "image-pull", count: 1 }]));
    expect(digest.accuracy).toMatchObject({ judged: 1, accurate: 1, rate: 1 });
    expect(digest.noisiest[0]!.investigations).toBe(3);
    expect(digest.timeToDiagnosis?.n).toBe(5);
    expect(digest.byStatus).toEqual({ complete: 5 });
    const msg = slack.messages.get(`C0DIGEST|${posted.ts}`)!;
    expect(JSON.stringify(msg.blocks)).toContain("Noisiest workloads");
  });
});
