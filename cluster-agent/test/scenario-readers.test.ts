/** Evidence readers on corpus scenarios that carry what the synthetic fixtures do not: ControllerRevisions, metrics. */
import { describe, expect, it } from "vitest";
import { startScenarioEmulator } from "../../test/emulator/index.js";
import { SCENARIOS_DIR } from "../../test/scenarios/loader.js";
import { agentFor, command, ok } from "./helpers.js";

describe("readers on corpus scenarios", () => {
  it("rollout.history of a DaemonSet: ControllerRevisions by .revision, image change in the diff", async () => {
    const emu = await startScenarioEmulator(`${SCENARIOS_DIR}/log-agent-daemonset-image`);
    try {
      const r = await agentFor(emu).handle(command("rollout.history", { ref: { kind: "DaemonSet", namespace: "logging", name: "log-agent" } }));
      const d = ok(r);
      expect(d.revisions.length).toBe(2);
      expect(d.revisions[0].revision).toBeLessThan(d.revisions[1].revision);
      expect(d.diffs[0].changes.some((c: any) => c.path.endsWith(".image") && c.before !== c.after)).toBe(true);
      expect(emu.stats().byVerbAndResource).toMatchObject({ "list controllerrevisions.apps": 1 });
    } finally {
      await emu.close();
    }
  });

  it("metrics.read where metrics-server is served: per-container usage in millicores and bytes", async () => {
    const emu = await startScenarioEmulator(`${SCENARIOS_DIR}/api-cpu-throttling`);
    try {
      const agent = agentFor(emu);
      const d = ok(await agent.handle(command("metrics.read", { kind: "Pod", namespace: "partner-api" })));
      expect(d.available).toBe(true);
      expect(d.items.length).toBeGreaterThan(0);
      const c = d.items[0].containers[0];
      expect(c.cpuMillicores).toBeGreaterThan(0);
      expect(c.memoryBytes).toBeGreaterThan(1024);
      const none = ok(await agent.handle(command("metrics.read", { kind: "Pod", namespace: "partner-api", name: "no-such-pod" })));
      expect(none).toEqual({ available: true, items: [] });
    } finally {
      await emu.close();
    }
  });
});
