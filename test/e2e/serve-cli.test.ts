/**
 * `npx kubesleuth serve` and `npx kubesleuth agent` as real processes against the emulator's kubeconfig:
 * config from env and flags, JSON logs on stderr without the token, SIGTERM stops cleanly (exit 0).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { loadScenario, SCENARIOS_DIR } from "../scenarios/loader.js";

const BIN = fileURLToPath(new URL("../../bin/kubesleuth.mjs", import.meta.url));
const TOKEN = "serve-cli-token-0123456789abcdef";
const DIR = join(SCENARIOS_DIR, "payments-oom");
let emu: Emulator;
let dataDir: string;
const children: ChildProcess[] = [];

interface Proc { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> }
function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "", err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}
async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, p: Proc, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${p.out()}\nstderr:\n${p.err().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  emu = await startScenarioEmulator(DIR);
  dataDir = await mkdtemp(join(tmpdir(), "ks-serve-cli-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await emu?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function investigateThrough(url: string, p: Proc): Promise<{ status: string; category?: string }> {
  const scenario = await loadScenario(DIR);
  const r = await fetch(`${url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(scenario.alertBody) });
  expect(r.status).toBe(202);
  const id = (await r.json()).decisions[0].investigationId;
  return until("the investigation to finish", async () => {
    const inv = (await (await fetch(`${url}/api/investigations/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()).investigation;
    return ["complete", "partial", "failed"].includes(inv.status) ? { status: inv.status, category: inv.report?.rootCause.category } : undefined;
  }, p);
}

describe("kubesleuth serve / agent processes", () => {
  it("serve with the agent in-process investigates against the kubeconfig and stops on SIGTERM", async () => {
    const p = start(["serve", "--port", "0", "--cluster-id", "prod-eu-west-1", "--data-dir", join(dataDir, "a")], { KUBECONFIG: emu.kubeconfigPath, KUBESLEUTH_TOKEN: TOKEN });
    const url = await until("the listening line", () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.out())?.[1], p);
    await until("the portal sign-in link", () => /portal\s+http:\/\/127\.0\.0\.1:\d+\/login\?code=/.test(p.out()), p);
    const r = await investigateThrough(url, p);
    expect(r.status).toBe("complete");
    expect(r.category).toBeDefined();
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    const logs = p.err().trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["kubesleuth local server listening", "webhook accepted", "investigation finished", "stopped"]));
    expect(p.err() + p.out()).not.toContain(TOKEN);
  }, 60_000);

  it("serve --agent external with a separate `kubesleuth agent` process", async () => {
    const s = start(["serve", "--port", "0", "--agent", "external", "--cluster-id", "prod-eu-west-1", "--data-dir", join(dataDir, "b")], { KUBESLEUTH_TOKEN: TOKEN, KUBECONFIG: "/nonexistent" });
    const url = await until("the listening line", () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.out())?.[1], s);
    const a = start(["agent", "--server", url, "--cluster-id", "prod-eu-west-1"], { KUBECONFIG: emu.kubeconfigPath, KUBESLEUTH_TOKEN: TOKEN });
    const r = await investigateThrough(url, s);
    expect(r.status).toBe("complete");
    a.child.kill("SIGTERM");
    s.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await s.exited).toBe(0);
    expect(a.err()).toContain("agent stopped");
  }, 60_000);
});
