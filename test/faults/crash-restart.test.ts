/**
 * A process crash between accepting an alert and finishing it: `kubesleuth serve` runs as a child process (file
 * store, the real agent in-process against the emulator); the emulator holds pod-log reads so the investigation
 * is mid-evidence; the child is killed with SIGKILL (no shutdown code runs); a new `serve` on the same data dir
 * must find the investigation and finish it (or mark it failed with a reason): never lose it. A webhook accepted
 * (202) just before the kill must be there too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIR = join(SCENARIOS_DIR, "payments-oom");
const TOKEN = "crash-test-token-0123456789abcdef";
let emu: Emulator;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  emu = await startScenarioEmulator(DIR);
  dataDir = await mkdtemp(join(tmpdir(), "ks-crash-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await emu?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startServe(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, "bin/kubesleuth.mjs"), "serve"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env, KUBESLEUTH_TOKEN: TOKEN, KUBESLEUTH_DATA_DIR: dataDir, KUBESLEUTH_PORT: "0", KUBESLEUTH_HOST: "127.0.0.1",
      KUBECONFIG: emu.kubeconfigPath, KUBESLEUTH_CLUSTER_ID: "prod-eu-west-1", KUBESLEUTH_LOG_LEVEL: "info", NO_COLOR: "1",
    },
  });
  children.push(child);
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start: ${out.slice(-3000)}`)), 60_000);
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out) ?? /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes("listening")) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", on);
    child.stderr!.on("data", on);
    child.once("exit", (c) => reject(new Error(`serve exited ${c}: ${out.slice(-3000)}`)));
  });
  return { child, url, output: () => out };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const getInv = (url: string, id: string) => fetch(`${url}/api/investigations/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TOKEN}` } })
  .then(async (r) => (r.ok ? ((await r.json()) as { investigation: Inv }).investigation : undefined));

interface Inv { status: string; attempts?: number; report?: { rootCause: { category: string } }; error?: string; attached?: unknown[] }

describe("kill -9 mid-investigation", () => {
  it("the next start resumes the investigation; nothing accepted is lost", async () => {
    const scenario = await loadScenario(DIR);
    // Hold every log read: the investigation stays in its evidence stage until we kill the process.
    emu.setFault(({ path }) => (path.endsWith("/log") ? { delayMs: 120_000 } : undefined));
    const first = await startServe();
    const res = await fetch(`${first.url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(scenario.alertBody) });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { decisions: { investigationId?: string }[] }).decisions.find((d) => d.investigationId)!.investigationId!;
    await until("the investigation to be running", async () => ((await getInv(first.url, id))?.status === "running" ? true : undefined));
    // A second, distinct alert accepted just before the crash.
    const other = structuredClone(scenario.alertBody) as { alerts: { labels: Record<string, string>; fingerprint?: string }[] };
    for (const a of other.alerts) {
      a.labels.alertname = "KubePodNotReady";
      a.fingerprint = "feedfacecafebeef";
    }
    const res2 = await fetch(`${first.url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(other) });
    expect(res2.status).toBe(202);
    const d2 = ((await res2.json()) as { decisions: { investigationId?: string; action: string }[] }).decisions[0]!;
    expect(d2.investigationId).toBeDefined();

    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    emu.setFault(undefined);

    const second = await startServe();
    const done = await until("the interrupted investigation to finish after restart", async () => {
      const inv = await getInv(second.url, id);
      return inv && ["complete", "partial", "failed"].includes(inv.status) ? inv : undefined;
    }, 90_000);
    expect(done.status, done.error).not.toBe("failed");
    expect(done.attempts, "run once before the crash, once after").toBe(2);
    expect(done.report?.rootCause.category).toBe("oom-killed");
    // The second alert survived the crash: its own investigation, or attached to the first.
    const inv2 = await getInv(second.url, d2.investigationId!);
    expect(inv2, "the alert accepted before the crash is in the store").toBeDefined();
    if (d2.investigationId === id) expect(JSON.stringify(inv2!.attached)).toContain("feedfacecafebeef");
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("exit", r));
  });
});
