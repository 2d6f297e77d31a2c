/**
 * Alert storm against the local server: 1,000 webhooks (distinct alerts, growing groups, verbatim repeats) over
 * 127.0.0.1 to the real local app (HTTP server, intake, file store with fsync, in-process queue and worker, the
 * real agent against a generated 1,000-pod cluster in the emulator). Afterwards every alert sent is reconciled
 * against the store: it must be the starting alert of an investigation or attached to one (or skipped by a rule,
 * with the rule's reason). Investigations keep running in the background while the storm lasts, as they would.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pLimit from "p-limit";
import { randomBytes } from "node:crypto";
import { DEFAULT_RULESET } from "../../cloud/src/core/rules/index.js";
import { startLocalApp } from "../../cloud/src/local/app.js";
import { FileStore } from "../../cloud/src/local/file-store.js";
import { inProcessAgentGateway } from "../../cloud/src/local/gateways.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { FileTopologyArchive } from "../../cloud/src/local/topology-archive.js";
import { startEmulator } from "../emulator/index.js";
import { generateClusterWith } from "../scenarios/generator/generate.js";
import { percentile } from "./stats.js";
import { stormTraffic, type StormPod } from "./storm-load.js";

export interface StormResult {
  webhooks: number;
  alertsInBodies: number;
  distinctAlerts: number;
  sendMs: number;
  statuses: Record<string, number>;
  latency: { p50: number; p95: number; max: number };
  actions: Record<string, number>;
  investigations: number;
  investigationsByStatus: Record<string, number>;
  lost: string[];
  skippedByRule: number;
  retried: number;
}

const CLUSTER = "storm-cluster";

export async function alertStorm(o: { webhooks?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<StormResult> {
  const now = new Date("2026-11-20T03:00:00Z");
  const cluster = generateClusterWith({ pods: 1000, seed: 11, now: now.toISOString() });
  const pods: StormPod[] = cluster.objects.filter((x) => x.kind === "Pod" && x.metadata.namespace !== "kube-system").map((x) => ({
    namespace: x.metadata.namespace!, name: x.metadata.name, container: (x.spec?.containers as { name: string }[])[0]!.name,
  }));
  const total = o.webhooks ?? 1000;
  const traffic = stormTraffic(pods, { total, distinct: Math.round(total * 0.2), groups: 20, updatesPerGroup: 10, cluster: CLUSTER, startsAt: new Date(now.getTime() - 600_000).toISOString(), seed: 5 });
  const emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now });
  const dataDir = await mkdtemp(join(tmpdir(), "kubesleuth-storm-"));
  const clock = { now: () => now };
  const store = await FileStore.open({ dataDir, clock });
  const token = randomBytes(24).toString("base64url");
  const logger = createLogger({ level: "error", secrets: [token] });
  const gateway = await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId: CLUSTER });
  const app = await startLocalApp({
    host: "127.0.0.1", port: 0, tokens: [token], logger, store, topology: new FileTopologyArchive(join(dataDir, "topology")),
    gateway, clock, rules: DEFAULT_RULESET, clusterLabel: "cluster", defaultCluster: CLUSTER, concurrency: 2,
    notifier: { started: async () => undefined, progress: async () => {}, completed: async () => {}, resolved: async () => {} },
    shutdownGraceMs: 1_000,
  });
  try {
    const limit = pLimit(o.concurrency ?? 8);
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const actions: Record<string, number> = {};
    const skipped = new Set<string>();
    let retried = 0;
    const post = async (body: string): Promise<{ status: number; json: { decisions?: { fingerprint: string; action: string }[] } }> => {
      const t0 = performance.now();
      const r = await fetch(`${app.url}/alerts/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
      const json = (await r.json()) as { decisions?: { fingerprint: string; action: string }[] };
      latencies.push(performance.now() - t0);
      return { status: r.status, json };
    };
    const t0 = performance.now();
    await Promise.all(traffic.map((w) => limit(async () => {
      const body = JSON.stringify(w.body);
      let res = await post(body);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      // A sender retries a 5xx (Alertmanager does); the retry is part of "none lost".
      for (let i = 0; i < 3 && res.status >= 500; i++) {
        retried++;
        res = await post(body);
      }
      for (const d of res.json.decisions ?? []) {
        actions[d.action] = (actions[d.action] ?? 0) + 1;
        if (d.action === "skip") skipped.add(d.fingerprint);
      }
    })));
    const sendMs = performance.now() - t0;

    // Reconcile every alert sent against the store.
    const sent = new Set(traffic.flatMap((w) => w.body.alerts.map((a) => a.fingerprint)));
    const records = await app.store.listInvestigations({ limit: 1_000_000 });
    const held = new Set<string>();
    const byStatus: Record<string, number> = {};
    for (const r of records) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      held.add(r.alert.fingerprint);
      for (const a of r.attached) held.add(a.fingerprint);
    }
    const lost = [...sent].filter((fp) => !held.has(fp) && !skipped.has(fp));
    const result: StormResult = {
      webhooks: traffic.length, alertsInBodies: traffic.reduce((n, w) => n + w.body.alerts.length, 0), distinctAlerts: sent.size, sendMs, statuses,
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      actions, investigations: records.length, investigationsByStatus: byStatus, lost, skippedByRule: [...skipped].filter((fp) => !held.has(fp)).length, retried,
    };
    o.log?.(`  storm: ${JSON.stringify({ ...result, lost: result.lost.length })}`);
    return result;
  } finally {
    await app.close();
    await gateway.close?.();
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
