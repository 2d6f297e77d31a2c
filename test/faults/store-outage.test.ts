/**
 * The store is unavailable at intake (the file store's disk write fails: full disk, read-only volume): the local
 * server answers 503 so the sender retries; once the store is back, the retry is accepted, the alert makes exactly
 * one investigation, handed to the worker once, and it survives a restart of the store (it was fsynced).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryQueue } from "../../cloud/src/adapters/memory/memory-queue.js";
import { DEFAULT_RULESET } from "../../cloud/src/core/rules/index.js";
import { FileStore } from "../../cloud/src/local/file-store.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { startLocalServer, type LocalServer } from "../../cloud/src/local/server.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";

const TOKEN = "store-outage-token-0123456789";
let dataDir: string;
let store: FileStore;
let server: LocalServer;
let diskFull = false;
const enqueued: string[] = [];
const clock = { now: () => new Date("2026-11-20T02:40:00Z") };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ks-store-outage-"));
  store = await FileStore.open({ dataDir, clock, beforeWrite: () => {
    if (diskFull) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  } });
  const queue = new MemoryQueue(1);
  queue.subscribe(async (id) => {
    enqueued.push(id);
  }, () => {});
  server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: [TOKEN], logger: createLogger({ level: "error", write: () => {} }),
    intake: { store, queue, clock, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "local" } },
  });
});
afterAll(async () => {
  await server?.close();
  await store?.close().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("store unavailable at intake", () => {
  it("503 while the disk fails; the retry after recovery is accepted, investigated once and persisted", async () => {
    const scenario = await loadScenario(join(SCENARIOS_DIR, "payments-oom"));
    const body = JSON.stringify(scenario.alertBody);
    const post = () => fetch(`${server.url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body });

    diskFull = true;
    for (let i = 0; i < 3; i++) {
      const r = await post();
      expect(r.status).toBe(503);
    }
    // The file store applies a change in memory before its group commit; a failed commit is carried by the next
    // one. So during the outage intake may already have created (even started) the investigation in memory while
    // answering 503: the sender's retry must then meet it as a duplicate, never as a second investigation.

    diskFull = false;
    const ok = await post();
    expect(ok.status).toBe(202);
    const decisions = ((await ok.json()) as { decisions: { action: string; investigationId?: string; reason: string }[] }).decisions;
    expect(decisions).toHaveLength(1);
    expect(["investigate", "duplicate"]).toContain(decisions[0]!.action);
    // A second retry by the sender (it did not see the 202) is a duplicate, not a second investigation.
    const again = await post();
    expect(((await again.json()) as { decisions: { action: string }[] }).decisions.map((d) => d.action)).toEqual(["duplicate"]);
    expect(await store.listInvestigations({ limit: 100 })).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    // Handed to the worker exactly once, across the outage and every retry.
    expect(enqueued).toEqual([decisions[0]!.investigationId]);

    // Persisted: a fresh process (a new FileStore on the same directory) sees it.
    await store.close();
    const reopened = await FileStore.open({ dataDir, clock });
    try {
      const all = await reopened.listInvestigations({ limit: 100 });
      expect(all.map((r) => r.id)).toEqual([decisions[0]!.investigationId]);
    } finally {
      await reopened.close();
    }
  });
});
