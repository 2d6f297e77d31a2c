/**
 * Agent RSS and CPU, measured on the agent running as its own process (`kubesleuth agent`, the same loop an
 * external agent runs), outbound long-poll to the local server, reading a generated 5,000-pod cluster in the
 * emulator. Idle: the loop long-polls with no commands. Investigating: back-to-back pod-alert investigations.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NormalizedAlert } from "../../shared/src/index.js";
import { MemoryQueue } from "../../cloud/src/adapters/memory/memory-queue.js";
import { MemoryStore } from "../../cloud/src/adapters/memory/memory-store.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { DEFAULT_RULESET } from "../../cloud/src/core/rules/index.js";
import { AgentHub } from "../../cloud/src/local/agent-hub.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { startLocalServer } from "../../cloud/src/local/server.js";
import { startEmulator } from "../emulator/index.js";
import { generateClusterWith } from "../scenarios/generator/generate.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";
import { sampler, type Window } from "./proc.js";

export interface AgentResources {
  startup: Window;
  idle: Window;
  investigating: Window & { investigations: number; categories: string[] };
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function agentResources(o: { pods?: number; idleSeconds?: number; investigations?: number; log?: (s: string) => void } = {}): Promise<AgentResources> {
  const scenario = await loadScenario(join(SCENARIOS_DIR, "payments-oom"));
  const alert: NormalizedAlert = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { clusterLabel: "cluster", defaultCluster: "x", receivedAt: scenario.meta.now }).alerts[0]!;
  const cluster = generateClusterWith({ pods: o.pods ?? 5000, seed: 3 }, scenario);
  const emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now: scenario.meta.now });
  const hub = new AgentHub();
  const token = randomBytes(24).toString("base64url");
  const store = new MemoryStore();
  const server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: [token], logger: createLogger({ level: "error" }), agentHub: hub,
    intake: { store, queue: new MemoryQueue(1), clock: { now: () => new Date() }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: alert.cluster } },
  });
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, [join(ROOT, "bin/kubesleuth.mjs"), "agent", "--server", server.url, "--cluster-id", alert.cluster, "--kubeconfig", emu.kubeconfigPath], {
      env: { ...process.env, KUBESLEUTH_TOKEN: token, KUBESLEUTH_LOG_LEVEL: "info", KUBESLEUTH_COMMAND_QUEUE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid!;
    const startup = sampler(pid);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`agent did not start polling: ${output.slice(-2000)}`)), 60_000);
      const on = (b: Buffer) => {
        output += b.toString();
        if (output.includes("agent polling the local server")) {
          clearTimeout(t);
          resolve();
        }
      };
      child!.stdout!.on("data", on);
      child!.stderr!.on("data", on);
      child!.once("exit", (c) => reject(new Error(`agent exited ${c}: ${output.slice(-2000)}`)));
    });
    // Let the first long poll settle before timing idle.
    await new Promise((r) => setTimeout(r, 1_000));
    const startupW = startup.stop();
    o.log?.(`  agent pid ${pid}: started (${startupW.seconds.toFixed(1)} s, RSS ${(startupW.lastRss / 2 ** 20).toFixed(1)} MiB)`);

    const idle = sampler(pid);
    await new Promise((r) => setTimeout(r, (o.idleSeconds ?? 20) * 1000));
    const idleW = idle.stop();

    const busy = sampler(pid, 50);
    const now = new Date(scenario.meta.now);
    const categories: string[] = [];
    const n = o.investigations ?? 5;
    for (let i = 0; i < n; i++) {
      const report = await runInvestigation(alert, { investigationId: `agent-bench-${i}` }, { gateway: hub.gateway, clock: { now: () => now } });
      categories.push(`${report.rootCause.category}/${report.status}`);
    }
    const busyW = busy.stop();
    return { startup: startupW, idle: idleW, investigating: { ...busyW, investigations: n, categories } };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    hub.close();
    await server.close();
    await emu.close();
  }
}
