/**
 * API request budget: a pod alert's WHOLE investigation (the real engine: topology, logs, events, metrics,
 * rollout history, config changes, follow-ups) through the real agent costs at most 30 Kubernetes API requests
 * on a generated 5,000-pod cluster. This bounds the request COUNT (a correctness property of targeted reads),
 * never time; figures are printed.
 */
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { InProcessGateway } from "../../cloud/src/adapters/local/in-process-gateway.js";
import { startEmulator } from "../../test/emulator/index.js";
import { generateCluster } from "../../test/scenarios/generator/generate.js";
import { SCENARIOS_DIR, loadScenario } from "../../test/scenarios/loader.js";
import { CLUSTER, agentFor } from "./helpers.js";

const BUDGET = 30;
const figures: string[] = [];
afterAll(() => console.log(`whole-investigation API requests on a generated 5,000-pod cluster:\n${figures.join("\n")}`));

describe("API request budget on a 5,000-pod cluster", () => {
  for (const name of ["payments-oom", "checkout-configmap-bad-value", "cart-bad-rollout-crash"]) {
    it(`${name}: pod alert investigated in ≤ ${BUDGET} requests`, async () => {
      const dir = join(SCENARIOS_DIR, name);
      const sc = await loadScenario(dir);
      const cluster = await generateCluster({ pods: 5000, seed: 7, embed: dir });
      const emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now: sc.meta.now });
      try {
        const alert = normalizeWebhook(sc.meta.alertSource ?? "alertmanager", sc.alertBody, { defaultCluster: CLUSTER, receivedAt: sc.meta.now }).alerts[0]!;
        expect(alert.target?.kind).toBe("Pod");
        const agent = agentFor(emu, { qps: 20, burst: 40 });
        emu.resetStats();
        const report = await runInvestigation({ ...alert, cluster: CLUSTER }, { investigationId: `budget-${name}` }, {
          gateway: new InProcessGateway(agent), clock: { now: () => new Date(sc.meta.now) },
        });
        const stats = emu.stats();
        figures.push(`${name.padEnd(32)} ${String(stats.requests).padStart(3)} requests (${cluster.stats.generatedPods} generated pods, ${cluster.stats.objects} objects) → ${report.rootCause?.category ?? "?"}\n    ${JSON.stringify(stats.byVerbAndResource)}`);
        expect(stats.requests).toBe(agent.apiRequests);
        expect(stats.requests).toBeLessThanOrEqual(BUDGET);
        // Targeted reads only: no list of pods or events across the cluster without a selector.
        for (const k of Object.keys(stats.byVerbAndResource)) expect(k).toMatch(/^(get|list) /);
      } finally {
        await emu.close();
      }
    }, 60_000);
  }
});
