import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizedAlert } from "../../../../shared/src/index.js";
import { ACTIVE_STATUSES, type InvestigationRecord, type InvestigationStatus } from "../../core/ports.js";
import { deepCopy } from "./clone.js";
import { MemoryStore } from "./memory-store.js";

const clock = { now: () => new Date("2026-11-20T03:00:00.000Z") };
const alert: NormalizedAlert = {
  source: "alertmanager", fingerprint: "f1", status: "firing", alertname: "A", cluster: "prod", labels: {}, annotations: {},
  startsAt: "2026-11-20T02:40:00.000Z", links: [], receivedAt: "2026-11-20T02:51:00.000Z",
};
const STATUSES: InvestigationStatus[] = ["queued", "running", "complete", "partial", "failed"];
const key = fc.constantFrom("k1", "k2", "k3");
const fields = fc.record({
  clusterId: fc.constantFrom("prod", "staging"),
  dedupKey: key, groupKey: fc.option(key, { nil: undefined }), targetKey: key,
  status: fc.constantFrom(...STATUSES),
  createdAt: fc.constantFrom("2026-11-20T01:00:00.000Z", "2026-11-20T02:00:00.000Z", "2026-11-20T02:30:00.000Z"),
  resolvedAt: fc.option(fc.constant("2026-11-20T02:45:00.000Z"), { nil: undefined }),
});
const op = fc.oneof(
  fc.record({ t: fc.constant("create" as const), id: fc.constantFrom("a", "b", "c", "d", "e"), f: fields }),
  fc.record({ t: fc.constant("update" as const), id: fc.constantFrom("a", "b", "c", "d", "e"), f: fields.chain((f) => fc.subarray(Object.keys(f)).map((ks) => Object.fromEntries(ks.map((k) => [k, f[k as keyof typeof f]])))) }),
  fc.record({ t: fc.constant("restore" as const) }),
);

/** The pre-index semantics, by full scan over every record. */
function naiveFindOpen(all: InvestigationRecord[], q: { clusterId: string; dedupKey?: string; groupKey?: string; targetKey?: string; since?: string }) {
  if (!q.dedupKey && !q.groupKey && !q.targetKey) return undefined;
  return all
    .filter((r) => r.clusterId === q.clusterId && !r.resolvedAt && (!q.since || r.createdAt >= q.since))
    .filter((r) => (q.dedupKey && r.dedupKey === q.dedupKey) || (q.groupKey && r.groupKey === q.groupKey) || (q.targetKey && r.targetKey === q.targetKey))
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id > b.id ? -1 : 1) : a.createdAt > b.createdAt ? -1 : 1))[0];
}

describe("MemoryStore indexes", () => {
  it("answer findOpen, listActive and listInvestigations exactly as a full scan, through creates, updates that change keys and status, and restores", async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      let s = new MemoryStore(clock);
      for (const o of ops) {
        if (o.t === "create") {
          const r: InvestigationRecord = { id: o.id, alertname: "A", updatedAt: o.f.createdAt, alert, attached: [], feedback: [], attempts: 0, ...o.f };
          await s.createInvestigation(r).catch(() => {});
        } else if (o.t === "update") {
          await s.updateInvestigation(o.id, o.f).catch(() => {});
        } else {
          const next = new MemoryStore(clock);
          next.restore(JSON.parse(JSON.stringify(s.snapshot())));
          s = next;
        }
      }
      const all = await s.listInvestigations({});
      expect((await s.listActive()).map((r) => r.id).sort()).toEqual(all.filter((r) => ACTIVE_STATUSES.includes(r.status)).map((r) => r.id).sort());
      for (const clusterId of ["prod", "staging"]) {
        for (const k of ["k1", "k2", "k3", undefined]) {
          for (const since of [undefined, "2026-11-20T02:00:00.000Z"]) {
            for (const q of [{ dedupKey: k }, { groupKey: k }, { targetKey: k }, { dedupKey: k, groupKey: "k1", targetKey: "k3" }]) {
              const query = { clusterId, since, ...q };
              expect((await s.findOpen(query))?.id).toBe(naiveFindOpen(all, query)?.id);
            }
            expect((await s.listInvestigations({ clusterId, targetKey: k, since })).map((r) => r.id))
              .toEqual(all.filter((r) => r.clusterId === clusterId && (!k || r.targetKey === k) && (!since || r.createdAt >= since)).map((r) => r.id));
          }
        }
      }
    }), { numRuns: 150 });
  });

  it("returned records are copies: mutating a listActive or findOpen result leaves the store and its indexes alone", async () => {
    const s = new MemoryStore(clock);
    await s.createInvestigation({ id: "a", clusterId: "prod", targetKey: "t", dedupKey: "d", alertname: "A", status: "queued", createdAt: "2026-11-20T02:00:00.000Z", updatedAt: "", alert, attached: [], feedback: [], attempts: 0 });
    const [act] = await s.listActive();
    act!.status = "complete";
    act!.targetKey = "other";
    act!.alert.labels.x = "y";
    const open = (await s.findOpen({ clusterId: "prod", dedupKey: "d" }))!;
    open.resolvedAt = "now";
    expect((await s.listActive()).map((r) => r.id)).toEqual(["a"]);
    expect((await s.findOpen({ clusterId: "prod", targetKey: "t" }))!.alert.labels).toEqual({});
  });
});

describe("deepCopy", () => {
  it("matches structuredClone on store data, shares nothing with the source", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.option(fc.constant(undefined)), (v, u) => {
      const src = { v, u, nested: [{ v }] };
      const c = deepCopy(src);
      expect(c).toStrictEqual(structuredClone(src));
      expect(c).not.toBe(src);
      expect(c.nested[0]).not.toBe(src.nested[0]);
    }));
    const d = { at: new Date(0), m: new Map([["a", 1]]) };
    expect(deepCopy(d)).toStrictEqual(structuredClone(d));
    expect(deepCopy(d).at).not.toBe(d.at);
  });
});
