/**
 * DynamoInvestigationStore against a real moto_server: the port's semantics case by case, then a differential
 * run of random operation sequences against MemoryStore (the reference implementation) with identical results.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { NormalizedAlert } from "../../../../shared/src/index.js";
import { MemoryStore } from "../memory/memory-store.js";
import type { FeedbackRecord, InvestigationRecord, InvestigationStatus } from "../../core/ports.js";
import { createTables, startMotoServer, type MotoServer } from "../../../../test/support/moto-aws.js";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "./clients.js";
import { DynamoInvestigationStore } from "./dynamo-store.js";
import { DynamoResultStore, MAX_PART_BYTES } from "./dynamo-results.js";

let moto: MotoServer;
let t = Date.parse("2026-11-20T02:51:00Z");
const clock = { now: () => new Date(t) };
let seq = 0;

async function newStore() {
  const names = await createTables(moto.aws, `s${++seq}`);
  return { store: new DynamoInvestigationStore({ client: dynamoClient(moto.aws), tables: names, clock }), names };
}

const alert: NormalizedAlert = {
  source: "alertmanager", fingerprint: "f1", status: "firing", alertname: "A", cluster: "prod", labels: { a: "b" }, annotations: {},
  startsAt: "2026-11-20T02:40:00.000Z", links: [], receivedAt: "2026-11-20T02:51:00.000Z",
};
const rec = (id: string, over: Partial<InvestigationRecord> = {}): InvestigationRecord => ({
  id, clusterId: "prod", targetKey: "prod|Pod/a/p", dedupKey: "alertmanager|f1", groupKey: "g", alertname: "A", status: "queued",
  createdAt: "2026-11-20T02:00:00.000Z", updatedAt: "2026-11-20T02:00:00.000Z", alert, attached: [], feedback: [], attempts: 0, ...over,
});

beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

describe("DynamoInvestigationStore (moto)", () => {
  it("records an alert key once until its TTL expires (even before TTL deletion runs)", async () => {
    const { store } = await newStore();
    expect(await store.recordAlert("k", alert, 60)).toBe(true);
    expect(await store.recordAlert("k", alert, 60)).toBe(false);
    expect(await store.recordAlert("k2", alert, 60)).toBe(true);
    t += 61_000;
    expect(await store.recordAlert("k", alert, 60)).toBe(true);
  });

  it("creates conditionally, updates by shallow merge with updatedAt bumped, NOT_FOUND for unknown ids", async () => {
    const { store } = await newStore();
    await store.createInvestigation(rec("i1"));
    await expect(store.createInvestigation(rec("i1"))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const next = await store.updateInvestigation("i1", { status: "running", attempts: 1 });
    expect(next).toMatchObject({ id: "i1", status: "running", attempts: 1, alertname: "A", updatedAt: clock.now().toISOString() });
    expect(await store.getInvestigation("i1")).toEqual(next);
    await expect(store.updateInvestigation("nope", { status: "failed" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await store.getInvestigation("nope")).toBeUndefined();
  });

  it("a write that lands between our read and our conditional put is merged, not lost (optimistic versioning)", async () => {
    // Forced deterministically: moto's threaded server does not make check-and-put atomic under concurrent
    // requests the way DynamoDB does, so racing real requests cannot prove (or disprove) the versioning.
    const { store, names } = await newStore();
    await store.createInvestigation(rec("c1"));
    const other = new DynamoInvestigationStore({ client: dynamoClient(moto.aws), tables: names, clock });
    const base = dynamoClient(moto.aws);
    let conflicts = 0;
    let interleaved = false;
    const client = {
      send: async (cmd: any, ...rest: any[]) => {
        if (cmd instanceof PutItemCommand && !interleaved) {
          interleaved = true; // another writer updates the record after our read, before our put
          await other.updateInvestigation("c1", { attempts: 3, error: "boom" });
        }
        try {
          return await (base.send as any)(cmd, ...rest);
        } catch (e) {
          if ((e as Error).name === "ConditionalCheckFailedException") conflicts++;
          throw e;
        }
      },
    };
    const racing = new DynamoInvestigationStore({ client: client as any, tables: names, clock });
    await racing.updateInvestigation("c1", { status: "running", notification: { channel: "C1", ts: "1.2" } });
    expect(conflicts).toBe(1); // our first put was refused on the stale version...
    expect(await store.getInvestigation("c1")).toMatchObject({ // ...and re-merged onto the other writer's version
      status: "running", attempts: 3, error: "boom", notification: { channel: "C1", ts: "1.2" },
    });
  });

  it("findOpen: newest unresolved of the cluster matching any key, since a time; resolved ones drop out", async () => {
    const { store } = await newStore();
    await store.createInvestigation(rec("old", { createdAt: "2026-11-19T01:00:00.000Z" }));
    await store.createInvestigation(rec("new", { createdAt: "2026-11-20T01:00:00.000Z" }));
    await store.createInvestigation(rec("other", { clusterId: "staging", createdAt: "2026-11-20T02:00:00.000Z" }));
    expect((await store.findOpen({ clusterId: "prod", dedupKey: "alertmanager|f1" }))?.id).toBe("new");
    expect((await store.findOpen({ clusterId: "prod", groupKey: "g", since: "2026-11-19T12:00:00.000Z" }))?.id).toBe("new");
    expect(await store.findOpen({ clusterId: "prod", targetKey: "prod|Pod/a/p", since: "2026-11-20T01:30:00.000Z" })).toBeUndefined();
    await store.updateInvestigation("new", { resolvedAt: "2026-11-20T03:00:00.000Z" });
    expect((await store.findOpen({ clusterId: "prod", targetKey: "prod|Pod/a/p" }))?.id).toBe("old");
    expect(await store.findOpen({ clusterId: "prod" })).toBeUndefined();
  });

  it("stores records far beyond the 400 KB item limit (packed)", async () => {
    const { store } = await newStore();
    const big = rec("big", { error: "log line with some entropy ".repeat(40_000) });
    await store.createInvestigation(big);
    expect((await store.getInvestigation("big"))!.error!.length).toBe(big.error!.length);
  });
});

describe("DynamoResultStore (moto)", () => {
  it("keeps the first result per command id; splits results over the item budget into parts", async () => {
    const { names } = await newStore();
    const results = new DynamoResultStore({ client: dynamoClient(moto.aws), table: names.results, clock });
    const r = { commandId: "c-1", clusterId: "prod", kubectl: ["kubectl get pod p"], startedAt: "x", durationMs: 3, apiRequests: 1, ok: true as const, kind: "resource.get" as const, data: { n: 1 }, truncated: false, warnings: [] };
    expect(await results.put(r)).toBe(true);
    expect(await results.put({ ...r, data: { n: 2 } })).toBe(false);
    expect(await results.get("c-1")).toMatchObject({ data: { n: 1 } });
    expect(await results.get("missing")).toBeUndefined();
    // Random bytes do not compress: this forces the multi-part path.
    const noise = Buffer.from(Array.from({ length: MAX_PART_BYTES + 50_000 }, () => Math.floor(Math.random() * 256))).toString("base64");
    expect(await results.put({ ...r, commandId: "c-big", data: { noise } })).toBe(true);
    expect(((await results.get("c-big"))!.ok && (await results.get("c-big")) as any).data.noise).toBe(noise);
  });
});

type Op =
  | { op: "create"; id: string; cluster: string; target: string; dedup: string; group?: string; minute: number; status: InvestigationStatus }
  | { op: "update"; id: string; status?: InvestigationStatus; resolve?: boolean }
  | { op: "findOpen"; cluster: string; dedup?: string; group?: string; target?: string; sinceMinute?: number }
  | { op: "list"; cluster?: string; target?: string; sinceMinute?: number; limit?: number; status?: InvestigationStatus[] }
  | { op: "active" }
  | { op: "feedback"; id: string; cluster: string; target: string; minute: number; user: string }
  | { op: "listFeedback"; cluster?: string; target?: string; sinceMinute?: number };

const ids = ["i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8"];
const clusters = ["prod", "staging"];
const targets = ["prod|Pod/a/p", "prod|Deployment/a/d", "staging|Pod/b/q"];
const statuses: InvestigationStatus[] = ["queued", "running", "complete", "partial", "failed"];
const minuteIso = (m: number) => new Date(Date.parse("2026-11-18T22:00:00Z") + m * 60_000).toISOString();

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("create" as const), id: fc.constantFrom(...ids), cluster: fc.constantFrom(...clusters), target: fc.constantFrom(...targets), dedup: fc.constantFrom("d1", "d2"), group: fc.option(fc.constantFrom("g1", "g2"), { nil: undefined }), minute: fc.integer({ min: 0, max: 3000 }), status: fc.constantFrom(...statuses) }) },
  fc.record({ op: fc.constant("update" as const), id: fc.constantFrom(...ids, "zz"), status: fc.option(fc.constantFrom(...statuses), { nil: undefined }), resolve: fc.boolean() }),
  fc.record({ op: fc.constant("findOpen" as const), cluster: fc.constantFrom(...clusters), dedup: fc.option(fc.constantFrom("d1", "d2"), { nil: undefined, freq: 2 }), group: fc.option(fc.constantFrom("g1", "g2"), { nil: undefined, freq: 2 }), target: fc.option(fc.constantFrom(...targets), { nil: undefined, freq: 2 }), sinceMinute: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined, freq: 2 }) }),
  fc.record({ op: fc.constant("list" as const), cluster: fc.option(fc.constantFrom(...clusters), { nil: undefined, freq: 2 }), target: fc.option(fc.constantFrom(...targets), { nil: undefined, freq: 2 }), sinceMinute: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined, freq: 2 }), limit: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 2 }), status: fc.option(fc.subarray(statuses, { minLength: 1 }), { nil: undefined, freq: 2 }) }),
  fc.constant({ op: "active" as const }),
  fc.record({ op: fc.constant("feedback" as const), id: fc.constantFrom(...ids), cluster: fc.constantFrom(...clusters), target: fc.constantFrom(...targets), minute: fc.integer({ min: 0, max: 3000 }), user: fc.constantFrom("ana", "bo") }),
  fc.record({ op: fc.constant("listFeedback" as const), cluster: fc.option(fc.constantFrom(...clusters), { nil: undefined, freq: 2 }), target: fc.option(fc.constantFrom(...targets), { nil: undefined, freq: 2 }), sinceMinute: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined, freq: 2 }) }),
);

async function apply(store: MemoryStore | DynamoInvestigationStore, o: Op): Promise<unknown> {
  const settle = async (p: Promise<unknown>) => p.then((v) => ({ v }), (e) => ({ error: e.code ?? String(e) }));
  switch (o.op) {
    case "create": return settle(store.createInvestigation(rec(o.id, { clusterId: o.cluster, targetKey: o.target, dedupKey: o.dedup, groupKey: o.group, createdAt: minuteIso(o.minute), status: o.status })));
    case "update": return settle(store.updateInvestigation(o.id, { ...(o.status ? { status: o.status } : {}), ...(o.resolve ? { resolvedAt: clock.now().toISOString() } : {}) }));
    case "findOpen": return settle(store.findOpen({ clusterId: o.cluster, dedupKey: o.dedup, groupKey: o.group, targetKey: o.target, since: o.sinceMinute === undefined ? undefined : minuteIso(o.sinceMinute) }).then((r) => r?.id ?? null));
    case "list": return settle(store.listInvestigations({ clusterId: o.cluster, targetKey: o.target, since: o.sinceMinute === undefined ? undefined : minuteIso(o.sinceMinute), limit: o.limit, status: o.status }).then((rs) => rs.map((r) => r.id)));
    case "active": return settle(store.listActive().then((rs) => rs.map((r) => r.id).sort()));
    case "feedback": {
      const f: FeedbackRecord = { investigationId: o.id, clusterId: o.cluster, targetKey: o.target, alertname: "A", verdict: "accurate", category: "OOMKilled" as any, user: o.user, at: minuteIso(o.minute) };
      return settle(store.addFeedback(f));
    }
    case "listFeedback": return settle(store.listFeedback({ clusterId: o.cluster, targetKey: o.target, since: o.sinceMinute === undefined ? undefined : minuteIso(o.sinceMinute) })
      .then((fs) => fs.map((f) => `${f.at}|${f.investigationId}|${f.user}`).sort()));
  }
}

describe("DynamoInvestigationStore ≡ MemoryStore (differential, moto)", () => {
  it("answers every random operation sequence like the reference store", async () => {
    t = Date.parse("2026-11-20T12:00:00Z");
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
      const mem = new MemoryStore(clock);
      const { store } = await newStore();
      for (const o of ops) {
        // Memory feedback is a list (duplicates allowed); DynamoDB keys it by (target, at, investigation, user).
        if (o.op === "feedback" && (await mem.listFeedback({ targetKey: o.target })).some((f) => f.at === minuteIso(o.minute) && f.investigationId === o.id && f.user === o.user)) continue;
        expect(await apply(store, o), JSON.stringify(o)).toEqual(await apply(mem, o));
      }
    }), { numRuns: 15, seed: 4242 });
    // Bounded work: 15 fixed-seed sequences of ≤ 40 operations, ~5 s on a quiet machine; the explicit budget is for
    // a heavily loaded one (every operation is a moto round trip).
  }, 240_000);
});
