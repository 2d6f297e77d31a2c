import { describe, expect, it } from "vitest";
import { KubesleuthError, type NormalizedAlert } from "../../../../shared/src/index.js";
import type { FeedbackRecord, InvestigationRecord } from "../../core/ports.js";
import { MemoryQueue } from "./memory-queue.js";
import { MemoryStore } from "./memory-store.js";

let t = Date.parse("2026-11-20T02:51:00Z");
const clock = { now: () => new Date(t) };
const alert: NormalizedAlert = {
  source: "alertmanager", fingerprint: "f1", status: "firing", alertname: "A", cluster: "prod", labels: {}, annotations: {},
  startsAt: "2026-11-20T02:40:00.000Z", links: [], receivedAt: "2026-11-20T02:51:00.000Z",
};
const rec = (id: string, over: Partial<InvestigationRecord> = {}): InvestigationRecord => ({
  id, clusterId: "prod", targetKey: "prod|Pod/a/p", dedupKey: "alertmanager|f1", groupKey: "g", alertname: "A", status: "queued",
  createdAt: "2026-11-20T02:00:00.000Z", updatedAt: "2026-11-20T02:00:00.000Z", alert, attached: [], feedback: [], attempts: 0, ...over,
});

describe("MemoryStore", () => {
  it("records an alert key once until its TTL expires", async () => {
    const s = new MemoryStore(clock);
    expect(await s.recordAlert("k", alert, 60)).toBe(true);
    expect(await s.recordAlert("k", alert, 60)).toBe(false);
    t += 61_000;
    expect(await s.recordAlert("k", alert, 60)).toBe(true);
  });

  it("creates conditionally and isolates stored records from callers", async () => {
    const s = new MemoryStore(clock);
    const r = rec("i1");
    await s.createInvestigation(r);
    await expect(s.createInvestigation(rec("i1"))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    r.alertname = "mutated";
    const got = (await s.getInvestigation("i1"))!;
    expect(got.alertname).toBe("A");
    got.attached.push({ fingerprint: "x", alertname: "x", status: "firing", receivedAt: "" });
    expect((await s.getInvestigation("i1"))!.attached).toEqual([]);
    expect(await s.getInvestigation("nope")).toBeUndefined();
  });

  it("updates by shallow merge, bumps updatedAt, rejects unknown ids with NOT_FOUND", async () => {
    const s = new MemoryStore(clock);
    await s.createInvestigation(rec("i1"));
    const u = await s.updateInvestigation("i1", { status: "running", attempts: 1 });
    expect(u).toMatchObject({ id: "i1", status: "running", attempts: 1, alertname: "A", updatedAt: clock.now().toISOString() });
    const err = await s.updateInvestigation("nope", {}).catch((e) => e);
    expect(err).toBeInstanceOf(KubesleuthError);
    expect(err.code).toBe("NOT_FOUND");
  });

  it("findOpen: newest unresolved in the cluster matching any key, since a time", async () => {
    const s = new MemoryStore(clock);
    await s.createInvestigation(rec("old", { createdAt: "2026-11-20T01:00:00.000Z" }));
    await s.createInvestigation(rec("new", { createdAt: "2026-11-20T02:30:00.000Z", dedupKey: "other", groupKey: undefined }));
    await s.createInvestigation(rec("closed", { createdAt: "2026-11-20T02:40:00.000Z", resolvedAt: "2026-11-20T02:45:00.000Z" }));
    await s.createInvestigation(rec("elsewhere", { clusterId: "staging", createdAt: "2026-11-20T02:50:00.000Z" }));
    expect((await s.findOpen({ clusterId: "prod", targetKey: "prod|Pod/a/p" }))!.id).toBe("new");
    expect((await s.findOpen({ clusterId: "prod", dedupKey: "alertmanager|f1" }))!.id).toBe("old");
    expect((await s.findOpen({ clusterId: "prod", groupKey: "g", since: "2026-11-20T01:30:00.000Z" }))).toBeUndefined();
    expect(await s.findOpen({ clusterId: "prod" })).toBeUndefined();
    expect((await s.findOpen({ clusterId: "staging", dedupKey: "alertmanager|f1" }))!.id).toBe("elsewhere");
  });

  it("lists newest first with filters, active ones, and feedback", async () => {
    const s = new MemoryStore(clock);
    await s.createInvestigation(rec("a", { createdAt: "2026-11-20T01:00:00.000Z", status: "complete" }));
    await s.createInvestigation(rec("b", { createdAt: "2026-11-20T02:00:00.000Z", status: "running" }));
    await s.createInvestigation(rec("c", { createdAt: "2026-11-20T03:00:00.000Z", clusterId: "staging" }));
    expect((await s.listInvestigations({})).map((r) => r.id)).toEqual(["c", "b", "a"]);
    expect((await s.listInvestigations({ clusterId: "prod", limit: 1 })).map((r) => r.id)).toEqual(["b"]);
    expect((await s.listInvestigations({ since: "2026-11-20T02:00:00.000Z" })).map((r) => r.id)).toEqual(["c", "b"]);
    expect((await s.listInvestigations({ status: ["complete"] })).map((r) => r.id)).toEqual(["a"]);
    expect((await s.listActive()).map((r) => r.id).sort()).toEqual(["b", "c"]);
    const fb: FeedbackRecord = { investigationId: "a", clusterId: "prod", targetKey: "prod|Pod/a/p", alertname: "A", verdict: "accurate", category: "oom-killed", user: "u", at: "2026-11-20T02:00:00.000Z" };
    await s.addFeedback(fb);
    await s.addFeedback({ ...fb, clusterId: "staging", at: "2026-11-20T03:00:00.000Z" });
    expect(await s.listFeedback({ clusterId: "prod" })).toHaveLength(1);
    expect(await s.listFeedback({ since: "2026-11-20T02:30:00.000Z" })).toHaveLength(1);
    expect(await s.listFeedback({})).toHaveLength(2);
  });

  it("round-trips through a snapshot", async () => {
    const s = new MemoryStore(clock);
    await s.createInvestigation(rec("a"));
    await s.recordAlert("k", alert, 3600);
    const copy = new MemoryStore(clock);
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(await copy.getInvestigation("a")).toEqual(await s.getInvestigation("a"));
    expect(await copy.recordAlert("k", alert, 3600)).toBe(false);
  });
});

describe("MemoryQueue", () => {
  it("is FIFO for pull consumers", async () => {
    const q = new MemoryQueue();
    await q.enqueue("a");
    await q.enqueue("b");
    expect([q.take(), q.take(), q.take()]).toEqual(["a", "b", undefined]);
    expect(q.history).toEqual(["a", "b"]);
  });

  it("runs a subscriber off the enqueue path, survives its errors", async () => {
    const q = new MemoryQueue(2);
    const seen: string[] = [];
    const errors: string[] = [];
    q.subscribe(async (id) => {
      if (id === "bad") throw new Error("boom");
      seen.push(id);
    }, (id) => errors.push(id));
    await q.enqueue("a");
    await q.enqueue("bad");
    await q.enqueue("c");
    await q.idle();
    expect(seen.sort()).toEqual(["a", "c"]);
    expect(errors).toEqual(["bad"]);
  });
});
