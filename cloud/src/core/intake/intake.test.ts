import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KubesleuthError, type Report, type StageStatus } from "../../../../shared/src/index.js";
import { MemoryQueue } from "../../adapters/memory/memory-queue.js";
import { MemoryStore } from "../../adapters/memory/memory-store.js";
import type { Clock, InvestigationQueue, InvestigationRecord, InvestigationStore, Notifier } from "../ports.js";
import { DEFAULT_RULESET, parseRules, type RuleSet } from "../rules/index.js";
import { intakeWebhook, releaseQueued, type IntakeDeps } from "./intake.js";

class TestClock implements Clock {
  constructor(public t = Date.parse("2026-11-20T02:51:00Z")) {}
  now() { return new Date(this.t); }
  advance(minutes: number) { this.t += minutes * 60_000; }
}

class RecordingNotifier implements Notifier {
  resolvedIds: string[] = [];
  fail = false;
  async started() { return undefined; }
  async progress(_i: InvestigationRecord, _s: StageStatus[]) {}
  async completed(_i: InvestigationRecord, _r: Report) {}
  async resolved(inv: InvestigationRecord) {
    if (this.fail) throw new Error("slack down");
    this.resolvedIds.push(inv.id);
  }
}

interface AmAlert { name?: string; fp: string; labels?: Record<string, string>; status?: "firing" | "resolved"; startsAt?: string }
function amBody(alerts: AmAlert[], groupKey = '{}:{alertname="KubePodCrashLooping", namespace="payments"}') {
  return {
    version: "4", groupKey, status: alerts.some((a) => (a.status ?? "firing") === "firing") ? "firing" : "resolved", receiver: "kubesleuth",
    groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: "http://am", truncatedAlerts: 0,
    alerts: alerts.map((a) => ({
      status: a.status ?? "firing",
      labels: { alertname: a.name ?? "KubePodCrashLooping", namespace: "payments", severity: "warning", cluster: "prod", ...a.labels },
      annotations: {}, startsAt: a.startsAt ?? "2026-11-20T02:40:00Z", endsAt: a.status === "resolved" ? "2026-11-20T03:00:00Z" : "0001-01-01T00:00:00Z",
      generatorURL: "", fingerprint: a.fp,
    })),
  };
}
const podA = { pod: "payments-api-1", container: "api" };
const podB = { pod: "payments-api-2", container: "api" };

function setup(rules: RuleSet = DEFAULT_RULESET, over: Partial<IntakeDeps> = {}) {
  const clock = new TestClock();
  const store = new MemoryStore(clock);
  const queue = new MemoryQueue();
  const notifier = new RecordingNotifier();
  const deps: IntakeDeps = { store, queue, notifier, clock, rules, config: { clusterLabel: "cluster", defaultCluster: "default" }, ...over };
  const all = () => store.listInvestigations({});
  return { clock, store, queue, notifier, deps, all };
}

describe("intake", () => {
  it("starts one investigation for a new alert and enqueues it", async () => {
    const { deps, queue, all } = setup();
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    expect(r.accepted).toBe(1);
    expect(r.decisions[0]).toMatchObject({ action: "investigate", fingerprint: "a1", alertname: "KubePodCrashLooping" });
    const [inv] = await all();
    expect(inv).toMatchObject({
      id: r.decisions[0]!.investigationId, clusterId: "prod", targetKey: "prod|Pod/payments/payments-api-1", dedupKey: "alertmanager|a1",
      status: "queued", attempts: 0, attached: [], enqueuedAt: "2026-11-20T02:51:00.000Z",
    });
    expect(queue.history).toEqual([inv!.id]);
    expect(r.enqueued).toEqual([inv!.id]);
  });

  it("treats a repeated webhook as a duplicate: one investigation, enqueued once", async () => {
    const { deps, queue, all, clock } = setup();
    const body = amBody([{ fp: "a1", labels: podA }]);
    await intakeWebhook("alertmanager", body, deps);
    clock.advance(240); // Alertmanager repeat_interval: same alert, same startsAt
    const r = await intakeWebhook("alertmanager", JSON.stringify(body), deps);
    expect(r.decisions[0]).toMatchObject({ action: "duplicate" });
    expect(await all()).toHaveLength(1);
    expect(queue.history).toHaveLength(1);
  });

  it("attaches new alerts of the same Alertmanager group to the open investigation", async () => {
    const { deps, all } = setup();
    const first = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }]), deps);
    expect(r.decisions.map((d) => d.action)).toEqual(["duplicate", "attach"]);
    expect(r.decisions[1]!.investigationId).toBe(first.decisions[0]!.investigationId);
    expect(r.decisions[1]!.reason).toMatch(/same alert group/);
    const again = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }]), deps);
    expect(again.decisions.map((d) => d.action)).toEqual(["duplicate", "duplicate"]);
    const [inv] = await all();
    expect(inv!.attached.map((a) => a.fingerprint)).toEqual(["b2"]);
  });

  it("attaches a different alert on a target already under investigation", async () => {
    const { deps, all } = setup();
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "c3", name: "KubePodNotReady", labels: podA }], "other-group"), deps);
    expect(r.decisions[0]).toMatchObject({ action: "attach", reason: expect.stringMatching(/same target/) });
    expect(await all()).toHaveLength(1);
  });

  it("cool-down: a target investigated minutes ago gets attached, not re-investigated", async () => {
    const { deps, clock, all } = setup(parseRules("settings: {cooldownMinutes: 30}"));
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    clock.advance(5);
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, status: "resolved" }]), deps);
    clock.advance(10);
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, startsAt: "2026-11-20T03:05:00Z" }]), deps);
    expect(r.decisions[0]).toMatchObject({ action: "attach", reason: expect.stringMatching(/cool-down of 30 min/) });
    expect(await all()).toHaveLength(1);
    clock.advance(30);
    const later = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, startsAt: "2026-11-20T03:40:00Z" }]), deps);
    expect(later.decisions[0]!.action).toBe("investigate");
    expect(await all()).toHaveLength(2);
  });

  it("maintenance windows skip with the window's reason and start nothing", async () => {
    const rules = parseRules(`maintenance:\n  - {name: upgrade, match: ['cluster="prod"'], start: "2026-11-20T02:00:00Z", end: "2026-11-20T04:00:00Z", reason: node upgrade}\n`);
    const { deps, queue, all } = setup(rules);
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    expect(r.decisions[0]).toMatchObject({ action: "skip", reason: "maintenance window upgrade: node upgrade" });
    expect(await all()).toHaveLength(0);
    expect(queue.history).toHaveLength(0);
  });

  it("attach-only rules never start an investigation", async () => {
    const rules = parseRules(`rules:\n  - {name: throttling, match: ['alertname="CPUThrottlingHigh"'], action: attach}\n`);
    const { deps, all } = setup(rules);
    const alone = await intakeWebhook("alertmanager", amBody([{ fp: "t1", name: "CPUThrottlingHigh", labels: podA }], "g1"), deps);
    expect(alone.decisions[0]).toMatchObject({ action: "skip", reason: expect.stringMatching(/attach only/) });
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    const withOpen = await intakeWebhook("alertmanager", amBody([{ fp: "t1", name: "CPUThrottlingHigh", labels: podA }], "g1"), deps);
    expect(withOpen.decisions[0]!.action).toBe("attach");
    expect(await all()).toHaveLength(1);
  });

  it("over the cap (queue): creates and queues, starting waiting ones as slots free", async () => {
    const { deps, store, queue, all } = setup(parseRules("settings: {maxConcurrentInvestigations: 2}"));
    const pods = ["p-1", "p-2", "p-3"];
    const results = [];
    for (const [i, pod] of pods.entries()) results.push(await intakeWebhook("alertmanager", amBody([{ fp: `f${i}`, labels: { pod } }], `g${i}`), deps));
    expect(results.map((r) => r.decisions[0]!.action)).toEqual(["investigate", "investigate", "investigate"]);
    expect(results[2]!.decisions[0]!.reason).toMatch(/over the cap of 2 .*queued, starts when a slot frees/);
    expect(await all()).toHaveLength(3);
    expect(queue.history).toHaveLength(2);
    const waiting = results[2]!.decisions[0]!.investigationId!;
    expect((await store.getInvestigation(waiting))!.enqueuedAt).toBeUndefined();
    // One finishes: the worker releases the waiting one.
    await store.updateInvestigation(results[0]!.decisions[0]!.investigationId!, { status: "complete" });
    expect(await releaseQueued(deps)).toEqual([waiting]);
    expect(queue.history).toEqual([results[0]!.decisions[0]!.investigationId, results[1]!.decisions[0]!.investigationId, waiting]);
  });

  it("over the cap (attach): attaches to the newest open investigation of the cluster and says so", async () => {
    const { deps, all } = setup(parseRules("settings: {maxConcurrentInvestigations: 1, overCap: attach}"));
    const first = await intakeWebhook("alertmanager", amBody([{ fp: "f1", labels: { pod: "p-1" } }], "g1"), deps);
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "f2", labels: { pod: "p-2" } }], "g2"), deps);
    expect(r.decisions[0]).toMatchObject({ action: "attach", investigationId: first.decisions[0]!.investigationId, reason: expect.stringMatching(/over the cap of 1/) });
    expect(await all()).toHaveLength(1);
  });

  it("closes the investigation when its last firing alert resolves and notifies", async () => {
    const { deps, notifier, store, clock } = setup();
    const r1 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }]), deps);
    const id = r1.decisions[0]!.investigationId!;
    expect(r1.decisions[1]).toMatchObject({ action: "attach", investigationId: id });
    clock.advance(10);
    const r2 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, status: "resolved" }, { fp: "b2", labels: podB }]), deps);
    expect(r2.decisions[0]).toMatchObject({ action: "attach", reason: expect.stringMatching(/1 alert\(s\) of .* still firing/) });
    expect((await store.getInvestigation(id))!.resolvedAt).toBeUndefined();
    const r3 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, status: "resolved" }, { fp: "b2", labels: podB, status: "resolved" }]), deps);
    expect(r3.decisions.map((d) => d.action)).toEqual(["duplicate", "resolve"]);
    expect((await store.getInvestigation(id))!.resolvedAt).toBe("2026-11-20T03:01:00.000Z");
    expect(notifier.resolvedIds).toEqual([id]);
    const again = await intakeWebhook("alertmanager", amBody([{ fp: "b2", labels: podB, status: "resolved" }]), deps);
    expect(again.decisions[0]!.action).toBe("duplicate");
    expect(notifier.resolvedIds).toEqual([id]);
  });

  it("onResolved: annotate notes the resolution and leaves the investigation open", async () => {
    const { deps, store } = setup(parseRules("settings: {onResolved: annotate}"));
    const r1 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    const r2 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, status: "resolved" }]), deps);
    expect(r2.decisions[0]).toMatchObject({ action: "attach", reason: expect.stringMatching(/annotate/) });
    const inv = (await store.getInvestigation(r1.decisions[0]!.investigationId!))!;
    expect(inv.resolvedAt).toBeUndefined();
    expect(inv.attached).toMatchObject([{ fingerprint: "a1", status: "resolved" }]);
  });

  it("a failing notifier does not fail the close", async () => {
    const { deps, notifier, store } = setup();
    notifier.fail = true;
    const r1 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    const r2 = await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA, status: "resolved" }]), deps);
    expect(r2.decisions[0]).toMatchObject({ action: "resolve", reason: expect.stringMatching(/notifier failed: slack down/) });
    expect((await store.getInvestigation(r1.decisions[0]!.investigationId!))!.resolvedAt).toBeDefined();
  });

  it("a resolved alert nobody investigated is skipped with a reason", async () => {
    const { deps } = setup();
    const r = await intakeWebhook("alertmanager", amBody([{ fp: "z9", labels: podA, status: "resolved" }]), deps);
    expect(r.decisions[0]).toMatchObject({ action: "skip", reason: "resolved alert with no open investigation" });
  });

  it("rejects a malformed body with BAD_REQUEST before touching the store", async () => {
    const { deps, store } = setup();
    await expect(intakeWebhook("alertmanager", { version: "4", alerts: "x" }, deps)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(store.snapshot().alerts).toHaveLength(0);
    await expect(intakeWebhook("nagios", {}, deps)).rejects.toMatchObject({ code: "UNSUPPORTED_SOURCE" });
  });

  it("passes an SNS subscription confirmation through for the handler", async () => {
    const { deps } = setup();
    const body = JSON.parse(readFileSync(new URL("../normalize/fixtures/sns-subscription-confirmation.json", import.meta.url), "utf8"));
    const r = await intakeWebhook("cloudwatch", body, deps);
    expect(r).toMatchObject({ accepted: 0, decisions: [], subscriptionConfirmation: { topicArn: body.TopicArn } });
  });
});

/** Wraps a store or queue and fails the n-th call of one method once. */
function failOnce<T extends object>(target: T, method: string, nth: number, error: () => unknown): T & { failed: boolean } {
  let calls = 0;
  const state = { failed: false };
  return new Proxy(target, {
    get(t, prop, recv) {
      if (prop === "failed") return state.failed;
      const v = Reflect.get(t, prop, recv);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (prop === method && ++calls === nth) {
          state.failed = true;
          return Promise.reject(error());
        }
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  }) as T & { failed: boolean };
}

describe("intake under store and queue failures", () => {
  const storeMethods = ["recordAlert", "findOpen", "listInvestigations", "listActive", "createInvestigation", "getInvestigation", "updateInvestigation"];
  const scenario = async (deps: IntakeDeps) => {
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }]), deps);
    await intakeWebhook("alertmanager", amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }]), deps);
  };

  for (const method of storeMethods) {
    for (const nth of [1, 2, 3]) {
      it(`store.${method} failing on call ${nth}: 503, and retrying the webhook ends with exactly one investigation, enqueued`, async () => {
        const { deps, store, queue, all } = setup(parseRules("settings: {maxConcurrentInvestigations: 5}"));
        const flaky = failOnce<InvestigationStore>(store, method, nth, () => new Error("ECONNRESET"));
        const d = { ...deps, store: flaky };
        const bodies = [amBody([{ fp: "a1", labels: podA }]), amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }])];
        for (const body of bodies) {
          for (let attempt = 0; ; attempt++) {
            try {
              await intakeWebhook("alertmanager", body, d);
              break;
            } catch (e) {
              expect(e).toBeInstanceOf(KubesleuthError);
              expect((e as KubesleuthError).code).toBe("STORE_UNAVAILABLE");
              expect((e as KubesleuthError).status).toBe(503);
              expect(attempt).toBe(0);
            }
          }
        }
        const invs = await all();
        expect(invs).toHaveLength(1);
        expect(invs[0]!.enqueuedAt).toBeDefined();
        expect(new Set(queue.history)).toEqual(new Set([invs[0]!.id]));
        expect(invs[0]!.attached.map((a) => a.fingerprint)).toEqual(["b2"]);
        if (!flaky.failed) await scenario(d); // the method was not called that often: still consistent
      });
    }
  }

  it("queue failure: 503, the retry enqueues the investigation it created", async () => {
    const { deps, queue, all } = setup();
    const flaky = failOnce<InvestigationQueue>(queue, "enqueue", 1, () => new Error("sqs throttled"));
    const d = { ...deps, queue: flaky };
    const body = amBody([{ fp: "a1", labels: podA }]);
    await expect(intakeWebhook("alertmanager", body, d)).rejects.toMatchObject({ code: "QUEUE_UNAVAILABLE", status: 503 });
    expect(queue.history).toHaveLength(0);
    const r = await intakeWebhook("alertmanager", body, d);
    expect(r.decisions[0]!.action).toBe("duplicate");
    const invs = await all();
    expect(invs).toHaveLength(1);
    expect(queue.history).toEqual([invs[0]!.id]);
    expect(r.enqueued).toEqual([invs[0]!.id]);
  });

  it("with random ids (newId) a retry still converges on one investigation", async () => {
    let n = 0;
    const { deps, store, all } = setup(DEFAULT_RULESET, { newId: () => `inv-${++n}` });
    const flaky = failOnce<InvestigationStore>(store, "updateInvestigation", 1, () => new Error("timeout"));
    const d = { ...deps, store: flaky };
    const body = amBody([{ fp: "a1", labels: podA }]);
    await expect(intakeWebhook("alertmanager", body, d)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await intakeWebhook("alertmanager", body, d);
    expect((await all()).map((i) => i.id)).toEqual(["inv-1"]);
  });
});

describe("alert storm", () => {
  it("1,000 webhooks (repeats, group updates, distinct alerts): none lost, one investigation per target", async () => {
    const { deps, all, queue } = setup(parseRules("settings: {maxConcurrentInvestigations: 0}"));
    const targets = 50;
    const decisions = [];
    for (let i = 0; i < 1000; i++) {
      const t = i % targets;
      const alerts: AmAlert[] = [{ fp: `fp-${t}`, labels: { pod: `api-${t}` } }];
      if (i % 3 === 0) alerts.push({ fp: `fp-${t}-b`, labels: { pod: `api-${t}` }, name: "KubePodNotReady" });
      const r = await intakeWebhook("alertmanager", amBody(alerts, `group-${t}`), deps);
      decisions.push(...r.decisions);
    }
    expect(decisions.every((d) => d.investigationId)).toBe(true);
    const invs = await all();
    expect(invs).toHaveLength(targets);
    expect(new Set(queue.history).size).toBe(targets);
    expect(decisions.filter((d) => d.action === "investigate")).toHaveLength(targets);
    for (const inv of invs) expect(inv.attached.length).toBeLessThanOrEqual(1);
  });

  it("concurrent deliveries of the same group in one process start one investigation", async () => {
    const { deps, all } = setup();
    const body = amBody([{ fp: "a1", labels: podA }, { fp: "b2", labels: podB }]);
    await Promise.all(Array.from({ length: 20 }, () => intakeWebhook("alertmanager", body, deps)));
    expect(await all()).toHaveLength(1);
  });
});
