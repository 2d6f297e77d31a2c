/** Storing a verdict on a diagnosis: the feedback table (which tunes ranking) and the investigation's own list. */
import { KubesleuthError, type Category } from "../../../../shared/src/index.js";
import type { Clock, FeedbackRecord, InvestigationRecord, InvestigationStore, Verdict } from "../../core/ports.js";

export interface FeedbackInput {
  verdict: Verdict;
  user: string;
  correctedCategory?: Category;
  note?: string;
}

/**
 * Records the verdict unless the same user already gave exactly this one (a double click or Slack's retry of
 * a slow ack): each distinct judgement counts once in the ranking. Returns the updated record.
 */
export async function recordFeedback(store: InvestigationStore, inv: InvestigationRecord, input: FeedbackInput, clock: Clock): Promise<{ record: InvestigationRecord; feedback: FeedbackRecord; duplicate: boolean }> {
  if (!inv.report) throw new KubesleuthError("BAD_REQUEST", `investigation ${inv.id} has no diagnosis to judge yet`);
  const note = input.note?.trim() || undefined;
  const corrected = input.correctedCategory && input.correctedCategory !== inv.report.rootCause.category ? input.correctedCategory : undefined;
  const same = inv.feedback.find((f) => f.user === input.user && f.verdict === input.verdict && f.correctedCategory === corrected && f.note === note);
  if (same) return { record: inv, feedback: same, duplicate: true };
  const fb: FeedbackRecord = {
    investigationId: inv.id, clusterId: inv.clusterId, targetKey: inv.targetKey, alertname: inv.alertname,
    verdict: input.verdict, category: inv.report.rootCause.category, analyzer: inv.report.rootCause.analyzer,
    ...(corrected ? { correctedCategory: corrected } : {}), ...(note ? { note } : {}),
    user: input.user, at: clock.now().toISOString(),
  };
  await store.addFeedback(fb);
  const record = await store.updateInvestigation(inv.id, { feedback: [...inv.feedback, fb] });
  return { record, feedback: fb, duplicate: false };
}
