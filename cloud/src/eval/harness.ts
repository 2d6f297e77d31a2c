/**
 * The eval harness: every scenario through the full pipeline (emulator → agent → engine), graded against its
 * expected.yaml, every remediation command validated with the real kubectl against that scenario's emulator.
 */
import pLimit from "p-limit";
import { basename } from "node:path";
import { errorMessage, type Expected, type Report } from "../../../shared/src/index.js";
import { startScenarioEmulator, type Emulator } from "../../../test/emulator/index.js";
import { listScenarioDirs, loadExpected, loadScenario } from "../../../test/scenarios/loader.js";
import { runInvestigation } from "../core/engine/engine.js";
import type { ModelStage } from "../core/engine/model-stage.js";
import { normalizeWebhook } from "../core/normalize/index.js";
import type { ClusterGateway } from "../core/ports.js";
import { gradeReport, refText, type Grade } from "./grade.js";
import { validateCommand, type CommandCheck } from "./validate.js";

export type GatewayFactory = (emu: Emulator, clusterId: string) => Promise<ClusterGateway & { close?(): unknown }>;

export interface ScenarioResult {
  name: string;
  pass: boolean;
  grade?: Grade;
  got: { category: string; culprit: string; confidence: string };
  commands: CommandCheck[];
  durationMs: number;
  apiRequests: number;
  error?: string;
  report?: Report;
}

export interface EvalSummary {
  results: ScenarioResult[];
  total: number;
  passed: number;
  top1Accuracy: number;
  byCategory: Record<string, { total: number; passed: number }>;
  high: { total: number; correct: number; precision: number };
  commands: { ok: number; total: number };
  medianMs: number;
}

export interface EvalOptions {
  scenariosDir?: string;
  gatewayFactory: GatewayFactory;
  modelStage?: ModelStage;
  /** Validate remediation commands with kubectl (default true). */
  validateCommands?: boolean;
  /** Only scenarios whose folder name contains this. */
  filter?: string;
  onResult?: (r: ScenarioResult) => void;
  /** Scenarios run at once (default 1). Durations then include waiting for the shared CPU. */
  concurrency?: number;
}

export async function evalScenario(dir: string, opts: EvalOptions): Promise<ScenarioResult> {
  const name = basename(dir);
  const scenario = await loadScenario(dir);
  const expected: Expected = await loadExpected(dir);
  const emu = await startScenarioEmulator(dir, { now: scenario.meta.now });
  let gw: (ClusterGateway & { close?(): unknown }) | undefined;
  try {
    const batch = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { defaultCluster: "default", receivedAt: scenario.meta.now });
    const alert = batch.alerts.find((a) => a.status === "firing") ?? batch.alerts[0];
    if (!alert) throw new Error("alert.json holds no alert");
    gw = await opts.gatewayFactory(emu, alert.cluster);
    const now = new Date(scenario.meta.now);
    const t0 = performance.now();
    const report = await runInvestigation(alert, { investigationId: `eval-${name}` }, { gateway: gw, clock: { now: () => now }, modelStage: opts.modelStage });
    const durationMs = Math.round(performance.now() - t0);
    const grade = gradeReport(report, expected);
    const commands: CommandCheck[] = [];
    if (opts.validateCommands !== false) {
      const limit = pLimit(3);
      commands.push(...(await Promise.all(report.remediation.filter((r) => r.command).map((r) => limit(() => validateCommand(r.command!, emu.kubeconfigPath))))));
    }
    return {
      name, pass: grade.pass && commands.every((c) => c.ok), grade,
      got: { category: report.rootCause.category, culprit: refText(report.rootCause.resource), confidence: report.rootCause.confidence },
      commands, durationMs, apiRequests: report.apiRequests, report,
    };
  } catch (e) {
    return { name, pass: false, got: { category: "-", culprit: "-", confidence: "-" }, commands: [], durationMs: 0, apiRequests: 0, error: errorMessage(e) };
  } finally {
    try {
      await gw?.close?.();
    } catch {
      /* closing a test gateway must not hide the result */
    }
    await emu.close();
  }
}

export async function runEval(opts: EvalOptions): Promise<EvalSummary> {
  const dirs = (await listScenarioDirs(opts.scenariosDir)).filter((d) => !opts.filter || basename(d).includes(opts.filter));
  // Scenarios are independent (one emulator each): run a few at once; results keep the corpus order.
  const limit = pLimit(Math.max(1, opts.concurrency ?? 1));
  const results = await Promise.all(dirs.map((dir) => limit(async () => {
    const r = await evalScenario(dir, opts);
    opts.onResult?.(r);
    return r;
  })));
  return summarize(results);
}

export function summarize(results: ScenarioResult[]): EvalSummary {
  const byCategory: EvalSummary["byCategory"] = {};
  for (const r of results) {
    const cat = r.grade?.expectedCategory ?? "?";
    byCategory[cat] ??= { total: 0, passed: 0 };
    byCategory[cat].total++;
    if (r.grade?.categoryOk && r.grade.culpritOk) byCategory[cat].passed++;
  }
  const highs = results.filter((r) => r.got.confidence === "high");
  const highCorrect = highs.filter((r) => r.grade?.categoryOk && r.grade.culpritOk).length;
  const cmds = results.flatMap((r) => r.commands);
  const times = results.map((r) => r.durationMs).sort((a, b) => a - b);
  const top1 = results.filter((r) => r.grade?.categoryOk && r.grade.culpritOk).length;
  return {
    results,
    total: results.length,
    passed: results.filter((r) => r.pass).length,
    top1Accuracy: results.length ? top1 / results.length : 0,
    byCategory,
    high: { total: highs.length, correct: highCorrect, precision: highs.length ? highCorrect / highs.length : 1 },
    commands: { ok: cmds.filter((c) => c.ok).length, total: cmds.length },
    medianMs: times.length ? times[Math.floor((times.length - 1) / 2)]! : 0,
  };
}

export function renderTable(s: EvalSummary): string {
  const out: string[] = [];
  const w = Math.max(8, ...s.results.map((r) => r.name.length));
  out.push(`${"scenario".padEnd(w)}  result  category (got / expected)                          culprit (got / expected)`);
  for (const r of s.results) {
    const g = r.grade;
    const bad = r.commands.filter((c) => !c.ok);
    out.push(`${r.name.padEnd(w)}  ${r.pass ? "pass" : "FAIL"}    ${r.got.category}${g && !g.categoryOk ? ` ≠ ${g.expectedCategory}` : ""} (${r.got.confidence})`.padEnd(w + 60) + `  ${r.got.culprit}${g && !g.culpritOk ? ` ≠ ${g.expectedCulprit}` : ""}`);
    if (r.error) out.push(`${"".padEnd(w)}          error: ${r.error}`);
    if (g?.missingMentions.length) out.push(`${"".padEnd(w)}          report does not mention: ${g.missingMentions.join(", ")}`);
    if (g?.missingTargets.length) out.push(`${"".padEnd(w)}          no remediation command acts on: ${g.missingTargets.map(refText).join(", ")}`);
    for (const c of bad) out.push(`${"".padEnd(w)}          command failed: ${c.command}\n${"".padEnd(w)}            → ${c.reason}`);
  }
  out.push("");
  out.push(`scenarios passed:        ${s.passed}/${s.total}`);
  out.push(`top-1 accuracy:          ${(s.top1Accuracy * 100).toFixed(1)}% (category and culprit)`);
  out.push(`precision of "high":     ${s.high.correct}/${s.high.total} (${(s.high.precision * 100).toFixed(1)}%)`);
  out.push(`commands validated:      ${s.commands.ok}/${s.commands.total} (kubectl --dry-run=client / read-only against the emulator)`);
  out.push(`median investigation:    ${s.medianMs} ms`);
  out.push("accuracy by category:");
  for (const [cat, v] of Object.entries(s.byCategory).sort()) out.push(`  ${cat.padEnd(28)} ${v.passed}/${v.total}`);
  return out.join("\n");
}
