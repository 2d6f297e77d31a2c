/**
 * Prints the size of the reasoning prompt (characters, ~tokens at 4 chars/token) for every corpus scenario:
 * the input cost of one investigation's first reasoning call. Run: npx tsx test/model-server/prompt-size.bench.ts
 */
import { listScenarioDirs, loadScenario } from "../scenarios/loader.js";
import { ScenarioAgent } from "../fakes/scenario-agent.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { runInvestigation } from "../../cloud/src/core/engine/engine.js";
import type { ModelStageInput } from "../../cloud/src/core/engine/model-stage.js";
import { reasoningPrompt, reasoningSystem, logsBlock } from "../../cloud/src/core/model/prompts.js";
import { toolSpecs } from "../../cloud/src/core/model/tools.js";

const rows: { name: string; chars: number; logs: number }[] = [];
for (const dir of await listScenarioDirs()) {
  const s = await loadScenario(dir);
  const alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { defaultCluster: "default", receivedAt: s.meta.now }).alerts[0]!;
  let seen: ModelStageInput | undefined;
  const now = new Date(s.meta.now);
  await runInvestigation(alert, { investigationId: "size" }, { gateway: new ScenarioAgent(s.objects, s.logs, "size"), clock: { now: () => now }, modelStage: { run: async (i) => { seen = i; return {}; } } });
  const i = seen!;
  const prompt = reasoningPrompt({ alert: i.alert, graph: i.graph, extraGraphs: i.evidence.dependencies.map((d) => d.graph), evidence: i.evidence, candidates: i.candidates });
  rows.push({ name: dir.split("/").pop()!, chars: prompt.length + reasoningSystem(6).length + JSON.stringify(toolSpecs()).length, logs: logsBlock(i.evidence).length });
}
rows.sort((a, b) => a.chars - b.chars);
const q = (p: number) => rows[Math.min(rows.length - 1, Math.floor(p * rows.length))]!.chars;
for (const r of rows) console.log(`${r.name.padEnd(40)} ${String(r.chars).padStart(7)} chars  ~${Math.round(r.chars / 4)} tokens  (logs ${r.logs})`);
console.log(`\n${rows.length} scenarios: median ~${Math.round(q(0.5) / 4)} tokens, p95 ~${Math.round(q(0.95) / 4)} tokens, max ~${Math.round(rows.at(-1)!.chars / 4)} tokens (first reasoning call, system + tools + context)`);
