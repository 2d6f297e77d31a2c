/** Recurrence lines from the store: "fired 3 times in the last 7 days; confirmed: oom-killed on 2026-11-18". */
import type { InvestigationRecord } from "../ports.js";

export function historyLines(past: InvestigationRecord[], currentId: string, now: Date): string[] {
  const weekAgo = now.getTime() - 7 * 86400_000;
  const recent = past.filter((r) => r.id !== currentId && new Date(r.createdAt).getTime() >= weekAgo && new Date(r.createdAt).getTime() <= now.getTime());
  const out: string[] = [];
  if (recent.length) out.push(`fired ${recent.length} other time${recent.length > 1 ? "s" : ""} in the last 7 days on this target`);
  const confirmed = past
    .filter((r) => r.id !== currentId)
    .flatMap((r) => r.feedback.filter((f) => f.verdict === "accurate" || (f.verdict === "wrong" && f.correctedCategory)).map((f) => ({ r, f })))
    .sort((a, b) => b.f.at.localeCompare(a.f.at));
  for (const { r, f } of confirmed.slice(0, 2)) {
    const cat = f.verdict === "accurate" ? f.category : f.correctedCategory;
    out.push(`confirmed: ${cat} on ${f.at.slice(0, 10)} (investigation ${r.id}${f.note ? `: ${f.note}` : ""})`);
  }
  return out;
}
