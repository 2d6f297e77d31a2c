/**
 * The multi-model investigation stage (engine port ModelStage):
 *   1. triage   (fast model)   summarizes the container logs, quoting lines that really occur in them;
 *   2. reason   (strong model) weighs the deterministic candidates and may read more evidence through the
 *                              agent's read-only commands, within the budget (calls, tokens, seconds);
 *   3. check    (check model)  reviews the deterministic remediation commands after the command guard.
 * Every answer is parsed with zod and guarded (taxonomy, topology membership, command validation, confidence
 * cap). Any timeout, throttling that outlasts the retries, provider error or unusable answer ends in a
 * fallback: the rules-only report stands, marked with the reason.
 */
import { errorMessage, maskText, type EvidenceItem, type Remediation } from "../../../../shared/src/index.js";
import { formatMs } from "../engine/deadline.js";
import type { ModelStage, ModelStageInput, ModelStageOutput } from "../engine/model-stage.js";
import { CheckAnswerSchema, parseAnswer, ReasoningAnswerSchema, TriageAnswerSchema, type ReasoningAnswer, type TriageAnswer } from "./answers.js";
import { Budget, BudgetExceeded, callModel, UsageMeter, type CallOptions } from "./budget.js";
import { knownResources, validateCommand, type KnownResources } from "./command-guard.js";
import type { ActiveModelConfig } from "./config.js";
import { guardCause } from "./guards.js";
import { maskingClient } from "./masking-client.js";
import { isModelClientError, type ChatMessage, type ModelClient } from "./model-client.js";
import { CHECK_SYSTEM, checkPrompt, logsBlock, reasoningPrompt, reasoningSystem, TRIAGE_SYSTEM } from "./prompts.js";
import { runTool, toolSpecs } from "./tools.js";

/** What the stage returns beyond the engine's port. */
export interface ModelStageResult extends ModelStageOutput {
  /** Model outputs that were refused, in words (also logged). */
  rejected?: string[];
}

export type ModelLog = (event: string, fields: Record<string, unknown>) => void;

export interface ModelStageDeps {
  client: ModelClient;
  config: ActiveModelConfig;
  /** Wall clock in ms (tests pass a fake only for unit tests; default Date.now). */
  nowMs?: () => number;
  log?: ModelLog;
  sleep?: CallOptions["sleep"];
}

/** Margin kept before the engine's own deadline so the stage answers with its own fallback message. */
const ENGINE_MARGIN_MS = 500;

class Fallback extends Error {}

export class InvestigationModelStage implements ModelStage {
  private readonly client: ModelClient;
  private readonly nowMs: () => number;
  private readonly log: ModelLog;

  constructor(private readonly deps: ModelStageDeps) {
    this.client = maskingClient(deps.client);
    this.nowMs = deps.nowMs ?? Date.now;
    this.log = deps.log ?? (() => {});
  }

  async run(input: ModelStageInput): Promise<ModelStageResult> {
    const cfg = this.deps.config;
    const b = cfg.budget;
    const start = this.nowMs();
    const deadlineMs = Math.min(input.deadline - ENGINE_MARGIN_MS, start + b.timeoutMs);
    const allowedMs = Math.max(0, deadlineMs - start);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), allowedMs);
    const budget = new Budget({ maxToolCalls: b.maxToolCalls, maxTokens: b.maxTokens }, deadlineMs, this.nowMs);
    const meter = new UsageMeter();
    const extraGraphs = input.evidence.dependencies.map((d) => d.graph);
    // Discovered = walked (topology, followed dependencies), read outside the walk, or a deterministic culprit.
    const readRefs = input.evidence.objects.map((o) => ({ kind: o.object.kind, namespace: o.object.metadata.namespace, name: o.object.metadata.name }));
    const culprits = input.candidates.flatMap((c) => (c.culprit ? [c.culprit] : []));
    const known = knownResources([input.graph, ...extraGraphs], [...readRefs, ...culprits]);
    const rootIds = known.ids;
    const rejected: string[] = [];
    const call = (stage: string, model: string, system: string, messages: ChatMessage[], withTools: boolean) =>
      callModel(this.client, { modelId: model, system, messages, tools: withTools ? toolSpecs() : undefined, maxTokens: b.maxOutputTokens }, {
        retries: b.retries, retryBaseMs: b.retryBaseMs, budget, meter, stage, signal: abort.signal, nowMs: this.nowMs, sleep: this.deps.sleep,
        onRetry: (attempt, waitMs, e) => this.log("model.retry", { investigationId: input.investigationId, stage, model, attempt, waitMs, kind: e.kind }),
      });
    const done = (out: ModelStageResult): ModelStageResult => {
      const usage = meter.list();
      this.log("model.usage", { investigationId: input.investigationId, durationMs: this.nowMs() - start, toolCalls: budget.toolCalls, tokens: budget.tokens, usage, fallback: out.fallback, rejected });
      return { ...out, usage, rejected: rejected.length ? rejected : undefined };
    };

    try {
      // 1. triage
      let triage: TriageAnswer | undefined;
      if (cfg.triage && input.evidence.logs.length) triage = await this.triage(input, call, cfg.models.fast, rejected);

      // 2. reason
      const reasoned = await this.reason(input, call, cfg.models.strong, budget, known, deadlineMs, abort.signal, extraGraphs, triage);
      const guarded = guardCause(reasoned.answer.rootCause, rootIds, input.candidates, reasoned.readEvidence);
      if (!guarded.ok) {
        rejected.push(`model answer rejected: ${guarded.reason}`);
        return done({ fallback: `model answer rejected: ${guarded.reason}; rules-only result`, extraEvidence: [] });
      }
      const proposed: Remediation[] = [];
      for (const r of reasoned.answer.remediation ?? []) {
        if (!r.command) {
          proposed.push({ description: maskText(r.description), needsJudgment: true });
          continue;
        }
        const v = validateCommand(r.command, known);
        if (v.ok) proposed.push({ description: maskText(r.description), command: r.command });
        else rejected.push(`model command rejected (${v.reason}): ${maskText(r.command).slice(0, 200)}`);
      }

      // 3. remediation check of the deterministic commands
      let verdicts: ModelStageOutput["remediationVerdicts"];
      if (cfg.remediationCheck) verdicts = await this.check(input, call, cfg.models.check ?? cfg.models.fast, known, guarded, rejected);

      const narrative = [maskText(reasoned.answer.narrative), guarded.capped ? `(${guarded.capped})` : ""].filter(Boolean).join("\n");
      return done({
        rootCause: { category: guarded.category, resource: guarded.resource, confidence: guarded.confidence, summary: maskText(guarded.summary), model: cfg.models.strong },
        narrative,
        extraEvidence: reasoned.evidence,
        remediationVerdicts: verdicts,
        remediation: proposed.length ? proposed : undefined,
      });
    } catch (e) {
      const reason = this.fallbackReason(e, allowedMs, abort.signal.aborted);
      this.log("model.fallback", { investigationId: input.investigationId, reason, error: errorMessage(e).slice(0, 300) });
      return done({ fallback: reason, extraEvidence: [] });
    } finally {
      clearTimeout(timer);
    }
  }

  private fallbackReason(e: unknown, allowedMs: number, aborted: boolean): string {
    if (aborted || (isModelClientError(e) && e.kind === "timeout")) return `model stage timed out after ${formatMs(allowedMs)}; rules-only result`;
    if (e instanceof Fallback) return `${e.message}; rules-only result`;
    if (e instanceof BudgetExceeded) return `model stage stopped: ${e.message} before an answer; rules-only result`;
    if (isModelClientError(e)) {
      if (e.kind === "throttled") return `model throttled after ${this.deps.config.budget.retries} retries; rules-only result`;
      return `model ${e.kind === "malformed" ? "answered in an unknown format" : e.kind === "rejected" ? "refused the request" : "unavailable"} (${maskText(e.message).slice(0, 200)}); rules-only result`;
    }
    return `model stage failed (${maskText(errorMessage(e)).slice(0, 200)}); rules-only result`;
  }

  private async triage(input: ModelStageInput, call: Caller, model: string, rejected: string[]): Promise<TriageAnswer | undefined> {
    const logs = logsBlock(input.evidence);
    try {
      const res = await call("triage", model, TRIAGE_SYSTEM, [{ role: "user", content: [{ type: "text", text: logs }] }], false);
      const parsed = parseAnswer(TriageAnswerSchema, res.text);
      if (!parsed.ok) {
        rejected.push(`log triage ignored: ${parsed.error}`);
        return undefined;
      }
      // Keep only quotes that really occur in the logs the model saw.
      const keyLines = parsed.value.keyLines.map((l) => l.trim()).filter((l) => l && logs.includes(l));
      if (keyLines.length < parsed.value.keyLines.length) rejected.push(`log triage: ${parsed.value.keyLines.length - keyLines.length} quoted line(s) not found in the logs were dropped`);
      return { summary: maskText(parsed.value.summary), keyLines };
    } catch (e) {
      // Triage is optional: only a deadline ends the stage here; other failures leave the raw logs to the reasoning model.
      if (isModelClientError(e) && e.kind === "timeout") throw e;
      if (e instanceof BudgetExceeded) throw e;
      rejected.push(`log triage skipped: ${maskText(errorMessage(e)).slice(0, 200)}`);
      return undefined;
    }
  }

  private async reason(
    input: ModelStageInput, call: Caller, model: string, budget: Budget, known: KnownResources, deadlineMs: number, signal: AbortSignal,
    extraGraphs: ModelStageInput["graph"][], triage?: TriageAnswer,
  ): Promise<{ answer: ReasoningAnswer; evidence: EvidenceItem[]; readEvidence: boolean }> {
    const b = this.deps.config.budget;
    const messages: ChatMessage[] = [{ role: "user", content: [{ type: "text", text: reasoningPrompt({ alert: input.alert, graph: input.graph, extraGraphs, evidence: input.evidence, candidates: input.candidates, triage }) }] }];
    const system = reasoningSystem(b.maxToolCalls);
    const evidence: EvidenceItem[] = [];
    let seq = 0;
    let repaired = false;
    for (let turn = 0; turn < b.maxTurns; turn++) {
      const res = await call("reason", model, system, messages, true);
      // Providers refuse blank text blocks when the conversation is sent back.
      const content = res.message.content.filter((c) => c.type !== "text" || c.text.trim());
      messages.push({ role: "assistant", content: content.length ? content : [{ type: "text", text: "(empty answer)" }] });
      if (res.toolCalls.length) {
        // Budget is taken in call order; the granted reads then run in parallel.
        const granted = res.toolCalls.map(() => budget.takeToolCall());
        const results: ChatMessage["content"] = await abortable(Promise.all(res.toolCalls.map(async (tc, k) => {
          if (!granted[k]) return { type: "tool_result" as const, toolUseId: tc.id, text: `tool budget used up (${b.maxToolCalls} calls): answer now with the JSON object`, isError: true };
          const outcome = await runTool(tc, {
            investigationId: input.investigationId, clusterId: input.alert.cluster, known,
            deadlineMs: Math.min(this.nowMs() + b.toolTimeoutMs, deadlineMs), execute: (c) => input.tools.execute(c), seq: () => ++seq,
          });
          this.log("model.tool", { investigationId: input.investigationId, tool: tc.name, ok: !outcome.isError });
          if (outcome.evidence) evidence.push(outcome.evidence);
          return { type: "tool_result" as const, toolUseId: tc.id, text: outcome.text, isError: outcome.isError };
        })), signal);
        if (turn + 2 >= b.maxTurns) results.push({ type: "text", text: "This is your last turn: no more tool calls, answer now with the JSON object." });
        messages.push({ role: "user", content: results });
        continue;
      }
      const parsed = parseAnswer(ReasoningAnswerSchema, res.text);
      if (parsed.ok) return { answer: parsed.value, evidence, readEvidence: evidence.length > 0 };
      if (repaired) throw new Fallback(`model answer was malformed twice (${parsed.error})`);
      repaired = true;
      messages.push({ role: "user", content: [{ type: "text", text: `Your answer could not be used: ${parsed.error}. Answer again with only the JSON object in the required format.` }] });
    }
    throw new BudgetExceeded("turns", `${b.maxTurns} reasoning turns used`);
  }

  private async check(
    input: ModelStageInput, call: Caller, model: string, known: KnownResources,
    cause: { category: string; resource?: { kind: string; namespace?: string; name: string }; summary: string }, rejected: string[],
  ): Promise<ModelStageOutput["remediationVerdicts"]> {
    const top = input.candidates[0];
    if (!top) return undefined;
    const verdicts: NonNullable<ModelStageOutput["remediationVerdicts"]> = [];
    const toReview: { index: number; description: string; command: string }[] = [];
    top.remediation.forEach((r, index) => {
      if (!r.command) return;
      const v = validateCommand(r.command, known);
      if (v.ok) toReview.push({ index, description: r.description, command: r.command });
      else verdicts.push({ index, ok: false, reason: `command guard: ${v.reason}` });
    });
    if (!toReview.length) return verdicts.length ? verdicts : undefined;
    const evidenceSummary = top.evidence.slice(0, 4).map((e) => e.detail).join("; ");
    try {
      const res = await call("remediation-check", model, CHECK_SYSTEM, [{ role: "user", content: [{ type: "text", text: checkPrompt(cause, toReview, evidenceSummary) }] }], false);
      const parsed = parseAnswer(CheckAnswerSchema, res.text);
      if (!parsed.ok) {
        rejected.push(`remediation check ignored: ${parsed.error}`);
        return verdicts.length ? verdicts : undefined;
      }
      const reviewed = new Set(toReview.map((t) => t.index));
      for (const v of parsed.value.verdicts) {
        if (!reviewed.has(v.index) || verdicts.some((x) => x.index === v.index)) continue;
        verdicts.push({ index: v.index, ok: v.ok, reason: v.reason ? maskText(v.reason) : undefined });
      }
    } catch (e) {
      if (isModelClientError(e) && e.kind === "timeout") throw e;
      rejected.push(`remediation check skipped: ${maskText(errorMessage(e)).slice(0, 200)}`);
    }
    return verdicts.length ? verdicts.sort((a, b) => a.index - b.index) : undefined;
  }
}

type Caller = (stage: string, model: string, system: string, messages: ChatMessage[], withTools: boolean) => ReturnType<typeof callModel>;

/** A tool read that outlives the stage deadline is abandoned (the agent drops it at its own deadline). */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Fallback("stage deadline reached"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Fallback("stage deadline reached"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
