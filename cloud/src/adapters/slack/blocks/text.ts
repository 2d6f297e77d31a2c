/**
 * Text helpers for Block Kit: mrkdwn escaping (so alert labels and log lines can never @-mention a channel or
 * forge a link), and truncation with a visible marker so a limit never fails a post.
 */
export const TRUNCATION_MARKER = "…[truncated]";

/** Slack asks for exactly these three to be escaped in mrkdwn and plain text alike. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cut at a code-point boundary and never inside an `&amp;`-style entity. */
function cutAt(s: string, n: number): string {
  let out = s.slice(0, Math.max(0, n));
  // A lone high surrogate at the end would be an invalid character.
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  const amp = out.lastIndexOf("&");
  if (amp >= 0 && !out.slice(amp).includes(";") && out.length - amp <= 5) out = out.slice(0, amp);
  return out;
}

/** `s` if it fits in `max` characters, else its start plus the marker (total ≤ max). */
export function truncate(s: string, max: number, marker = TRUNCATION_MARKER): string {
  if (s.length <= max) return s;
  if (max <= marker.length) return cutAt(marker, max);
  return cutAt(s, max - marker.length).trimEnd() + marker;
}

/** Non-empty text for Block Kit (empty text objects are rejected). */
export function nonEmpty(s: string, fallback = "—"): string {
  return s.trim().length ? s : fallback;
}

/** A fenced code block whose content is truncated so the whole block fits `max` (fences stay balanced). */
export function codeBlock(content: string, max: number): string {
  // Triple backticks inside would close the fence early.
  const body = escapeMrkdwn(content.replace(/```/g, "'''"));
  const overhead = 8; // "```\n" + "\n```"
  return "```\n" + truncate(body, Math.max(1, max - overhead)) + "\n```";
}

/** Inline code; backticks inside would end it. */
export function inlineCode(s: string, max = 500): string {
  return "`" + truncate(escapeMrkdwn(s.replace(/`/g, "'")), max) + "`";
}

/** A link only for http(s) URLs (no javascript:, no Slack special links); the label is escaped. */
export function link(url: string, label: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return escapeMrkdwn(label);
  const safeUrl = url.replace(/&/g, "&amp;");
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

/** Join lines until the next one would overflow `max`; the rest become "…and N more". */
export function fitLines(lines: string[], max: number, more = (n: number) => `…and ${n} more`): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tail = i < lines.length - 1 ? more(lines.length - i - 1).length + 1 : 0;
    if (size + line.length + 1 + tail > max) {
      if (!out.length) out.push(truncate(line, max - tail - 1));
      const rest = lines.length - out.length;
      if (rest > 0) out.push(more(rest));
      return truncate(out.join("\n"), max);
    }
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n");
}

/** Split text into chunks of at most `max` characters, preferring line boundaries. */
export function chunkText(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = "";
  for (const line of s.split("\n")) {
    if (line.length > max) {
      if (cur) {
        out.push(cur);
        cur = "";
      }
      let rest = line;
      while (rest.length) {
        const piece = cutAt(rest, max) || rest.slice(0, max);
        out.push(piece);
        rest = rest.slice(piece.length);
      }
      continue;
    }
    if (cur && cur.length + line.length + 1 > max) {
      out.push(cur);
      cur = "";
    }
    cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out.filter((c) => c.trim().length);
}
