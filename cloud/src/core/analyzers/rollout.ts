/** Rollout-history readers shared by analyzers: newest revision, last healthy one, template diff. */
import { refId, type FieldChange, type ResourceRef, type Revision } from "../../../../shared/src/index.js";
import type { AnalysisContext } from "./context.js";
import type { Sourced } from "./types.js";
import type { RolloutHistoryData } from "../../../../shared/src/index.js";

export interface RolloutView {
  history: Sourced<RolloutHistoryData>;
  newest: Revision;
  /** The revision before the newest (the candidate to roll back to). */
  previous?: Revision;
  changes: FieldChange[];
}

export function rolloutOf(ctx: AnalysisContext, workload: ResourceRef): RolloutView | undefined {
  const history = ctx.evidence.rollouts.find((r) => refId(r.workload) === refId(workload));
  if (!history || !history.revisions.length) return undefined;
  const revs = [...history.revisions].sort((a, b) => a.revision - b.revision);
  const newest = revs.at(-1)!;
  const previous = revs.at(-2);
  const diff = previous ? history.diffs.find((d) => d.toRevision === newest.revision && d.fromRevision === previous.revision) ?? history.diffs.find((d) => d.toRevision === newest.revision) : undefined;
  return { history, newest, previous, changes: diff?.changes ?? [] };
}

export function changeText(c: FieldChange): string {
  return `${c.path}: ${c.before === undefined ? "(unset)" : JSON.stringify(c.before)} → ${c.after === undefined ? "(unset)" : JSON.stringify(c.after)}`;
}

/** Does this pod run the newest revision? (pod-template-hash / controller-revision-hash / owner ReplicaSet name.) */
export function podOnRevision(pod: any, rev: Revision): boolean {
  const labels = pod.metadata?.labels ?? {};
  if (rev.templateHash && (labels["pod-template-hash"] === rev.templateHash || labels["controller-revision-hash"]?.endsWith(rev.templateHash))) return true;
  return (pod.metadata?.ownerReferences ?? []).some((o: any) => o.name === rev.name) || labels["controller-revision-hash"] === rev.name;
}
