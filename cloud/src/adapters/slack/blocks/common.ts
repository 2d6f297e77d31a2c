/** Pieces shared by the diagnosis, progress and resolved messages. */
import type { Confidence, ResourceRef } from "../../../../../shared/src/index.js";
import type { FeedbackRecord, InvestigationRecord, Verdict } from "../../../core/ports.js";
import type { Button, MessageBlock } from "./schema.js";
import { escapeMrkdwn } from "./text.js";

export const FEEDBACK_BLOCK_ID = "kubesleuth_feedback";
export const ACTION_PREFIX = "kubesleuth_fb_";
/** action_id of each feedback button; "context" opens the modal. */
export const ACTION_IDS = {
  accurate: `${ACTION_PREFIX}accurate`,
  partly: `${ACTION_PREFIX}partly`,
  wrong: `${ACTION_PREFIX}wrong`,
  context: `${ACTION_PREFIX}context`,
} as const;

/** Confidence shown differently per level: colour dot, words, and for low a caution. */
export const CONFIDENCE_STYLE: Record<Confidence, { emoji: string; label: string; caution?: string }> = {
  high: { emoji: ":red_circle:", label: "High confidence" },
  medium: { emoji: ":large_orange_circle:", label: "Medium confidence", caution: "Check the evidence before acting." },
  low: { emoji: ":white_circle:", label: "Low confidence", caution: "A lead, not a conclusion: verify before acting." },
};

export const refText = (r: ResourceRef) => `${r.kind.toLowerCase()}/${r.name}`;

/** "Investigating <alertname> on <kind>/<name> (<namespace>, <cluster>)" */
export function subjectLine(inv: Pick<InvestigationRecord, "alertname" | "clusterId" | "alert">): string {
  const t = inv.alert.target;
  const ns = t?.namespace ?? inv.alert.namespace;
  const where = [ns, inv.clusterId].filter(Boolean).join(", ");
  return `${inv.alertname}${t ? ` on ${refText(t)}` : ""} (${where})`;
}

export function feedbackButtons(investigationId: string): MessageBlock {
  const b = (text: string, action: keyof typeof ACTION_IDS, style?: Button["style"]): Button => ({
    type: "button", text: { type: "plain_text", text }, action_id: ACTION_IDS[action], value: investigationId, ...(style ? { style } : {}),
  });
  return {
    type: "actions", block_id: FEEDBACK_BLOCK_ID,
    elements: [b("Accurate", "accurate", "primary"), b("Partly accurate", "partly"), b("Wrong", "wrong", "danger"), b("Add context", "context")],
  };
}

const VERDICT_WORDS: Record<Verdict, string> = { accurate: "accurate", partly: "partly accurate", wrong: "wrong" };

/** "marked accurate by @maria", "marked wrong by @li: real cause config-value — the flag was…" */
export function feedbackLine(f: FeedbackRecord): string {
  const corrected = f.correctedCategory && f.correctedCategory !== f.category ? `; real cause: ${f.correctedCategory}` : "";
  const note = f.note ? ` — “${f.note.length > 200 ? `${f.note.slice(0, 199)}…` : f.note}”` : "";
  return escapeMrkdwn(`marked ${VERDICT_WORDS[f.verdict]} by @${f.user.replace(/^@/, "")}${corrected}${note}`);
}
