/** "Add context" modal: the real root cause (category select, preset to the diagnosis) and a free-text note. */
import { CATEGORIES, CATEGORY_IDS, type Category } from "../../../../../shared/src/index.js";
import { LIMITS, type ModalView } from "./schema.js";
import { escapeMrkdwn, truncate } from "./text.js";

export const MODAL_CALLBACK_ID = "kubesleuth_feedback_modal";
export const CATEGORY_BLOCK = "kubesleuth_category";
export const CATEGORY_ACTION = "category";
export const NOTE_BLOCK = "kubesleuth_note";
export const NOTE_ACTION = "note";
export const NOTE_MAX = 2000;

export interface ModalMetadata {
  investigationId: string;
  channel?: string;
  ts?: string;
}

const option = (c: Category) => ({
  text: { type: "plain_text" as const, text: truncate(`${c}: ${CATEGORIES[c]}`, LIMITS.optionText) },
  value: c,
});

export function feedbackModal(meta: ModalMetadata, diagnosed: { category: Category; summary: string }): ModalView {
  return {
    type: "modal",
    callback_id: MODAL_CALLBACK_ID,
    title: { type: "plain_text", text: "Add context" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`kubesleuth said *${diagnosed.category}*: ${escapeMrkdwn(diagnosed.summary)}`, LIMITS.sectionText) } },
      {
        type: "input", block_id: CATEGORY_BLOCK,
        label: { type: "plain_text", text: "What was the real root cause?" },
        hint: { type: "plain_text", text: "Keep the diagnosed category if it was right: your note is then added to it." },
        element: { type: "static_select", action_id: CATEGORY_ACTION, options: CATEGORY_IDS.map(option), initial_option: option(diagnosed.category) },
      },
      {
        type: "input", block_id: NOTE_BLOCK, optional: true,
        label: { type: "plain_text", text: "What did you find?" },
        element: { type: "plain_text_input", action_id: NOTE_ACTION, multiline: true, max_length: NOTE_MAX, placeholder: { type: "plain_text", text: "e.g. the memory limit was fine; a batch job filled the node" } },
      },
    ],
  };
}
