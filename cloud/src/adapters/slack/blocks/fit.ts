/**
 * Last line of defence before a post: every text, field list, element list and the block count are brought
 * within Block Kit's limits by truncating with a marker. The builders aim to stay inside the limits already;
 * this guarantees it for any report (hostile labels, huge logs, hundreds of evidence items).
 */
import { LIMITS, type MessageBlock, type SlackMessage } from "./schema.js";
import { TRUNCATION_MARKER, nonEmpty, truncate } from "./text.js";

type TextObj = { type: "plain_text" | "mrkdwn"; text: string; [k: string]: unknown };

function fitText<T extends TextObj>(t: T, max: number): T {
  let text = truncate(nonEmpty(t.text), max);
  // A cut inside a fenced code block would leave it open and swallow the rest of the message.
  if (t.type === "mrkdwn" && (text.match(/```/g)?.length ?? 0) % 2 === 1) text = truncate(text, max - 4, "") + "\n```";
  return { ...t, text };
}

function fitBlock(b: MessageBlock): MessageBlock {
  switch (b.type) {
    case "header":
      return { ...b, text: fitText(b.text, LIMITS.headerText) };
    case "section": {
      const out: any = { ...b };
      if (b.text) out.text = fitText(b.text, LIMITS.sectionText);
      if (b.fields) out.fields = b.fields.slice(0, LIMITS.sectionFields).map((f) => fitText(f, LIMITS.fieldText));
      return out;
    }
    case "context":
      return { ...b, elements: b.elements.slice(0, LIMITS.contextElements).map((e) => fitText(e, LIMITS.contextText)) };
    case "actions":
      return {
        ...b,
        elements: b.elements.slice(0, LIMITS.actionsElements).map((e) => ({
          ...e, text: fitText(e.text, LIMITS.buttonText), ...(e.value !== undefined ? { value: e.value.slice(0, LIMITS.buttonValue) } : {}),
        })),
      };
    default:
      return b;
  }
}

/**
 * Bring a message within the limits. Over 50 blocks, the last block is kept when it is the feedback actions
 * (the buttons matter more than the 40th evidence line) and a context block says what was left out.
 */
export function fitMessage(m: SlackMessage): SlackMessage {
  let blocks = m.blocks.map(fitBlock);
  if (blocks.length > LIMITS.blocksPerMessage) {
    const last = blocks[blocks.length - 1]!;
    const keepLast = last.type === "actions" ? [last] : [];
    const room = LIMITS.blocksPerMessage - 1 - keepLast.length;
    const dropped = blocks.length - keepLast.length - room;
    blocks = [
      ...blocks.slice(0, room),
      { type: "context", elements: [{ type: "mrkdwn", text: `${TRUNCATION_MARKER} ${dropped} more block(s) left out: the full report is in the thread` }] },
      ...keepLast,
    ];
  }
  return { text: truncate(nonEmpty(m.text), LIMITS.fallbackText), blocks };
}
