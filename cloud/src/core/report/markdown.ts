/** Markdown report (Slack thread, portal, `--markdown`). */
import type { Report } from "../../../../shared/src/index.js";

const CONF: Record<string, string> = { high: "HIGH", medium: "MEDIUM", low: "LOW" };
const ref = (r?: { kind: string; namespace?: string; name: string }) => (r ? `${r.kind.toLowerCase()}/${r.name}${r.namespace ? ` (${r.namespace})` : ""}` : "none");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  const a = r.alert;
  out.push(`# ${a.alertname}${a.target ? ` on ${ref(a.target)}` : a.namespace ? ` in ${a.namespace}` : ""} — ${a.cluster}`);
  out.push("");
  out.push(`**Root cause** (${r.rootCause.category}, confidence ${CONF[r.rootCause.confidence]}): ${r.rootCause.summary}`);
  out.push("");
  out.push(`**Culprit:** ${ref(r.rootCause.resource)}${r.status === "partial" ? "  \n**Partial report:** some evidence could not be read (see below)." : ""}`);
  if (r.history.length) out.push("", `**History:** ${r.history.join("; ")}`);
  if (r.model?.narrative) out.push("", r.model.narrative);
  if (r.remediation.length) {
    out.push("", "## Remediation");
    for (const m of r.remediation) {
      out.push(`- ${m.description}${m.needsJudgment ? " _(needs judgment)_" : ""}`);
      if (m.command) out.push("", "  ```sh", `  ${m.command}`, "  ```");
      if (m.warning) out.push(`  > ${m.warning}`);
    }
  }
  if (r.evidence.length) {
    out.push("", "## Evidence");
    for (const e of r.evidence) out.push(`- ${e.detail}  \n  ${code(e.source)}`);
  }
  if (r.alternatives.length) {
    out.push("", "## Other candidates");
    for (const c of r.alternatives) out.push(`- ${c.category} (${c.confidence}${c.score !== undefined ? `, score ${c.score}` : ""}): ${c.summary}`);
  }
  if (r.failures.length) {
    out.push("", "## Could not check");
    for (const f of r.failures) out.push(`- ${f}`);
  }
  out.push("", "## Stages");
  out.push(r.stages.map((s) => `${s.name}: ${s.status}${s.durationMs !== undefined ? ` (${s.durationMs} ms)` : ""}${s.message ? ` — ${s.message}` : ""}`).join("  \n"));
  if (a.links.length) out.push("", a.links.map((l) => `[${l.title}](${l.url})`).join(" · "));
  out.push("", `_${r.investigationId} · ${r.timing.durationMs} ms · ${r.apiRequests} Kubernetes API requests_`);
  return out.join("\n");
}
