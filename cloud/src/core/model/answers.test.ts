import { describe, expect, it } from "vitest";
import { parseAnswer, ReasoningAnswerSchema, TriageAnswerSchema } from "./answers.js";

const good = { rootCause: { category: "oom-killed", resource: { kind: "Deployment", namespace: "a", name: "b" }, confidence: "high", summary: "s" }, narrative: "n" };

describe("parseAnswer", () => {
  it("accepts the JSON inside fences or prose", () => {
    expect(parseAnswer(ReasoningAnswerSchema, JSON.stringify(good))).toMatchObject({ ok: true });
    expect(parseAnswer(ReasoningAnswerSchema, "Here is my answer:\n```json\n" + JSON.stringify(good) + "\n```\nThanks")).toMatchObject({ ok: true, value: { narrative: "n" } });
    expect(parseAnswer(ReasoningAnswerSchema, `I think: ${JSON.stringify(good)}`)).toMatchObject({ ok: true });
  });
  it("says what is wrong otherwise", () => {
    expect(parseAnswer(ReasoningAnswerSchema, "no idea")).toEqual({ ok: false, error: "the answer contains no JSON object" });
    expect(parseAnswer(ReasoningAnswerSchema, '{"rootCause": {')).toEqual({ ok: false, error: "the answer contains no JSON object" });
    expect(parseAnswer(ReasoningAnswerSchema, '{"rootCause": }')).toMatchObject({ ok: false, error: expect.stringMatching(/^the answer is not valid JSON/) });
    const r = parseAnswer(ReasoningAnswerSchema, JSON.stringify({ ...good, rootCause: { ...good.rootCause, confidence: "certain" } }));
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining("rootCause.confidence") });
  });
  it("defaults optional lists", () => {
    expect(parseAnswer(TriageAnswerSchema, '{"summary":"x"}')).toEqual({ ok: true, value: { summary: "x", keyLines: [] } });
  });
});
