/** Portal statistics from stored investigations and feedback (pure). */
import type { FeedbackRecord, InvestigationRecord } from "../../core/ports.js";

export interface CategoryAccuracy {
  category: string;
  investigations: number;
  accurate: number;
  partly: number;
  wrong: number;
  /** (accurate + ½ partly) / judged; undefined when nobody judged it. */
  accuracy?: number;
}

export interface PortalStats {
  total: number;
  byStatus: Record<string, number>;
  byCategory: CategoryAccuracy[];
  perDay: { day: string; count: number }[];
  medianTimeToDiagnosisMs?: number;
  judged: number;
  overallAccuracy?: number;
}

/** Alert received → report ready. */
export function timeToDiagnosisMs(r: InvestigationRecord): number | undefined {
  if (r.report?.timing?.durationMs !== undefined) return r.report.timing.durationMs;
  if (!r.finishedAt) return undefined;
  const d = Date.parse(r.finishedAt) - Date.parse(r.createdAt);
  return Number.isFinite(d) && d >= 0 ? d : undefined;
}

/** The latest verdict per (investigation, user): people change their mind. */
function latestVerdicts(feedback: FeedbackRecord[]): FeedbackRecord[] {
  const by = new Map<string, FeedbackRecord>();
  for (const f of [...feedback].sort((a, b) => (a.at < b.at ? -1 : 1))) by.set(`${f.investigationId}|${f.user}`, f);
  return [...by.values()];
}

export function computeStats(records: InvestigationRecord[], feedback: FeedbackRecord[], days = 14, now = new Date()): PortalStats {
  const byStatus: Record<string, number> = {};
  const cats = new Map<string, CategoryAccuracy>();
  const cat = (c: string) => {
    if (!cats.has(c)) cats.set(c, { category: c, investigations: 0, accurate: 0, partly: 0, wrong: 0 });
    return cats.get(c)!;
  };
  for (const r of records) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.report) cat(r.report.rootCause.category).investigations++;
  }
  const verdicts = latestVerdicts(feedback);
  for (const f of verdicts) cat(f.category)[f.verdict]++;
  for (const c of cats.values()) {
    const judged = c.accurate + c.partly + c.wrong;
    if (judged) c.accuracy = (c.accurate + c.partly / 2) / judged;
  }
  const perDay: { day: string; count: number }[] = [];
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.createdAt.slice(0, 10), (counts.get(r.createdAt.slice(0, 10)) ?? 0) + 1);
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    perDay.push({ day, count: counts.get(day) ?? 0 });
  }
  // Days outside the window that have investigations (replayed scenarios carry their own dates) come first.
  const older = [...counts.entries()].filter(([d]) => !perDay.some((p) => p.day === d)).sort(([a], [b]) => (a < b ? -1 : 1));
  const times = records.map(timeToDiagnosisMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const judged = verdicts.length;
  const good = verdicts.reduce((s, f) => s + (f.verdict === "accurate" ? 1 : f.verdict === "partly" ? 0.5 : 0), 0);
  return {
    total: records.length,
    byStatus,
    byCategory: [...cats.values()].sort((a, b) => b.investigations - a.investigations || a.category.localeCompare(b.category)),
    perDay: [...older.map(([day, count]) => ({ day, count })), ...perDay],
    medianTimeToDiagnosisMs: times.length ? times[Math.floor((times.length - 1) / 2)] : undefined,
    judged,
    overallAccuracy: judged ? good / judged : undefined,
  };
}
