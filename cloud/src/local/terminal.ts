/**
 * Colored terminal output of local mode: live per-stage progress lines and the final report.
 * Color only on a TTY and never when NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it.
 */
import type { Report, StageStatus } from "../../../shared/src/index.js";

export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
}

export function useColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return !!stream.isTTY && env.TERM !== "dumb";
}

export function makeStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    enabled,
    bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), blue: wrap(34, 39), cyan: wrap(36, 39),
  };
}

const STAGE_LABEL: Record<StageStatus["name"], string> = {
  resolve: "resolve target", topology: "discover topology", evidence: "gather evidence", analyze: "analyze", model: "model reasoning", report: "write report",
};

function stageMark(s: StageStatus, st: Style): string {
  switch (s.status) {
    case "ok": return st.green("✔");
    case "failed": return st.red("✖");
    case "timeout": return st.red("⏱");
    case "skipped": return st.dim("–");
    case "running": return st.cyan("…");
    default: return st.dim("·");
  }
}

/** One line per stage that changed state: call with every progress update. */
export class StageProgressPrinter {
  private seen = new Map<string, string>();
  constructor(private readonly write: (line: string) => void, private readonly st: Style) {}

  update(stages: StageStatus[]): void {
    const unfinished = stages.some((s) => s.status === "pending" || s.status === "running");
    for (const s of stages) {
      // Only settled states are printed (a line per stage as it finishes); skipped stages once the run is done.
      if (s.status === "pending" || s.status === "running") continue;
      if (s.status === "skipped" && unfinished) continue;
      if (this.seen.get(s.name) === s.status) continue;
      this.seen.set(s.name, s.status);
      const dur = s.durationMs !== undefined ? this.st.dim(` ${formatMs(s.durationMs)}`) : "";
      const msg = s.message ? `  ${s.status === "ok" || s.status === "skipped" ? this.st.dim(s.message) : this.st.yellow(s.message)}` : s.status === "skipped" ? this.st.dim("skipped") : "";
      this.write(`  ${stageMark(s, this.st)} ${STAGE_LABEL[s.name].padEnd(18)}${dur}${msg}`);
    }
  }
}

export const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

const ref = (r?: { kind: string; namespace?: string; name: string }) => (r ? `${r.kind}/${r.name}${r.namespace ? ` (namespace ${r.namespace})` : ""}` : "none");

export function renderReportForTerminal(r: Report, st: Style, opts: { maxEvidence?: number; portalUrl?: string } = {}): string {
  const conf = r.rootCause.confidence;
  const confText = conf === "high" ? st.green(st.bold("HIGH")) : conf === "medium" ? st.yellow(st.bold("MEDIUM")) : st.dim("LOW");
  const out: string[] = [];
  out.push("");
  out.push(st.bold(`${r.alert.alertname}${r.alert.target ? ` on ${ref(r.alert.target)}` : ""}`) + st.dim(`  cluster ${r.alert.cluster}`) + (r.status === "partial" ? `  ${st.yellow("PARTIAL")}` : ""));
  out.push("");
  out.push(`${st.bold("Root cause")}   ${st.red(st.bold(r.rootCause.category))}   confidence ${confText}`);
  if (r.rootCause.resource) out.push(`${st.bold("Culprit")}      ${st.bold(ref(r.rootCause.resource))}`);
  out.push(`             ${r.rootCause.summary}`);
  if (r.history.length) out.push(`${st.bold("History")}      ${r.history.join("; ")}`);
  if (r.remediation.length) {
    out.push("", st.bold("Fix"));
    r.remediation.forEach((m, i) => {
      out.push(`  ${i + 1}. ${m.description}${m.needsJudgment ? st.yellow(" (needs judgment)") : ""}`);
      if (m.command) out.push(`     ${st.cyan("$ " + m.command)}`);
      if (m.warning) out.push(`     ${st.yellow("! " + m.warning)}`);
    });
  }
  if (r.evidence.length) {
    const max = opts.maxEvidence ?? 8;
    out.push("", st.bold("Evidence"));
    for (const e of r.evidence.slice(0, max)) {
      const detail = e.detail.length > 400 ? `${e.detail.slice(0, 399)}…` : e.detail;
      out.push(`  • ${detail.split("\n").join("\n    ")}`);
      out.push(`    ${st.dim(e.source)}`);
    }
    if (r.evidence.length > max) out.push(st.dim(`  … ${r.evidence.length - max} more in the portal`));
  }
  if (r.alternatives.length) {
    out.push("", st.bold("Other candidates"));
    for (const c of r.alternatives.slice(0, 3)) out.push(`  - ${c.category} (${c.confidence}): ${c.summary}`);
  }
  if (r.failures.length) {
    out.push("", st.yellow(st.bold("Could not check")));
    for (const f of r.failures) out.push(`  - ${f}`);
  }
  out.push("", st.dim(`${formatMs(r.timing.durationMs)} · ${r.apiRequests} Kubernetes API requests · ${r.investigationId}`));
  if (opts.portalUrl) out.push(`${st.bold("Portal")}       ${st.blue(opts.portalUrl)}`);
  return out.join("\n");
}
