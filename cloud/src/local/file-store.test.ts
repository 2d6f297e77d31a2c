import { mkdtemp, readFile, rm, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NormalizedAlert } from "../../../shared/src/index.js";
import type { InvestigationRecord } from "../core/ports.js";
import { appendFile } from "node:fs/promises";
import { FileStore, JOURNAL_FILE, STORE_FILE } from "./file-store.js";

const alert = (fp: string): NormalizedAlert => ({
  source: "alertmanager", fingerprint: fp, status: "firing", alertname: "KubePodCrashLooping", cluster: "local",
  namespace: "payments", labels: { alertname: "KubePodCrashLooping" }, annotations: {}, startsAt: "2026-11-20T02:40:00Z",
  links: [], receivedAt: "2026-11-20T02:51:00Z",
});
const record = (id: string, createdAt = "2026-11-20T02:51:00.000Z"): InvestigationRecord => ({
  id, clusterId: "local", targetKey: `local|Pod/payments/${id}`, dedupKey: `alertmanager|${id}`, alertname: "KubePodCrashLooping",
  status: "queued", createdAt, updatedAt: createdAt, alert: alert(id), attached: [], feedback: [], attempts: 0,
});

let dir: string;
/** Simulate the process dying: no compaction, files closed by the OS, the lock names a pid that no longer exists. */
async function crash(s: FileStore) {
  (s as any).closed = true;
  await (s as any).journal.close();
  await writeFile(join(dir, "store.lock"), "999999");
}
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), "ks-store-")); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe("FileStore", () => {
  it("keeps investigations, alert records and feedback across a restart", async () => {
    const a = await FileStore.open({ dataDir: dir });
    expect(await a.recordAlert("k1", alert("f1"), 3600)).toBe(true);
    await a.createInvestigation(record("inv-1"));
    await a.updateInvestigation("inv-1", { status: "complete", finishedAt: "2026-11-20T02:51:02.000Z" });
    await a.addFeedback({ investigationId: "inv-1", clusterId: "local", targetKey: "t", alertname: "A", verdict: "accurate", category: "oom-killed", user: "me", at: "2026-11-20T03:00:00Z" });
    await a.close();

    const b = await FileStore.open({ dataDir: dir });
    expect((await b.getInvestigation("inv-1"))?.status).toBe("complete");
    expect(await b.recordAlert("k1", alert("f1"), 3600)).toBe(false); // still de-duplicated after restart
    expect(await b.listFeedback({})).toHaveLength(1);
    await expect(b.createInvestigation(record("inv-1"))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await b.close();
  });

  it("persists every one of many concurrent writes, coalescing file writes", async () => {
    let writes = 0;
    const a = await FileStore.open({ dataDir: dir, beforeWrite: () => { writes++; } });
    await Promise.all(Array.from({ length: 200 }, (_, i) => a.createInvestigation(record(`inv-${i}`, `2026-11-20T02:51:${String(i % 60).padStart(2, "0")}.000Z`))));
    // No close(): what a crash leaves behind must already hold every acknowledged write.
    const lines = (await readFile(join(dir, JOURNAL_FILE), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(new Set(lines.filter((l) => l.t === "i").map((l) => l.v.id)).size).toBe(200);
    expect(writes).toBeLessThan(200); // group commit
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
    await a.close();
    const b = await FileStore.open({ dataDir: dir });
    expect(await b.listInvestigations({})).toHaveLength(200);
    await b.close();
  });

  it("recovers after a crash: a stale lock of a dead process is taken over", async () => {
    const a = await FileStore.open({ dataDir: dir });
    await a.createInvestigation(record("inv-crash"));
    await a.updateInvestigation("inv-crash", { status: "running", attempts: 1 });
    await crash(a);
    const b = await FileStore.open({ dataDir: dir });
    expect((await b.listActive()).map((r) => r.id)).toEqual(["inv-crash"]);
    await b.close();
  });

  it("refuses a data dir held by a live process and a corrupt file, and leaves the file untouched", async () => {
    await writeFile(join(dir, "store.lock"), String(process.ppid));
    await expect(FileStore.open({ dataDir: dir })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining("in use") });
    await rm(join(dir, "store.lock"));
    await writeFile(join(dir, STORE_FILE), "{not json");
    await expect(FileStore.open({ dataDir: dir })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await readFile(join(dir, STORE_FILE), "utf8")).toBe("{not json");
    // The failed open released its lock.
    await rm(join(dir, STORE_FILE));
    await (await FileStore.open({ dataDir: dir })).close();
  });

  it("a failed disk write rejects with STORE_UNAVAILABLE and the next write persists both changes", async () => {
    let fail = false;
    const a = await FileStore.open({ dataDir: dir, beforeWrite: () => { if (fail) throw new Error("ENOSPC: no space left on device"); } });
    fail = true;
    await expect(a.createInvestigation(record("inv-a"))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    fail = false;
    await a.createInvestigation(record("inv-b"));
    await a.close();
    const b = await FileStore.open({ dataDir: dir });
    expect((await b.listInvestigations({})).map((r) => r.id).sort()).toEqual(["inv-a", "inv-b"]);
    await b.close();
  });

  it("drops a torn last journal line (crash mid-append) and keeps everything before it", async () => {
    const a = await FileStore.open({ dataDir: dir });
    await a.createInvestigation(record("inv-1"));
    await a.addFeedback({ investigationId: "inv-1", clusterId: "local", targetKey: "t", alertname: "A", verdict: "wrong", category: "oom-killed", user: "me", at: "2026-11-20T03:00:00Z" });
    await crash(a);
    await appendFile(join(dir, JOURNAL_FILE), `{"s":99,"t":"i","v":{"id":"half`);
    const b = await FileStore.open({ dataDir: dir });
    expect((await b.listInvestigations({})).map((r) => r.id)).toEqual(["inv-1"]);
    expect(await b.listFeedback({})).toHaveLength(1);
    await b.createInvestigation(record("inv-2")); // appends after the cut, not after the torn bytes
    await b.close();
    const c = await FileStore.open({ dataDir: dir });
    expect((await c.listInvestigations({})).map((r) => r.id).sort()).toEqual(["inv-1", "inv-2"]);
    await c.close();
  });

  it("refuses a journal corrupt in the middle", async () => {
    await writeFile(join(dir, JOURNAL_FILE), `garbage\n{"s":1,"t":"f","v":{}}\n`);
    await expect(FileStore.open({ dataDir: dir })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining("line 1") });
  });

  it("compacts the journal into the snapshot as it grows", async () => {
    const a = await FileStore.open({ dataDir: dir, compactBytes: 4096 });
    for (let i = 0; i < 30; i++) {
      await a.createInvestigation(record(`inv-${i}`));
      await a.addFeedback({ investigationId: `inv-${i}`, clusterId: "local", targetKey: "t", alertname: "A", verdict: "accurate", category: "oom-killed", user: "me", at: "2026-11-20T03:00:00Z" });
    }
    expect((await readFile(join(dir, JOURNAL_FILE), "utf8")).length).toBeLessThan(4096 + 4096);
    expect(JSON.parse(await readFile(join(dir, STORE_FILE), "utf8")).seq).toBeGreaterThan(0);
    await crash(a);
    const b = await FileStore.open({ dataDir: dir });
    expect(await b.listInvestigations({})).toHaveLength(30);
    expect(await b.listFeedback({})).toHaveLength(30);
    await b.close();
  });

  it("a crash between writing the snapshot and emptying the journal applies nothing twice", async () => {
    const a = await FileStore.open({ dataDir: dir });
    for (let i = 0; i < 5; i++) {
      await a.createInvestigation(record(`inv-${i}`));
      await a.addFeedback({ investigationId: `inv-${i}`, clusterId: "local", targetKey: "t", alertname: "A", verdict: "accurate", category: "oom-killed", user: "me", at: "2026-11-20T03:00:00Z" });
    }
    const journal = await readFile(join(dir, JOURNAL_FILE), "utf8");
    await a.close(); // snapshot now holds everything, journal emptied
    await writeFile(join(dir, JOURNAL_FILE), journal); // …as if the truncate never happened
    const b = await FileStore.open({ dataDir: dir });
    expect(await b.listFeedback({})).toHaveLength(5);
    expect(await b.listInvestigations({})).toHaveLength(5);
    await b.close();
    expect(await readFile(join(dir, JOURNAL_FILE), "utf8")).toBe("");
  });

  it("rejects writes after close", async () => {
    const a = await FileStore.open({ dataDir: dir });
    await a.close();
    await expect(a.createInvestigation(record("late"))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});
