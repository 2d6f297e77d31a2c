/**
 * The agent under exactly charts/kubesleuth-agent/files/rbac-rules.yaml (enforced by the emulator like the real
 * authorizer), across the corpus: the topology walk and every evidence reader run without a single 403 except
 * on Secrets (which the rules deliberately leave out), and a Secret read is refused.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { AgentResult, KubeObject, ResourceRef, TopologyGraph } from "../../shared/src/index.js";
import { startScenarioEmulator } from "../../test/emulator/index.js";
import { listScenarioDirs, loadScenario } from "../../test/scenarios/loader.js";
import { agentFor, command, ok, rbacRules, scenarioTarget } from "./helpers.js";

const dirs = await listScenarioDirs();
const rules = rbacRules();
const secretWarnings: string[] = [];
afterAll(() => console.log(`Secret references the agent could not verify under the chart's rules: ${secretWarnings.length}`));

describe("corpus under the chart's read-only RBAC rules", () => {
  it("the rules are read-only and leave Secrets out", () => {
    for (const r of rules) {
      expect(r.verbs.every((v) => ["get", "list", "watch"].includes(v))).toBe(true);
      expect(r.resources).not.toContain("secrets");
      expect(r.resources).not.toContain("*");
    }
  });

  for (const dir of dirs) {
    const name = dir.split("/").pop()!;
    it(name, async () => {
      const sc = await loadScenario(dir);
      const emu = await startScenarioEmulator(dir, { rbacRules: rules });
      try {
        const agent = agentFor(emu);
        const inv = { investigationId: `rbac-${name}` };
        let target: ResourceRef = scenarioTarget(sc);
        let topo = await agent.handle(command("topology.discover", { target }, inv));
        if (!topo.ok && topo.error.code === "NOT_FOUND" && target.namespace) {
          target = { kind: "Namespace", name: target.namespace };
          topo = await agent.handle(command("topology.discover", { target }, inv));
        }
        const graph = ok<TopologyGraph>(topo);
        const results: AgentResult[] = [topo];
        const ns = target.namespace ?? (target.kind === "Namespace" ? target.name : undefined);
        const pods = graph.nodes.filter((n) => n.ref.kind === "Pod" && n.object);
        for (const p of pods.slice(0, 2)) {
          const c = (p.object as KubeObject).spec?.containers?.[0]?.name as string | undefined;
          results.push(await agent.handle(command("logs.read", { namespace: p.ref.namespace, pod: p.ref.name, container: c }, inv)));
          results.push(await agent.handle(command("events.list", { namespace: p.ref.namespace, involvedObject: { kind: "Pod", name: p.ref.name } }, inv)));
        }
        if (ns) {
          results.push(await agent.handle(command("events.list", { namespace: ns }, inv)));
          results.push(await agent.handle(command("metrics.read", { kind: "Pod", namespace: ns }, inv)));
        }
        for (const n of graph.nodes.filter((n) => n.ref.kind === "Node").slice(0, 1)) {
          results.push(await agent.handle(command("metrics.read", { kind: "Node", name: n.ref.name }, inv)));
          results.push(await agent.handle(command("events.list", { involvedObject: { kind: "Node", name: n.ref.name } }, inv)));
        }
        for (const w of graph.nodes.filter((n) => ["Deployment", "StatefulSet", "DaemonSet"].includes(n.ref.kind) && n.object)) {
          results.push(await agent.handle(command("rollout.history", { ref: w.ref }, inv)));
        }
        const cfg = graph.nodes.filter((n) => n.ref.kind === "ConfigMap" || n.ref.kind === "Secret").map((n) => n.ref);
        if (cfg.length) results.push(await agent.handle(command("config.changes", { refs: cfg }, inv)));

        for (const r of results) {
          if (!r.ok) expect(r.error.code, `${r.kind}: ${r.error.message}`).not.toBe("FORBIDDEN");
          const warnings = r.ok ? [...r.warnings, ...((r.data as any)?.warnings ?? [])] : [];
          for (const w of warnings) {
            if (/Secret/.test(w)) {
              expect(w).toMatch(/^cannot verify Secret [a-z0-9.-]+\/[a-z0-9.-]+ \(no permission\)$/);
              secretWarnings.push(w);
            } else expect(w).not.toMatch(/forbidden/i);
          }
        }
        // Without permission a Secret is never reported missing (the agent cannot know).
        expect(graph.nodes.filter((n) => n.ref.kind === "Secret" && n.missing)).toEqual([]);
        const secret = sc.objects.find((o) => o.kind === "Secret");
        if (secret) {
          const r = await agent.handle(command("resource.get", { ref: { kind: "Secret", namespace: secret.metadata.namespace, name: secret.metadata.name } }, inv));
          expect(!r.ok && r.error.code).toBe("FORBIDDEN");
        }
      } finally {
        await emu.close();
      }
    });
  }
});
