/**
 * Unit-level regression of the core on the whole scenario corpus: the engine and analyzers over each
 * scenario's objects through the in-memory fake agent (no emulator, no kubectl: test/eval/eval.test.ts
 * runs the real pipeline). Catches analyzer regressions in a second.
 */
import { describe, expect, it } from "vitest";
import { listScenarioDirs, loadExpected, loadScenario } from "../../../../test/scenarios/loader.js";
import { ScenarioAgent } from "../../../../test/fakes/scenario-agent.js";
import { gradeReport, refText } from "../../eval/grade.js";
import { normalizeWebhook } from "../normalize/index.js";
import { runInvestigation } from "./engine.js";

describe("engine over the scenario corpus (fake agent)", async () => {
  const dirs = await listScenarioDirs();
  // secrets: false = the chart's default RBAC (no Secret reads): existence of Secrets is unknown to the walk.
  const cases = dirs.flatMap((d) => [true, false].map((secrets) => [`${d.split("/").pop()!}${secrets ? "" : " (no Secret access)"}`, d, secrets] as const));
  it.each(cases)("%s", async (_name, dir, secrets) => {
    const s = await loadScenario(dir);
    const expected = await loadExpected(dir);
    const alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { defaultCluster: "default", receivedAt: s.meta.now }).alerts[0]!;
    const now = new Date(s.meta.now);
    const report = await runInvestigation(alert, { investigationId: "corpus" }, { gateway: new ScenarioAgent(s.objects, s.logs, "corpus", { secrets }), clock: { now: () => now } });
    const g = gradeReport(report, expected);
    const got = `${report.rootCause.category} ${refText(report.rootCause.resource)} (${report.rootCause.confidence})`;
    expect(g.categoryOk && g.culpritOk, `got ${got}, expected ${g.expectedCategory} ${g.expectedCulprit}`).toBe(true);
    expect(g.missingMentions, got).toEqual([]);
    expect(g.missingTargets.map(refText), got).toEqual([]);
  });
});
