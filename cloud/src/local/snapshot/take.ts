/**
 * `kubesleuth snapshot`: run a real investigation of the target against the live cluster through the
 * recording proxy, then write what it read as a scenario folder. The folder replays offline with
 * `kubesleuth investigate --scenario DIR` (or `demo --scenario DIR`) and can be attached to a bug report.
 */
import { randomBytes } from "node:crypto";
import { KubesleuthError, describeRef, type Report, type ResourceRef } from "../../../../shared/src/index.js";
import { runInvestigation } from "../../core/engine/index.js";
import { normalizeWebhook } from "../../core/normalize/index.js";
import type { ClusterGateway } from "../../core/ports.js";
import { createClusterAgent, gatewayForAgent, loadKubeConfig, type AgentHandle } from "../gateways.js";
import { synthesizeAlert } from "./alert.js";
import { readThrough, startRecordingProxy } from "./recorder.js";
import { writeScenario } from "./write.js";

export interface SnapshotOptions {
  out: string;
  namespace: string;
  /** Required unless `alertBody` names the target. */
  target?: ResourceRef;
  kubeconfigPath?: string;
  context?: string;
  /** A real webhook body (Alertmanager v4) to keep as alert.json; default: one synthesized for the target. */
  alertBody?: unknown;
  alertname?: string;
  /** The scenario clock; default now. */
  now?: Date;
  name?: string;
  /** Tests: how to build the gateway around the agent (default: the agent package's in-process gateway). */
  gatewayFor?: (agent: AgentHandle) => Promise<ClusterGateway>;
}

export interface SnapshotResult {
  dir: string;
  objects: number;
  podLogs: number;
  apiRequests: number;
  report: Report;
}

export async function takeSnapshot(o: SnapshotOptions): Promise<SnapshotResult> {
  const source = await loadKubeConfig({ kubeconfigPath: o.kubeconfigPath, context: o.context });
  const clusterId = source.getCurrentContext() || "snapshot";
  const now = o.now ?? new Date();
  const alertBody = o.alertBody ?? (o.target
    ? synthesizeAlert(o.target, { alertname: o.alertname ?? "KubesleuthSnapshot", startsAt: now.toISOString() })
    : undefined);
  if (!alertBody) throw new KubesleuthError("BAD_REQUEST", "snapshot needs --target kind/name (or --alert FILE)");
  const batch = normalizeWebhook("alertmanager", alertBody, { clusterLabel: "cluster", defaultCluster: clusterId, receivedAt: now.toISOString() });
  const alert = batch.alerts.find((a) => a.status === "firing") ?? batch.alerts[0];
  if (!alert) throw new KubesleuthError("BAD_REQUEST", "the alert body holds no alert");
  if (!alert.target && !alert.namespace) throw new KubesleuthError("BAD_REQUEST", "the alert names no resource or namespace to snapshot");

  const proxy = await startRecordingProxy(source);
  try {
    const agent = await createClusterAgent({ kubeConfig: proxy.kubeConfig, clusterId: alert.cluster });
    const gateway = await (o.gatewayFor ?? gatewayForAgent)(agent);
    const report = await runInvestigation(alert, { investigationId: `snapshot-${randomBytes(6).toString("hex")}` }, { gateway, clock: { now: () => now } });
    if (proxy.recording.objects.size === 0) {
      throw new KubesleuthError("AGENT_ERROR", `nothing could be read from the cluster, no snapshot written: ${report.failures.join("; ") || "no objects"}`);
    }
    await readThrough(proxy.url, `/api/v1/namespaces/${encodeURIComponent(o.namespace)}`);
    const what = alert.target ? describeRef(alert.target) : `namespace ${o.namespace}`;
    const name = o.name ?? `${o.namespace}-${(alert.target?.name ?? "namespace").slice(0, 40)}-snapshot`.replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-");
    const written = await writeScenario(o.out, proxy.recording, {
      name, now: now.toISOString(), alertBody,
      description: `snapshot of ${what} taken ${now.toISOString()} (diagnosis then: ${report.rootCause.category}, ${report.rootCause.confidence})`,
    });
    return { dir: o.out, ...written, apiRequests: proxy.recording.requests, report };
  } finally {
    await proxy.close();
  }
}
