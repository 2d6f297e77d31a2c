/**
 * Figures over the SQS transport on moto: investigation latency on a subset of the corpus (engine → command
 * queue → bundled agent process → results queue → collector → DynamoDB → gateway), and the bundled agent's
 * RSS/CPU while idle (its SQS long-poll loop with no commands) and while investigating on a 5,000-pod cluster.
 */
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { NormalizedAlert } from "../../shared/src/index.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { startEmulator, startScenarioEmulator } from "../emulator/index.js";
import { generateClusterWith } from "../scenarios/generator/generate.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";
import type { LatencySample } from "./latency.js";
import { sampler, type Window } from "./proc.js";
import { startSqsEnv } from "./sqs-env.js";

async function alertOf(dir: string): Promise<{ alert: NormalizedAlert; now: Date }> {
  const s = await loadScenario(dir);
  const batch = normalizeWebhook(s.meta.alertSource, s.alertBody, { clusterLabel: "cluster", defaultCluster: "bench", receivedAt: s.meta.now });
  return { alert: batch.alerts.find((a) => a.status === "firing") ?? batch.alerts[0]!, now: new Date(s.meta.now) };
}

/** One cluster id for every scenario: the agent process is restarted per scenario against its emulator. */
const CLUSTER = "bench-sqs";

export async function sqsLatency(scenarios: string[], log?: (s: string) => void): Promise<LatencySample[]> {
  const env = await startSqsEnv(CLUSTER);
  const out: LatencySample[] = [];
  try {
    for (const name of scenarios) {
      const dir = join(SCENARIOS_DIR, name);
      const { alert, now } = await alertOf(dir);
      const emu = await startScenarioEmulator(dir);
      // Short receives: stop() lets the last long poll return (so no command is stranded server-side), and with
      // 1 s receives restarting the agent per scenario costs about a second instead of up to 20.
      const agent = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 1 });
      try {
        const t0 = performance.now();
        const report = await runInvestigation({ ...alert, cluster: CLUSTER }, { investigationId: `sqs-${name}` }, { gateway: env.gateway, clock: { now: () => now } });
        const ms = performance.now() - t0;
        out.push({ scenario: name, ms, reportMs: ms, status: report.status, apiRequests: report.apiRequests });
        log?.(`  [sqs] ${name}: ${ms.toFixed(0)} ms, ${report.status} ${report.rootCause.category}, ${report.apiRequests} API requests`);
      } finally {
        await agent.stop();
        await emu.close();
        await new Promise((r) => setTimeout(r, 1_500));
      }
    }
  } finally {
    await env.close();
  }
  return out;
}

export interface BundledAgentResources {
  startup: Window;
  idle: Window;
  investigating: Window & { investigations: number; categories: string[] };
}

export async function bundledAgentResources(o: { pods?: number; idleSeconds?: number; investigations?: number; log?: (s: string) => void } = {}): Promise<BundledAgentResources> {
  const dir = join(SCENARIOS_DIR, "payments-oom");
  const scenario = await loadScenario(dir);
  const { alert, now } = await alertOf(dir);
  const cluster = generateClusterWith({ pods: o.pods ?? 5000, seed: 3 }, scenario);
  const emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now: scenario.meta.now });
  const env = await startSqsEnv(CLUSTER);
  try {
    const t0 = performance.now();
    const agent = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 20 });
    const startup = sampler(agent.pid);
    await new Promise((r) => setTimeout(r, 2_000));
    const startupW = startup.stop();
    o.log?.(`  [sqs] bundled agent pid ${agent.pid} started in ${(performance.now() - t0).toFixed(0)} ms, RSS ${(startupW.lastRss / 2 ** 20).toFixed(1)} MiB`);
    const idle = sampler(agent.pid);
    await new Promise((r) => setTimeout(r, (o.idleSeconds ?? 20) * 1000));
    const idleW = idle.stop();
    const busy = sampler(agent.pid, 50);
    const categories: string[] = [];
    const n = o.investigations ?? 5;
    for (let i = 0; i < n; i++) {
      const report = await runInvestigation({ ...alert, cluster: CLUSTER }, { investigationId: `sqs-agent-${i}` }, { gateway: env.gateway, clock: { now: () => now } });
      categories.push(`${report.rootCause.category}/${report.status}`);
    }
    const busyW = busy.stop();
    await agent.stop();
    return { startup: startupW, idle: idleW, investigating: { ...busyW, investigations: n, categories } };
  } finally {
    await env.close();
    await emu.close();
  }
}

export const sqsSubsetNames = (all: string[], n: number): string[] => {
  // Evenly spread over the sorted corpus, so the subset covers many categories.
  const names = all.map((d) => basename(d)).sort();
  const step = names.length / n;
  return Array.from({ length: Math.min(n, names.length) }, (_, i) => names[Math.floor(i * step)]!);
};
