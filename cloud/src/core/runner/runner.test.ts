import { describe, expect, it } from "vitest";
import { alertFor, configMap, deployment, NOW, pod, refOf } from "../../../../test/fakes/k8s.js";
import { ScenarioAgent } from "../../../../test/fakes/scenario-agent.js";
import { MemoryStore } from "../../adapters/memory/memory-store.js";
import type { InvestigationRecord, Notifier } from "../ports.js";
import { processInvestigation } from "./process.js";
import { recoverInvestigations } from "./recover.js";

const clock = { now: () => new Date(NOW) };
const d = deployment("shop", "checkout", [{ name: "c", resources: { limits: { memory: "256Mi" } } }]);
const p = pod(d, "a", [{ name: "c", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } } }]);
const gateway = new ScenarioAgent([configMap("shop", "x", {}), d, p], new Map());

function record(id: string, o: Partial<InvestigationRecord> = {}): InvestigationRecord {
  const alert = alertFor(refOf(p));
  return { id, clusterId: "prod", targetKey: `prod|Pod/shop/${p.metadata.name}`, dedupKey: `alertmanager|${id}`, alertname: alert.alertname, status: "queued", createdAt: NOW, updatedAt: NOW, alert, attached: [], feedback: [], attempts: 0, ...o };
}

const recordingNotifier = (failCompleted = false) => {
  const calls: string[] = [];
  const n: Notifier = {
    started: async () => { calls.push("started"); return { channel: "C1", ts: "1.1" }; },
    progress: async () => { calls.push("progress"); },
    completed: async () => { calls.push("completed"); if (failCompleted) throw new Error("slack 500"); },
    resolved: async () => {},
  };
  return { n, calls };
};

describe("processInvestigation", () => {
  it("marks running, stores the report, notifies", async () => {
    const store = new MemoryStore(clock);
    await store.createInvestigation(record("i1"));
    const { n, calls } = recordingNotifier();
    const out = await processInvestigation("i1", { store, gateway, clock, notifier: n });
    expect(out.status).toBe("complete");
    const r = (await store.getInvestigation("i1"))!;
    expect(r).toMatchObject({ status: "complete", attempts: 1, notification: { channel: "C1", ts: "1.1" } });
    expect(r.report!.rootCause.category).toBe("oom-killed");
    expect(calls[0]).toBe("started");
    expect(calls.at(-1)).toBe("completed");
    expect(await processInvestigation("i1", { store, gateway, clock })).toMatchObject({ status: "skipped" });
  });

  it("a failing notifier marks deliveryPending and never fails the investigation; recovery redelivers", async () => {
    const store = new MemoryStore(clock);
    await store.createInvestigation(record("i2"));
    const { n } = recordingNotifier(true);
    const out = await processInvestigation("i2", { store, gateway, clock, notifier: n, warn: () => {} });
    expect(out).toMatchObject({ status: "complete", deliveryPending: true });
    expect((await store.getInvestigation("i2"))!.deliveryPending).toBe(true);
    const ok = recordingNotifier();
    const rec = await recoverInvestigations(store, { store, gateway, clock, notifier: ok.n });
    expect(rec.redelivered).toEqual(["i2"]);
    expect((await store.getInvestigation("i2"))!.deliveryPending).toBe(false);
  });

  it("an unexpected crash marks the record failed with the reason", async () => {
    const store = new MemoryStore(clock);
    await store.createInvestigation(record("i3"));
    const brokenClock = { now: () => { throw new Error("clock exploded"); } };
    const out = await processInvestigation("i3", { store, gateway, clock: brokenClock as any });
    expect(out).toMatchObject({ status: "failed" });
    expect((await store.getInvestigation("i3"))!).toMatchObject({ status: "failed", error: expect.stringContaining("clock exploded") });
  });
});

describe("recoverInvestigations", () => {
  it("resumes queued/running records after a crash and fails those interrupted too often", async () => {
    const store = new MemoryStore(clock);
    await store.createInvestigation(record("q1"));
    await store.createInvestigation(record("r1", { status: "running", attempts: 1 }));
    await store.createInvestigation(record("r2", { status: "running", attempts: 3 }));
    const rec = await recoverInvestigations(store, { store, gateway, clock });
    expect(rec.resumed.sort()).toEqual(["q1", "r1"]);
    expect(rec.failed).toEqual(["r2"]);
    expect((await store.getInvestigation("q1"))!.status).toBe("complete");
    expect((await store.getInvestigation("r1"))!).toMatchObject({ status: "complete", attempts: 2 });
    expect((await store.getInvestigation("r2"))!).toMatchObject({ status: "failed", error: expect.stringContaining("interrupted 3 times") });
    expect(await store.listActive()).toEqual([]);
  });

  it("hands resumable records to a queue when one is given", async () => {
    const store = new MemoryStore(clock);
    await store.createInvestigation(record("q2", { status: "running", attempts: 1 }));
    const queued: string[] = [];
    await recoverInvestigations(store, { store, gateway, clock }, { enqueue: async (id) => { queued.push(id); } });
    expect(queued).toEqual(["q2"]);
    expect((await store.getInvestigation("q2"))!.status).toBe("queued");
  });
});
