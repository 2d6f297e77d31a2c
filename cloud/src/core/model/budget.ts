/**
 * The model stage's budget (tool calls, tokens, wall clock) and its per-model accounting, plus the bounded
 * retry of throttled calls. Exhausting a budget is not an error: the stage stops asking and answers with what
 * it has, or falls back to the rules-only result.
 */
import type { ModelUsage } from "../engine/model-stage.js";
import { ModelClientError, isModelClientError, type ConverseRequest, type ModelClient, type ModelResponse } from "./model-client.js";
import { abortableSleep } from "../sleep.js";

export class BudgetExceeded extends Error {
  constructor(readonly what: "tokens" | "time" | "turns", message: string) {
    super(message);
    this.name = "BudgetExceeded";
  }
}

export class Budget {
  toolCalls = 0;
  tokens = 0;
  constructor(
    readonly limits: { maxToolCalls: number; maxTokens: number },
    /** Wall-clock ms at which the stage must have answered. */
    readonly deadlineMs: number,
    private readonly nowMs: () => number,
  ) {}

  remainingMs(): number {
    return this.deadlineMs - this.nowMs();
  }
  canCallTool(): boolean {
    return this.toolCalls < this.limits.maxToolCalls;
  }
  takeToolCall(): boolean {
    if (!this.canCallTool()) return false;
    this.toolCalls++;
    return true;
  }
  addTokens(n: number): void {
    this.tokens += n;
  }
  tokensLeft(): number {
    return this.limits.maxTokens - this.tokens;
  }
}

/** Usage per (stage, model), in the report's shape. */
export class UsageMeter {
  private rows = new Map<string, ModelUsage>();
  add(stage: string, model: string, u: { inputTokens: number; outputTokens: number }, durationMs: number): void {
    const key = `${stage}\u0000${model}`;
    const row = this.rows.get(key) ?? { stage, model, inputTokens: 0, outputTokens: 0, durationMs: 0, calls: 0 };
    row.inputTokens += Math.max(0, Math.trunc(u.inputTokens));
    row.outputTokens += Math.max(0, Math.trunc(u.outputTokens));
    row.durationMs += Math.max(0, Math.round(durationMs));
    row.calls += 1;
    this.rows.set(key, row);
  }
  list(): ModelUsage[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
}

export interface CallOptions {
  retries: number;
  retryBaseMs: number;
  budget: Budget;
  meter: UsageMeter;
  stage: string;
  signal: AbortSignal;
  nowMs: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told about each retry (logs). */
  onRetry?: (attempt: number, waitMs: number, error: ModelClientError) => void;
}

/**
 * One model call with bounded retries of throttling/unavailability (exponential backoff with full jitter,
 * honouring Retry-After, never past the deadline). Every attempt that answered is metered.
 */
export async function callModel(client: ModelClient, req: Omit<ConverseRequest, "signal">, o: CallOptions): Promise<ModelResponse> {
  const sleep = o.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    if (o.budget.tokensLeft() <= 0) throw new BudgetExceeded("tokens", `token budget of ${o.budget.limits.maxTokens} used up`);
    if (o.budget.remainingMs() <= 0) throw new ModelClientError("timeout", "no time left before the stage deadline");
    const t0 = o.nowMs();
    try {
      const res = await client.converse({ ...req, signal: o.signal });
      o.meter.add(o.stage, req.modelId, res.usage, o.nowMs() - t0);
      o.budget.addTokens(res.usage.inputTokens + res.usage.outputTokens);
      return res;
    } catch (e) {
      const err = isModelClientError(e) ? e : new ModelClientError("unavailable", String((e as Error)?.message ?? e), { cause: e });
      if (o.signal.aborted) throw new ModelClientError("timeout", "stage deadline reached", { cause: err });
      if (!err.retryable || attempt >= o.retries) throw err;
      const backoff = Math.random() * o.retryBaseMs * 2 ** attempt;
      const wait = Math.max(err.opts.retryAfterMs ?? 0, backoff);
      if (wait >= o.budget.remainingMs()) throw err;
      o.onRetry?.(attempt + 1, Math.round(wait), err);
      await sleep(wait, o.signal);
    }
  }
}
