/**
 * rollout.history: a Deployment's ReplicaSets (its selector, owned by uid) ordered by
 * deployment.kubernetes.io/revision, or a StatefulSet's/DaemonSet's ControllerRevisions ordered by .revision;
 * with pod-template diffs between consecutive revisions.
 */
import { sanitizeObject, type CommandOf, type KubeObject, type Revision, type RolloutHistoryData } from "../../../shared/src/index.js";
import type { Reader } from "../k8s/reader.js";
import { controllerRef, workloadSelector } from "../topology/workloads.js";
import { diffTemplates } from "./template-diff.js";

/** Revisions returned (newest kept); Deployments keep 10 by default (revisionHistoryLimit). */
const MAX_REVISIONS = 20;

export async function rolloutHistory(r: Reader, p: CommandOf<"rollout.history">["params"]): Promise<{ data: RolloutHistoryData; warnings: string[] }> {
  const w = await r.get(p.ref.kind, p.ref.namespace, p.ref.name);
  const warnings: string[] = [];
  const sel = workloadSelector(w);
  if (!sel) return { data: { workload: p.ref, revisions: [], diffs: [] }, warnings: [`${p.ref.kind} ${p.ref.name} has no usable selector`] };
  const childKind = w.kind === "Deployment" ? "ReplicaSet" : "ControllerRevision";
  const res = await r.list(childKind, w.metadata.namespace, { labelSelector: sel, ...(childKind === "ControllerRevision" ? { limit: 500 } : {}) });
  const owned = res.items.filter((o) => controllerRef(o)?.uid === w.metadata.uid);
  const revOf = (o: KubeObject) => (childKind === "ReplicaSet" ? Number(o.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0) : Number(o.revision ?? 0));
  const templateOf = (o: KubeObject) => sanitizeObject(childKind === "ReplicaSet" ? o.spec?.template : o.data?.spec?.template);
  let sorted = owned.sort((a, b) => revOf(a) - revOf(b));
  if (sorted.length > MAX_REVISIONS) {
    warnings.push(`${sorted.length - MAX_REVISIONS} older revisions left out`);
    sorted = sorted.slice(-MAX_REVISIONS);
  }
  const revisions: Revision[] = sorted.map((o) => {
    const t = templateOf(o);
    const cause = o.metadata.annotations?.["kubernetes.io/change-cause"];
    const hash = o.metadata.labels?.["pod-template-hash"] ?? o.metadata.labels?.["controller-revision-hash"];
    return {
      revision: revOf(o),
      name: o.metadata.name,
      ...(o.metadata.creationTimestamp ? { createdAt: o.metadata.creationTimestamp } : {}),
      images: (t?.spec?.containers ?? []).map((c: any) => String(c.image ?? "")),
      ...(childKind === "ReplicaSet" ? { replicas: o.status?.replicas ?? 0, readyReplicas: o.status?.readyReplicas ?? 0 } : {}),
      ...(cause ? { changeCause: cause } : {}),
      ...(hash ? { templateHash: hash } : {}),
    };
  });
  const diffs = [];
  for (let i = 1; i < sorted.length; i++) {
    diffs.push({ fromRevision: revOf(sorted[i - 1]!), toRevision: revOf(sorted[i]!), changes: diffTemplates(templateOf(sorted[i - 1]!), templateOf(sorted[i]!)) });
  }
  return { data: { workload: p.ref, revisions, diffs }, warnings };
}
