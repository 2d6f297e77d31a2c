import { describe, expect, it } from "vitest";
import type { FeedbackRecord } from "../ports.js";
import { feedbackStats, rankCandidates, timingScore } from "./rank.js";
import type { Candidate } from "./types.js";

const cand = (o: Partial<Candidate>): Candidate => ({ analyzer: "a", category: "app-crash", confidence: "medium", summary: "", evidence: [], remediation: [], specificity: 0.3, ...o });
const fb = (verdict: FeedbackRecord["verdict"], o: Partial<FeedbackRecord> = {}): FeedbackRecord => ({ investigationId: "i", clusterId: "prod", targetKey: "t", alertname: "A", verdict, category: "oom-killed", analyzer: "oom-killed", user: "u", at: "2026-11-19T00:00:00Z", ...o });
const opts = { alertStartsAt: "2026-11-20T03:00:00Z", clusterId: "prod" };

describe("ranking", () => {
  it("a cause beats the symptom it explains at equal confidence", () => {
    const r = rankCandidates([cand({ analyzer: "app-crash", specificity: 0.3 }), cand({ analyzer: "config-value", category: "config-value", specificity: 0.9 })], opts);
    expect(r[0]!.category).toBe("config-value");
  });
  it("rewards a change shortly before the alert", () => {
    expect(timingScore("2026-11-20T02:30:00Z", opts.alertStartsAt)).toBe(1);
    expect(timingScore("2026-11-18T02:30:00Z", opts.alertStartsAt)).toBe(0);
    const r = rankCandidates([cand({ analyzer: "x", specificity: 0.6 }), cand({ analyzer: "y", specificity: 0.6, changedAt: "2026-11-20T02:40:00Z" })], opts);
    expect(r[0]!.analyzer).toBe("y");
  });
  it("feedback moves score and confidence by at most one level, per cluster", () => {
    const good = ["a", "b", "c", "d"].map((user) => fb("accurate", { user }));
    expect(feedbackStats(good, "prod", "oom-killed", "oom-killed")).toEqual({ n: 4, accuracy: 5 / 6 });
    const up = rankCandidates([cand({ analyzer: "oom-killed", category: "oom-killed", confidence: "medium", specificity: 0.8 })], { ...opts, feedback: good });
    expect(up[0]!.confidence).toBe("high");
    expect(up[0]!.notes[0]).toContain("raised");
    const bad = ["a", "b", "c"].map((user) => fb("wrong", { investigationId: `i-${user}` }));
    const down = rankCandidates([cand({ analyzer: "oom-killed", category: "oom-killed", confidence: "high", specificity: 0.8 })], { ...opts, feedback: bad });
    expect(down[0]!.confidence).toBe("medium");
    const other = rankCandidates([cand({ analyzer: "oom-killed", category: "oom-killed", confidence: "high", specificity: 0.8 })], { ...opts, clusterId: "staging", feedback: bad });
    expect(other[0]!.confidence).toBe("high");
  });
  it("a corrected category counts for that category", () => {
    expect(feedbackStats([fb("wrong", { correctedCategory: "config-value" })], "prod", "config-value", "config-value").n).toBe(1);
  });
  it("counts only each user's latest verdict per investigation", () => {
    // maria first said wrong, then changed her mind to accurate; li said accurate on another investigation.
    const changed = [
      fb("accurate", { user: "maria", at: "2026-11-19T00:05:00Z" }),
      fb("wrong", { user: "maria", at: "2026-11-19T00:00:00Z" }),
      fb("accurate", { user: "li", investigationId: "j" }),
    ];
    expect(feedbackStats(changed, "prod", "oom-killed", "oom-killed")).toEqual({ n: 2, accuracy: 3 / 4 });
    // The same user on another investigation is another vote; another user on the same one too.
    expect(feedbackStats([fb("wrong", { user: "maria" }), fb("wrong", { user: "maria", investigationId: "k" }), fb("wrong", { user: "li" })], "prod", "oom-killed", "oom-killed").n).toBe(3);
    // Two users changing a wrong verdict to accurate must not lower confidence.
    const flipped = ["a", "b"].flatMap((user) => [fb("wrong", { user, at: "2026-11-19T00:00:00Z" }), fb("accurate", { user, at: "2026-11-19T01:00:00Z" })]);
    const r = rankCandidates([cand({ analyzer: "oom-killed", category: "oom-killed", confidence: "high", specificity: 0.8 })], { ...opts, feedback: flipped });
    expect(r[0]!.confidence).toBe("high");
    expect(feedbackStats(flipped, "prod", "oom-killed", "oom-killed")).toEqual({ n: 2, accuracy: 3 / 4 });
  });
});
