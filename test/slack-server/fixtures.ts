/** Scenario-backed investigations for the Slack tests: the real engine over a corpus scenario via the fake agent. */
import { refId, type NormalizedAlert } from "../../shared/src/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import type { Clock, InvestigationRecord } from "../../cloud/src/core/ports.js";
import { ScenarioAgent } from "../fakes/scenario-agent.js";
import { loadScenario } from "../scenarios/loader.js";

export interface ScenarioRun {
  alert: NormalizedAlert;
  gateway: ScenarioAgent;
  clock: Clock;
  record(id: string, over?: Partial<InvestigationRecord>): InvestigationRecord;
}

export async function scenarioRun(dir: string, cluster = "default"): Promise<ScenarioRun> {
  const s = await loadScenario(dir);
  const alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { defaultCluster: cluster, receivedAt: s.meta.now }).alerts[0]!;
  const now = new Date(s.meta.now);
  return {
    alert,
    gateway: new ScenarioAgent(s.objects, s.logs),
    clock: { now: () => now },
    record: (id, over = {}) => ({
      id, clusterId: alert.cluster,
      targetKey: alert.target ? `${alert.cluster}|${refId(alert.target)}` : `${alert.cluster}|alert|${alert.alertname}|${alert.namespace ?? ""}`,
      dedupKey: `${alert.source}|${alert.fingerprint}|${id}`, alertname: alert.alertname, status: "queued",
      createdAt: s.meta.now, updatedAt: s.meta.now, alert, attached: [], feedback: [], attempts: 0, ...over,
    }),
  };
}
