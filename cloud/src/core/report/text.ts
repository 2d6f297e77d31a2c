/** Plain-text report for terminals and logs (no markup). */
import type { Report } from "../../../../shared/src/index.js";

const ref = (r?: { kind: string; namespace?: string; name: string }) => (r ? `${r.kind.toLowerCase()}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ""}` : "none");

export function renderText(r: Report): string {
  const out: string[] = [];
  out.push(`${r.alert.alertname}${r.alert.target ? ` on ${ref(r.alert.target)}` : ""} [${r.alert.cluster}]${r.status === "partial" ? " (PARTIAL)" : ""}`);
  out.push(`ROOT CAUSE  ${r.rootCause.category}  confidence ${r.rootCause.confidence.toUpperCase()}  culprit ${ref(r.rootCause.resource)}`);
  out.push(`  ${r.rootCause.summary}`);
  if (r.history.length) out.push(`HISTORY  ${r.history.join("; ")}`);
  if (r.remediation.length) {
    out.push("REMEDIATION");
    r.remediation.forEach((m, i) => {
      out.push(`  ${i + 1}. ${m.description}${m.needsJudgment ? " (needs judgment)" : ""}`);
      if (m.command) out.push(`     $ ${m.command}`);
      if (m.warning) out.push(`     ! ${m.warning}`);
    });
  }
  if (r.evidence.length) {
    out.push("EVIDENCE");
    for (const e of r.evidence) out.push(`  - ${e.detail}\n      (${e.source})`);
  }
  if (r.alternatives.length) {
    out.push("OTHER CANDIDATES");
    for (const c of r.alternatives) out.push(`  - ${c.category} (${c.confidence}): ${c.summary}`);
  }
  if (r.failures.length) {
    out.push("COULD NOT CHECK");
    for (const f of r.failures) out.push(`  - ${f}`);
  }
  out.push(`STAGES  ${r.stages.map((s) => `${s.name}:${s.status}${s.durationMs !== undefined ? `(${s.durationMs}ms)` : ""}`).join(" ")}`);
  out.push(`${r.timing.durationMs} ms, ${r.apiRequests} API requests, ${r.investigationId}`);
  return out.join("\n");
}
