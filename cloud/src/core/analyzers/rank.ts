/**
 * Ranking of candidate causes.
 *
 *   score = 0.55·C + 0.30·S + 0.10·T + F        (clamped to 0..1)
 *
 *   C  confidence: high 1.0, medium 0.6, low 0.25
 *   S  specificity (0..1, set by the analyzer): a cause beats the symptom it explains
 *      (config value 0.9 > bad rollout 0.6 > app crash 0.3; a down dependency 0.95 > the dependent's crash)
 *   T  timing: 1 when the candidate's change (rollout, config edit) happened within 2 h before the alert
 *      started, decaying linearly to 0 at 24 h; 0 without a change time
 *   F  feedback: for past FeedbackRecords of the same cluster with the same analyzer and category,
 *      accuracy a = (accurate + 0.5·partly + 1) / (n + 2)  (Laplace-smoothed, 0.5 with no feedback)
 *      F = 0.2·(a − 0.5)·min(1, n/3)  → at most ±0.1, full weight after 3 verdicts.
 *      Confidence moves at most one level: up when n ≥ 3 and a ≥ 0.8 (never to "high" unless the analyzer
 *      already said medium with direct evidence: we only lift medium→high when S ≥ 0.8), down when n ≥ 2 and a ≤ 0.35.
 *      A "wrong" verdict whose correctedCategory equals a candidate's category counts as accurate for that category.
 *      Only each user's latest verdict on an investigation counts: a changed mind replaces the earlier vote
 *      (the store keeps both records).
 */
import type { Confidence } from "../../../../shared/src/index.js";
import type { FeedbackRecord } from "../ports.js";
import type { Candidate } from "./types.js";

export interface RankedCandidate extends Candidate {
  score: number;
  /** Why the score moved (feedback), for the report. */
  notes: string[];
}

const C: Record<Confidence, number> = { high: 1, medium: 0.6, low: 0.25 };
const LEVELS: Confidence[] = ["low", "medium", "high"];

export interface FeedbackStat {
  n: number;
  accuracy: number;
}

/** The latest verdict of each user on each investigation (by `at`; on a tie, the later record). */
export function latestVerdicts(feedback: FeedbackRecord[]): FeedbackRecord[] {
  const latest = new Map<string, FeedbackRecord>();
  for (const f of feedback) {
    const k = JSON.stringify([f.investigationId, f.user]);
    const prev = latest.get(k);
    if (!prev || f.at >= prev.at) latest.set(k, f);
  }
  return [...latest.values()];
}

export function feedbackStats(feedback: FeedbackRecord[], clusterId: string, analyzer: string, category: string): FeedbackStat {
  let n = 0, good = 0;
  for (const f of latestVerdicts(feedback)) {
    if (f.clusterId !== clusterId) continue;
    if (f.analyzer === analyzer && f.category === category) {
      n++;
      good += f.verdict === "accurate" ? 1 : f.verdict === "partly" ? 0.5 : 0;
    } else if (f.verdict === "wrong" && f.correctedCategory === category) {
      n++;
      good += 1;
    }
  }
  return { n, accuracy: (good + 1) / (n + 2) };
}

export function timingScore(changedAt: string | undefined, alertStartsAt: string): number {
  if (!changedAt) return 0;
  const dtH = (new Date(alertStartsAt).getTime() - new Date(changedAt).getTime()) / 3600_000;
  if (!Number.isFinite(dtH) || dtH < -0.1) return 0;
  if (dtH <= 2) return 1;
  return Math.max(0, 1 - (dtH - 2) / 22);
}

export function rankCandidates(candidates: Candidate[], opts: { alertStartsAt: string; clusterId: string; feedback?: FeedbackRecord[] }): RankedCandidate[] {
  const ranked = candidates.map((c): RankedCandidate => {
    const notes: string[] = [];
    let confidence = c.confidence;
    let f = 0;
    if (opts.feedback?.length && c.category !== "unknown") {
      const s = feedbackStats(opts.feedback, opts.clusterId, c.analyzer, c.category);
      if (s.n > 0) {
        f = 0.2 * (s.accuracy - 0.5) * Math.min(1, s.n / 3);
        const i = LEVELS.indexOf(confidence);
        if (s.n >= 3 && s.accuracy >= 0.8 && i < 2 && (i === 0 || c.specificity >= 0.8)) {
          confidence = LEVELS[i + 1]!;
          notes.push(`confidence raised to ${confidence}: ${s.n} past verdicts on ${c.category} in this cluster, ${Math.round(s.accuracy * 100)}% accurate`);
        } else if (s.n >= 2 && s.accuracy <= 0.35 && i > 0) {
          confidence = LEVELS[i - 1]!;
          notes.push(`confidence lowered to ${confidence}: past ${c.category} diagnoses here were marked wrong ${s.n} time(s)`);
        }
      }
    }
    const score = Math.max(0, Math.min(1, 0.55 * C[confidence] + 0.3 * c.specificity + 0.1 * timingScore(c.changedAt, opts.alertStartsAt) + f));
    return { ...c, confidence, score: Math.round(score * 1000) / 1000, notes };
  });
  return ranked.sort((a, b) => b.score - a.score || b.specificity - a.specificity);
}
