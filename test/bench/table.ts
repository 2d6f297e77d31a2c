/**
 * The bench table: one row per figure, with the budget it is held against and a verdict. Printed for the
 * terminal and written as Markdown to docs/benchmarks.md by the same code, so both always agree.
 */

export type Verdict = "ok" | "OVER" | "info" | "not measured";

export interface Row {
  section: string;
  figure: string;
  value: string;
  budget?: string;
  verdict: Verdict;
  note?: string;
}

export function row(section: string, figure: string, value: string, opts: { budget?: string; within?: boolean; note?: string } = {}): Row {
  const verdict: Verdict = opts.within === undefined ? "info" : opts.within ? "ok" : "OVER";
  return { section, figure, value, budget: opts.budget, verdict, note: opts.note };
}

export function notMeasured(section: string, figure: string, reason: string): Row {
  return { section, figure, value: "—", verdict: "not measured", note: reason };
}

const COLUMNS: [keyof Row, string][] = [["section", "section"], ["figure", "figure"], ["value", "value"], ["budget", "budget"], ["verdict", "verdict"], ["note", "note"]];

export function renderText(rows: readonly Row[], width = 160): string {
  const cells = rows.map((r) => COLUMNS.map(([k]) => String(r[k] ?? "")));
  const head = COLUMNS.map(([, h]) => h);
  const widths = head.map((h, i) => Math.min(i === 5 ? 60 : 48, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (c: string[]) => c.map((s, i) => fit(s, widths[i]!)).join("  ").trimEnd().slice(0, width);
  return [line(head), widths.map((w) => "-".repeat(w)).join("  ").slice(0, width), ...cells.map(line)].join("\n");
}

const md = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

export function renderMarkdown(rows: readonly Row[]): string {
  const head = `| ${COLUMNS.map(([, h]) => h).join(" | ")} |`;
  const sep = `|${COLUMNS.map(() => "---").join("|")}|`;
  return [head, sep, ...rows.map((r) => `| ${COLUMNS.map(([k]) => md(String(r[k] ?? ""))).join(" | ")} |`)].join("\n");
}
