/**
 * `kubesleuth demo`: the whole product on one machine with no cluster and no credentials. A scenario's frozen
 * cluster is served by the Kubernetes API emulator; the local server receives the scenario's real webhook
 * exactly as Alertmanager sends it (token in the Authorization header); the agent runs in-process against the
 * emulator through the same client library it uses in a real cluster; the investigation runs at the scenario's
 * clock; the report is printed and kept in the portal.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubesleuthError, type Report } from "../../../shared/src/index.js";
import { startScenarioEmulator, type Emulator } from "../../../test/emulator/index.js";
import { loadScenario, type Scenario } from "../../../test/scenarios/loader.js";
import { normalizeWebhook } from "../core/normalize/index.js";
import type { InvestigationRecord, Notifier } from "../core/ports.js";
import { DEFAULT_RULESET } from "../core/rules/index.js";
import { startLocalApp, type LocalApp } from "./app.js";
import { FileStore } from "./file-store.js";
import { inProcessAgentGateway, type ClosableGateway } from "./gateways.js";
import { createLogger, type Logger, type LogLevel } from "./logger.js";
import { fanoutNotifier, terminalNotifier } from "./notifiers.js";
import type { Style } from "./terminal.js";
import { FileTopologyArchive } from "./topology-archive.js";

export interface DemoOptions {
  scenarioDir: string;
  port?: number;
  host?: string;
  style: Style;
  write: (line: string) => void;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Extra notifier (tests). */
  notifier?: Notifier;
  /** How to reach the emulated cluster (default: the real agent in-process against the emulator's kubeconfig). */
  gatewayFor?: (o: { kubeconfigPath: string; clusterId: string; scenario: Scenario; qps?: number; burst?: number }) => Promise<ClosableGateway>;
}

export interface DemoRun extends ScenarioServer {
  /** The investigation the webhook started. */
  record: InvestigationRecord;
  report?: Report;
}

export interface ScenarioServer {
  scenario: Scenario;
  app: LocalApp;
  emulator: Emulator;
  token: string;
  dataDir: string;
  clusterId: string;
  close(): Promise<void>;
}

/** Emulator + local server + in-process agent for a scenario, at the scenario's clock (demo and e2e tests). */
export async function startScenarioServer(o: DemoOptions): Promise<ScenarioServer> {
  const scenario = await loadScenario(o.scenarioDir);
  const now = new Date(scenario.meta.now);
  const clock = { now: () => now };
  // The emulated cluster is the one the alert names (its cluster label), as a real deployment would be configured.
  const batch = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { clusterLabel: "cluster", defaultCluster: "demo", receivedAt: now.toISOString() });
  const clusterId = batch.alerts[0]?.cluster ?? "demo";

  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const emulator = await startScenarioEmulator(scenario.dir);
    cleanups.push(() => emulator.close());
    const dataDir = await mkdtemp(join(tmpdir(), "kubesleuth-demo-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const store = await FileStore.open({ dataDir, clock });
    const token = randomBytes(24).toString("base64url");
    const logger = o.logger ?? createLogger({ level: o.logLevel ?? "warn", secrets: [token] });
    // The emulator is a local process, not a shared API server: the agent's production QPS cap only slows the demo.
    const gateway = await (o.gatewayFor ?? inProcessAgentGateway)({ kubeconfigPath: emulator.kubeconfigPath, clusterId, scenario, qps: 200, burst: 200 });
    cleanups.push(async () => gateway.close?.());
    const app = await startLocalApp({
      host: o.host ?? "127.0.0.1", port: o.port ?? 0, tokens: [token], logger, store,
      topology: new FileTopologyArchive(join(dataDir, "topology")), gateway, clock, rules: DEFAULT_RULESET,
      clusterLabel: "cluster", defaultCluster: clusterId, concurrency: 2,
      notifier: fanoutNotifier([terminalNotifier(o.write, o.style), ...(o.notifier ? [o.notifier] : [])], logger),
    });
    cleanups.push(() => app.close());
    return { scenario, app, emulator, token, dataDir, clusterId, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function runDemo(o: DemoOptions): Promise<DemoRun> {
  const env = await startScenarioServer(o);
  const { scenario, app, emulator } = env;
  const source = scenario.meta.alertSource;
  try {
    o.write(o.style.dim(`Scenario ${scenario.meta.name}: ${scenario.meta.description}`));
    o.write(o.style.dim(`Kubernetes API emulator ${emulator.url} · local server ${app.url}`));
    o.write(o.style.dim(`POST ${app.url}/alerts/${source} (Authorization: Bearer ****) as ${source} would`));
    const res = await fetch(`${app.url}/alerts/${source}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.token}`, "user-agent": "Alertmanager/0.27.0" },
      body: JSON.stringify(scenario.alertBody),
    });
    const answer = (await res.json()) as { decisions?: { action: string; investigationId?: string; reason: string }[]; error?: string };
    if (res.status !== 202) throw new KubesleuthError("INTERNAL", `the local server answered ${res.status}: ${answer.error ?? "?"}`);
    const started = answer.decisions?.find((d) => d.investigationId && (d.action === "investigate" || d.action === "attach" || d.action === "duplicate"));
    if (!started?.investigationId) {
      throw new KubesleuthError("INTERNAL", `the alert was not investigated: ${answer.decisions?.map((d) => `${d.action}: ${d.reason}`).join("; ") || "no alerts in the body"}`);
    }
    await app.idle();
    const record = (await app.store.getInvestigation(started.investigationId))!;
    return { ...env, record, report: record.report };
  } catch (e) {
    await env.close();
    throw e;
  }
}
