import { describe, expect, it } from "vitest";
import { Budget, BudgetExceeded, callModel, UsageMeter } from "./budget.js";
import { ModelClientError, type ModelClient, type ModelResponse } from "./model-client.js";

const ok: ModelResponse = { text: "{}", toolCalls: [], stopReason: "end_turn", usage: { inputTokens: 10, outputTokens: 5 }, message: { role: "assistant", content: [{ type: "text", text: "{}" }] } };
/** A client that fails with the given errors first, then answers. */
function scripted(errors: ModelClientError[]): ModelClient & { calls: number } {
  return { provider: "fake", calls: 0, async converse() { this.calls++; const e = errors.shift(); if (e) throw e; return ok; } };
}

function opts(o: { retries?: number; deadline?: number; maxTokens?: number } = {}) {
  let now = 0;
  const waits: number[] = [];
  const budget = new Budget({ maxToolCalls: 2, maxTokens: o.maxTokens ?? 1000 }, o.deadline ?? 60_000, () => now);
  const meter = new UsageMeter();
  return {
    waits, budget, meter,
    o: { retries: o.retries ?? 3, retryBaseMs: 100, budget, meter, stage: "reason", signal: new AbortController().signal, nowMs: () => now, sleep: async (ms: number) => { waits.push(ms); now += ms; } },
  };
}
const req = { modelId: "m", system: "s", messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "x" }] }], maxTokens: 10 };

describe("callModel", () => {
  it("retries throttling with growing, bounded backoff and meters the answer", async () => {
    const c = scripted([new ModelClientError("throttled", "429"), new ModelClientError("unavailable", "503")]);
    const t = opts();
    await expect(callModel(c, req, t.o)).resolves.toBe(ok);
    expect(c.calls).toBe(3);
    expect(t.waits).toHaveLength(2);
    expect(t.waits[0]).toBeLessThanOrEqual(100);
    expect(t.waits[1]).toBeLessThanOrEqual(200);
    expect(t.meter.list()).toEqual([{ stage: "reason", model: "m", inputTokens: 10, outputTokens: 5, durationMs: 0, calls: 1 }]);
    expect(t.budget.tokens).toBe(15);
  });
  it("honours Retry-After", async () => {
    const t = opts();
    await callModel(scripted([new ModelClientError("throttled", "429", { retryAfterMs: 5_000 })]), req, t.o);
    expect(t.waits).toEqual([5_000]);
  });
  it("gives up after the retries, and at once on errors a retry cannot fix", async () => {
    const c = scripted([0, 1, 2].map(() => new ModelClientError("throttled", "429")));
    await expect(callModel(c, req, opts({ retries: 2 }).o)).rejects.toMatchObject({ kind: "throttled" });
    expect(c.calls).toBe(3);
    const r = scripted([new ModelClientError("rejected", "403")]);
    await expect(callModel(r, req, opts().o)).rejects.toMatchObject({ kind: "rejected" });
    expect(r.calls).toBe(1);
  });
  it("never sleeps past the deadline", async () => {
    const t = opts({ deadline: 1_000 });
    await expect(callModel(scripted([new ModelClientError("throttled", "429", { retryAfterMs: 2_000 })]), req, t.o)).rejects.toMatchObject({ kind: "throttled" });
    expect(t.waits).toEqual([]);
  });
  it("refuses to call once the token budget is spent", async () => {
    const t = opts({ maxTokens: 1_000 });
    t.budget.addTokens(1_000);
    await expect(callModel(scripted([]), req, t.o)).rejects.toBeInstanceOf(BudgetExceeded);
  });
});

describe("Budget", () => {
  it("grants exactly maxToolCalls", () => {
    const b = new Budget({ maxToolCalls: 2, maxTokens: 10 }, 0, () => 0);
    expect([b.takeToolCall(), b.takeToolCall(), b.takeToolCall()]).toEqual([true, true, false]);
  });
});
