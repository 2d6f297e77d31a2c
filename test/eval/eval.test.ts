/**
 * The eval harness over the whole corpus, in process, with the REAL pieces: emulator → in-process cluster
 * agent → engine → report, every remediation command validated with the real kubectl. Asserts the target:
 * 100% top-1 (category + culprit), every "high" answer correct, every command valid.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { agentGatewayFactory } from "../../cloud/src/eval/gateway.js";
import { renderTable, runEval } from "../../cloud/src/eval/harness.js";

const AGENT = fileURLToPath(new URL("../../cluster-agent/src/agent.ts", import.meta.url));
const GATEWAY = fileURLToPath(new URL("../../cloud/src/adapters/local/in-process-gateway.ts", import.meta.url));
const ready = existsSync(AGENT) && existsSync(GATEWAY);

describe.skipIf(!ready)("eval over the scenario corpus (real agent, emulator, kubectl)", () => {
  it("diagnoses every scenario correctly with valid commands", async () => {
    const summary = await runEval({ gatewayFactory: agentGatewayFactory, concurrency: 4 });
    const table = renderTable(summary);
    console.log(table);
    expect(summary.total, "corpus is empty").toBeGreaterThanOrEqual(35);
    expect(summary.results.filter((r) => r.error).map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    expect(summary.top1Accuracy, table).toBe(1);
    expect(summary.high.correct, table).toBe(summary.high.total);
    expect(summary.commands.ok, table).toBe(summary.commands.total);
    expect(summary.results.filter((r) => !r.pass).map((r) => r.name), table).toEqual([]);
  }, 240_000);
});

// Without the agent the suite above is skipped; say so loudly instead of passing silently.
if (!ready) {
  describe("eval prerequisites", () => {
    it.todo(`cluster agent not built yet (${AGENT} / ${GATEWAY} missing): the corpus eval runs once it exists`);
  });
}
