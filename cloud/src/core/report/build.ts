/** Assemble the Report (SCENARIOS.md contract + extras) from the ranked candidates and what the stages saw. */
import { ReportSchema, type Cause, type EvidenceItem, type NormalizedAlert, type Report, type ResourceRef, type StageStatus, type TopologyGraph } from "../../../../shared/src/index.js";
import type { RankedCandidate } from "../analyzers/index.js";

export interface BuildReportInput {
  investigationId: string;
  alert: NormalizedAlert;
  graph?: TopologyGraph;
  ranked: RankedCandidate[];
  stages: StageStatus[];
  failures: string[];
  history: string[];
  startedAt: Date;
  finishedAt: Date;
  apiRequests: number;
  model?: Report["model"];
  /** A model answer that replaces (or stands beside) the deterministic top cause. */
  modelCause?: Cause & { evidence?: EvidenceItem[] };
  modelFirst?: boolean;
  /** What was checked, for the unknown case. */
  checked?: string[];
}

function cause(c: RankedCandidate): Cause {
  return { category: c.category, resource: c.culprit, confidence: c.confidence, summary: c.summary, analyzer: c.analyzer, score: c.score };
}

export function buildReport(i: BuildReportInput): Report {
  const top = i.ranked[0];
  const det: Cause = top ? cause(top) : { category: "unknown", confidence: "low", summary: "No cause could be determined.", analyzer: "engine" };
  let rootCause = det;
  const alternatives = i.ranked.slice(1, 4).filter((c) => c.category !== "unknown").map(cause);
  if (i.modelCause) {
    if (i.modelFirst) {
      rootCause = i.modelCause;
      alternatives.unshift(det);
    } else alternatives.unshift(i.modelCause);
  }
  if (rootCause.category === "unknown" && i.checked?.length) rootCause = { ...rootCause, summary: `${rootCause.summary} Checked: ${i.checked.join("; ")}.` };
  const evidence: EvidenceItem[] = [...(top?.evidence ?? [])];
  if (i.modelCause?.evidence) evidence.push(...i.modelCause.evidence);
  for (const n of top?.notes ?? []) evidence.push({ source: "kubesleuth feedback", detail: n, type: "history" });
  const remediation = (top?.remediation ?? []).filter((r) => r.command || r.description);
  const affected: ResourceRef[] = (i.graph?.nodes ?? []).filter((n) => n.object || n.missing).map((n) => n.ref).slice(0, 100);
  const failures = [...new Set(i.failures)];
  const report = {
    investigationId: i.investigationId,
    status: failures.length || i.stages.some((s) => s.status === "failed" || s.status === "timeout") ? "partial" : "complete",
    alert: {
      alertname: i.alert.alertname,
      source: i.alert.source,
      cluster: i.alert.cluster,
      namespace: i.alert.namespace,
      target: i.alert.target,
      severity: i.alert.severity,
      startsAt: i.alert.startsAt,
      fingerprint: i.alert.fingerprint,
      links: i.alert.links ?? [],
    },
    rootCause,
    alternatives,
    remediation,
    evidence,
    affectedResources: affected,
    stages: i.stages,
    failures,
    history: i.history,
    model: i.model,
    timing: { startedAt: i.startedAt.toISOString(), finishedAt: i.finishedAt.toISOString(), durationMs: i.finishedAt.getTime() - i.startedAt.getTime() },
    apiRequests: i.apiRequests,
  };
  return ReportSchema.parse(report);
}
