/** Test helpers: an agent against an emulator, commands with a deadline, the alert's target of a scenario. */
import { KubeConfig } from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { AgentCommandInput, AgentResult, ResourceRef } from "../../shared/src/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import type { Emulator, PolicyRule } from "../../test/emulator/index.js";
import type { Scenario } from "../../test/scenarios/loader.js";
import { ClusterAgent, type ClusterAgentOptions } from "../src/agent.js";

export const CLUSTER = "test-cluster";
export const RBAC_RULES_FILE = new URL("../../charts/kubesleuth-agent/files/rbac-rules.yaml", import.meta.url);

export function rbacRules(): PolicyRule[] {
  const doc = parseYaml(readFileSync(RBAC_RULES_FILE, "utf8"));
  return Array.isArray(doc) ? doc : doc.rules;
}

export function agentFor(emu: Emulator, o: Partial<ClusterAgentOptions> = {}): ClusterAgent {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(emu.kubeconfigPath);
  // Tests are not the API server's neighbours: lift the client-side rate limit so runs stay short.
  return new ClusterAgent({ kubeConfig, clusterId: CLUSTER, qps: 1000, burst: 1000, ...o });
}

let seq = 0;
export function command(kind: string, params: unknown, extra: Partial<AgentCommandInput> = {}): AgentCommandInput {
  return { id: `cmd-${process.pid}-${++seq}`, clusterId: CLUSTER, deadline: new Date(Date.now() + 60_000).toISOString(), kind, params, ...extra } as AgentCommandInput;
}

/** The alert's target as the product resolves it (the namespace when the alert names no resource). */
export function scenarioTarget(sc: Scenario): ResourceRef {
  const meta = parseYaml(readFileSync(join(sc.dir, "scenario.yaml"), "utf8"));
  const batch = normalizeWebhook(meta.alertSource ?? "alertmanager", sc.alertBody, { defaultCluster: CLUSTER, receivedAt: meta.now });
  const alert = batch.alerts[0]!;
  return alert.target ?? { kind: "Namespace", name: alert.namespace! };
}

export function ok<T = any>(r: AgentResult): T {
  if (!r.ok) throw new Error(`${r.kind} failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}
