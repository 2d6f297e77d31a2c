/**
 * topology.discover over EVERY scenario of the corpus, against the emulator: the graph must contain the culprit
 * (expected.yaml is read here, in the test only), every result must satisfy its schema, and the API requests a
 * whole pod investigation costs are printed per scenario.
 */
import { afterAll, describe, expect, it } from "vitest";
import { RESULT_DATA_SCHEMAS, refId, type ResourceRef, type TopologyGraph } from "../../shared/src/index.js";
import { startScenarioEmulator, type Emulator } from "../../test/emulator/index.js";
import { listScenarioDirs, loadExpected, loadScenario } from "../../test/scenarios/loader.js";
import { agentFor, command, ok, scenarioTarget } from "./helpers.js";

const dirs = await listScenarioDirs();
const figures: string[] = [];
afterAll(() => console.log(`topology requests per scenario (target → requests, nodes):\n${figures.join("\n")}`));

/** Culprits found by following the evidence (a dependency named in logs), not by the walk from the alert. */
const FOUND_BY_EVIDENCE = new Set(["dependency-failure"]);

describe("topology.discover over the corpus", () => {
  it("has the corpus", () => expect(dirs.length).toBeGreaterThanOrEqual(40));

  for (const dir of dirs) {
    const name = dir.split("/").pop()!;
    it(name, async () => {
      const sc = await loadScenario(dir);
      const expected = await loadExpected(dir);
      const emu: Emulator = await startScenarioEmulator(dir);
      try {
        const agent = agentFor(emu);
        let target = scenarioTarget(sc);
        let r = await agent.handle(command("topology.discover", { target }, { investigationId: `inv-${name}` }));
        if (!r.ok && r.error.code === "NOT_FOUND" && target.namespace) {
          target = { kind: "Namespace", name: target.namespace };
          r = await agent.handle(command("topology.discover", { target }, { investigationId: `inv-${name}` }));
        }
        const graph = ok<TopologyGraph>(r);
        RESULT_DATA_SCHEMAS["topology.discover"].parse(graph);
        expect(r.apiRequests).toBe(emu.stats().requests);
        figures.push(`${name.padEnd(36)} ${refId(target).padEnd(60)} ${String(r.apiRequests).padStart(3)} req ${String(graph.nodes.length).padStart(3)} nodes${graph.warnings.length ? `  warnings: ${graph.warnings.join("; ")}` : ""}`);
        // Every edge joins two nodes of the graph; the root is a node.
        const ids = new Set(graph.nodes.map((n) => n.id));
        expect(ids.has(graph.root)).toBe(true);
        for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} -${e.type}-> ${e.to}`).toBe(true);
        // Nothing but reads.
        for (const k of Object.keys(emu.stats().byVerbAndResource)) expect(k).toMatch(/^(get|list) /);
        const categories = [expected.category].flat();
        const culprits = [expected.culprit ?? []].flat() as ResourceRef[];
        if (!culprits.length || categories.every((c) => FOUND_BY_EVIDENCE.has(c))) return;
        expect(culprits.some((c) => ids.has(refId(c))), `culprit ${culprits.map(refId).join(" | ")} not in graph:\n${[...ids].join("\n")}`).toBe(true);
      } finally {
        await emu.close();
      }
    });
  }
});
