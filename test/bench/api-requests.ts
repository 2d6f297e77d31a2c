/**
 * Kubernetes API cost of one pod-alert investigation on generated 100 / 1,000 / 5,000-pod clusters (a pod
 * scenario embedded unchanged), counted by the emulator itself (requests and response bytes), side by side with
 * the manual runbook an engineer types, run with the REAL kubectl against the same emulator. kubectl's discovery
 * cache is warmed first (an on-call engineer's laptop has it), so both sides are charged only for the reads.
 */
import { performance } from "node:perf_hooks";
import { basename, join } from "node:path";
import type { KubeObject, NormalizedAlert } from "../../shared/src/index.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { inProcessAgentGateway } from "../../cloud/src/local/gateways.js";
import { startEmulator } from "../emulator/index.js";
import { kubectl } from "../kubectl/kubectl.js";
import { generateClusterWith } from "../scenarios/generator/generate.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";

export interface ApiCostRow {
  pods: number;
  objects: number;
  agent: { requests: number; bytes: number; ms: number; category: string; status: string };
  manual: { requests: number; bytes: number; ms: number; commands: number; failed: string[] };
}

export const EMBEDDED_SCENARIO = "payments-oom";

/** The runbook's commands for a pod alert (what the DESIGN calls the manual runbook). */
export function manualRunbook(objects: KubeObject[], ns: string, pod: string, container?: string): string[][] {
  const p = objects.find((o) => o.kind === "Pod" && o.metadata.namespace === ns && o.metadata.name === pod);
  const rsName = p?.metadata.ownerReferences?.find((r) => r.kind === "ReplicaSet")?.name;
  const rs = objects.find((o) => o.kind === "ReplicaSet" && o.metadata.namespace === ns && o.metadata.name === rsName);
  const deploy = rs?.metadata.ownerReferences?.find((r) => r.kind === "Deployment")?.name;
  const cms = new Set<string>();
  for (const v of (p?.spec?.volumes ?? []) as { configMap?: { name?: string } }[]) if (v.configMap?.name) cms.add(v.configMap.name);
  for (const c of (p?.spec?.containers ?? []) as { envFrom?: { configMapRef?: { name?: string } }[] }[]) for (const e of c.envFrom ?? []) if (e.configMapRef?.name) cms.add(e.configMapRef.name);
  const n = ["-n", ns];
  return [
    ["get", "pod", pod, ...n, "-o", "wide"],
    ["describe", "pod", pod, ...n],
    ["logs", pod, ...n, ...(container ? ["-c", container] : []), "--previous", "--tail", "200"],
    ["get", "rs,deploy", ...n],
    ...(deploy ? [["describe", "deploy", deploy, ...n]] : []),
    ["get", "svc,endpoints,ingress", ...n],
    ["get", "events", ...n, "--sort-by=.lastTimestamp"],
    cms.size ? ["get", "configmap", ...cms, ...n, "-o", "yaml"] : ["get", "configmap", ...n],
  ];
}

export async function apiCost(sizes: number[], log?: (s: string) => void): Promise<ApiCostRow[]> {
  const dir = join(SCENARIOS_DIR, EMBEDDED_SCENARIO);
  const scenario = await loadScenario(dir);
  const batch = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { clusterLabel: "cluster", defaultCluster: "bench", receivedAt: scenario.meta.now });
  const alert: NormalizedAlert = batch.alerts.find((a) => a.status === "firing")!;
  const ns = alert.target!.namespace!;
  const pod = alert.target!.name;
  const container = alert.labels.container;
  const now = new Date(scenario.meta.now);
  const rows: ApiCostRow[] = [];
  for (const pods of sizes) {
    const cluster = generateClusterWith({ pods, seed: 42 }, scenario);
    const emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now: scenario.meta.now });
    try {
      const gateway = await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId: alert.cluster });
      emu.resetStats();
      const t0 = performance.now();
      const report = await runInvestigation(alert, { investigationId: `bench-${pods}` }, { gateway, clock: { now: () => now } });
      const agentMs = performance.now() - t0;
      const a = emu.stats();
      await gateway.close?.();

      // Warm kubectl's discovery cache (not counted), then the runbook.
      await kubectl(emu.kubeconfigPath, ["api-resources", "-o", "name"]);
      emu.resetStats();
      const cmds = manualRunbook(cluster.objects, ns, pod, container);
      const failed: string[] = [];
      const t1 = performance.now();
      for (const args of cmds) {
        const r = await kubectl(emu.kubeconfigPath, args, { timeoutMs: 60_000 });
        if (r.code !== 0) failed.push(`kubectl ${args.join(" ")}: ${r.stderr.trim().split("\n")[0]}`);
      }
      const manualMs = performance.now() - t1;
      const m = emu.stats();
      rows.push({
        pods, objects: cluster.objects.length,
        agent: { requests: a.requests, bytes: a.bytes, ms: agentMs, category: report.rootCause.category, status: report.status },
        manual: { requests: m.requests, bytes: m.bytes, ms: manualMs, commands: cmds.length, failed },
      });
      log?.(`  ${pods} pods (${cluster.objects.length} objects): agent ${a.requests} req / ${a.bytes} B / ${agentMs.toFixed(0)} ms → ${report.rootCause.category}; ` +
        `kubectl ${m.requests} req / ${m.bytes} B / ${manualMs.toFixed(0)} ms${failed.length ? `; failed: ${failed.join("; ")}` : ""}`);
      if (process.env.BENCH_VERBOSE) log?.(`    agent: ${JSON.stringify(a.byVerbAndResource)}\n    kubectl: ${JSON.stringify(m.byVerbAndResource)}`);
    } finally {
      await emu.close();
    }
  }
  return rows;
}

export const embeddedName = () => basename(EMBEDDED_SCENARIO);
