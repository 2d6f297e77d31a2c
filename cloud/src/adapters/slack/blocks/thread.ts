/**
 * Thread replies under the diagnosis: the full evidence trail (every item with the kubectl command that shows
 * it) and the markdown report converted to Slack mrkdwn. Split into as many messages as the limits need,
 * capped so a pathological report cannot flood a channel (the marker says where the rest is).
 */
import type { Report } from "../../../../../shared/src/index.js";
import { fitMessage } from "./fit.js";
import { LIMITS, type MessageBlock, type SlackMessage } from "./schema.js";
import { TRUNCATION_MARKER, chunkText, escapeMrkdwn, inlineCode, truncate } from "./text.js";

/** At most this many thread messages per report. */
export const MAX_THREAD_MESSAGES = 6;
const SECTION_BUDGET = LIMITS.sectionText - 100;
const BLOCKS_PER_REPLY = 20;

/** Markdown (the report renderer's subset) → Slack mrkdwn, escaping everything that is not markup. */
export function markdownToMrkdwn(md: string): string {
  const out: string[] = [];
  let inCode = false;
  for (const raw of md.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      out.push("```");
      continue;
    }
    if (inCode) {
      out.push(escapeMrkdwn(line.replace(/^ {2}/, "")));
      continue;
    }
    let l = escapeMrkdwn(line);
    const h = /^#{1,6}\s+(.*)$/.exec(l);
    if (h) l = `*${h[1]}*`;
    l = l.replace(/\*\*(.+?)\*\*/g, "*$1*");
    // [title](url) links, only http(s).
    l = l.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, t: string, u: string) => `<${u}|${t.replace(/\|/g, "¦")}>`);
    l = l.replace(/^(\s*)[-*] /, "$1• ").replace(/^\s*&gt; /, "> ");
    out.push(l);
  }
  return out.join("\n");
}

/** Sections of at most SECTION_BUDGET chars, never splitting a fenced code block across two sections. */
export function mrkdwnSections(text: string): string[] {
  const pieces: string[] = [];
  // Units: whole code blocks, or single lines.
  const units: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "```") {
      const j = lines.indexOf("```", i + 1);
      const end = j === -1 ? lines.length - 1 : j;
      const inner = lines.slice(i + 1, end).join("\n");
      units.push("```\n" + truncate(inner, SECTION_BUDGET - 10) + "\n```");
      i = end;
    } else units.push(lines[i]!);
  }
  let cur = "";
  for (const u of units) {
    for (const part of u.length > SECTION_BUDGET ? chunkText(u, SECTION_BUDGET) : [u]) {
      if (cur && cur.length + part.length + 1 > SECTION_BUDGET) {
        pieces.push(cur);
        cur = "";
      }
      cur = cur ? `${cur}\n${part}` : part;
    }
  }
  if (cur.trim()) pieces.push(cur);
  return pieces.filter((p) => p.trim().length);
}

function pack(title: string, sections: string[], fallback: string): SlackMessage[] {
  const msgs: SlackMessage[] = [];
  for (let i = 0; i < sections.length; i += BLOCKS_PER_REPLY) {
    const blocks: MessageBlock[] = sections.slice(i, i + BLOCKS_PER_REPLY).map((t) => ({ type: "section", text: { type: "mrkdwn", text: t } }));
    if (i === 0) blocks.unshift({ type: "context", elements: [{ type: "mrkdwn", text: title }] });
    msgs.push(fitMessage({ text: fallback, blocks }));
  }
  return msgs;
}

export function evidenceTrailMessages(report: Report): SlackMessage[] {
  if (!report.evidence.length) return [];
  const lines = report.evidence.map((e, i) => {
    const at = e.at ? ` _(${escapeMrkdwn(e.at)})_` : "";
    return `*${i + 1}.* ${escapeMrkdwn(truncate(e.detail, 1500))}${at}\n${inlineCode(e.source, 600)}`;
  });
  return pack(`:mag_right: *Evidence trail* (${report.evidence.length} item${report.evidence.length > 1 ? "s" : ""})`, mrkdwnSections(lines.join("\n")), "Evidence trail");
}

export function reportMessages(markdown: string): SlackMessage[] {
  return pack(":page_facing_up: *Full report*", mrkdwnSections(markdownToMrkdwn(markdown)), "Full report");
}

/** All thread replies for a report, capped at MAX_THREAD_MESSAGES (the last one says what was left out). */
export function threadMessages(report: Report, markdown: string, portalLink?: string): SlackMessage[] {
  const all = [...evidenceTrailMessages(report), ...reportMessages(markdown)];
  if (all.length <= MAX_THREAD_MESSAGES) return all;
  const kept = all.slice(0, MAX_THREAD_MESSAGES - 1);
  const where = portalLink ? `<${portalLink}|the portal>` : "`kubesleuth investigate --markdown` or the store";
  kept.push({ text: "Report truncated", blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: `${TRUNCATION_MARKER} ${all.length - kept.length} more message(s) of report left out; the complete report is in ${where}` }] }] });
  return kept;
}

export function resolvedMessage(alertname: string, at: string): SlackMessage {
  return fitMessage({
    text: escapeMrkdwn(`${alertname} resolved`),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: `:white_check_mark: *${escapeMrkdwn(alertname)}* resolved at ${escapeMrkdwn(at)}` } }],
  });
}
