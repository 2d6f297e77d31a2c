/**
 * `serve` for real use, with the agent as a separate loop (`--agent external` + `kubesleuth agent`'s long-poll
 * loop and the real agent against the emulator): an investigation cut short by a shutdown stays `running` in
 * the store, survives the restart, and is resumed and finished by the next start (crash recovery); after
 * shutdown the server accepts nothing.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocalAgentLoop } from "../../cloud/src/local/agent-loop.js";
import { resolveConfig } from "../../cloud/src/local/config.js";
import { createClusterAgent, loadKubeConfig } from "../../cloud/src/local/gateways.js";
import { silentLogger } from "../../cloud/src/local/logger.js";
import { startServe, type ServeHandle } from "../../cloud/src/local/serve.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { loadScenario, SCENARIOS_DIR } from "../scenarios/loader.js";

const TOKEN = "serve-e2e-token-0123456789abcdef";
const DIR = join(SCENARIOS_DIR, "payments-oom");
let emu: Emulator;
let dataDir: string;
let handle: ServeHandle | undefined;
const loops: AbortController[] = [];

beforeAll(async () => {
  emu = await startScenarioEmulator(DIR);
  dataDir = await mkdtemp(join(tmpdir(), "ks-serve-"));
});
afterAll(async () => {
  for (const l of loops) l.abort();
  await handle?.app.close();
  await emu?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const config = () => resolveConfig({ port: "0", "data-dir": dataDir, agent: "external", "cluster-id": "prod-eu-west-1", "log-level": "error" }, { KUBESLEUTH_TOKEN: TOKEN });

async function until(what: string, fn: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startAgentLoop(serverUrl: string) {
  const kubeConfig = await loadKubeConfig({ kubeconfigPath: emu.kubeconfigPath });
  const agent = await createClusterAgent({ kubeConfig, clusterId: "prod-eu-west-1" });
  const ac = new AbortController();
  loops.push(ac);
  void runLocalAgentLoop({ serverUrl, token: TOKEN, clusterId: "prod-eu-west-1", handle: (raw) => agent.handle(raw), signal: ac.signal, logger: silentLogger, waitSeconds: 1 });
}

describe("serve: shutdown mid-investigation, restart, resume", () => {
  it("keeps the interrupted investigation and finishes it after a restart", async () => {
    const scenario = await loadScenario(DIR);
    handle = await startServe(config(), [], { shutdownGraceMs: 200 });
    const url = handle.app.url;
    const r = await fetch(`${url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(scenario.alertBody) });
    expect(r.status).toBe(202);
    const id = (await r.json()).decisions[0].investigationId as string;
    // No agent yet: the investigation waits on its first command.
    await until("running", async () => (await handle!.app.store.getInvestigation(id))?.status === "running");
    await handle.app.close();
    handle = undefined;
    const onDisk = JSON.parse(await readFile(join(dataDir, "store.json"), "utf8"));
    expect(onDisk.investigations.find((x: { id: string }) => x.id === id)).toMatchObject({ status: "running", attempts: 1 });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow(); // stopped accepting

    handle = await startServe(config(), [], { shutdownGraceMs: 200 });
    await startAgentLoop(handle.app.url);
    await until("the resumed investigation to finish", async () => ["complete", "partial"].includes((await handle!.app.store.getInvestigation(id))?.status ?? ""));
    const done = (await handle.app.store.getInvestigation(id))!;
    expect(done.attempts).toBe(2);
    expect(done.report?.rootCause.resource).toBeDefined();
    expect(done.report?.failures.join(" ")).not.toMatch(/shut down/);
    const api = await fetch(`${handle.app.url}/api/investigations`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await api.json()).investigations.map((x: { id: string }) => x.id)).toEqual([id]);
  }, 60_000);
});
