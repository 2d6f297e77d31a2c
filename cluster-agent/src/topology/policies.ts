/**
 * What governs the workload in its namespace: HPAs scaling it, PDBs and NetworkPolicies selecting its pods,
 * ResourceQuotas and LimitRanges of the namespace, and the Namespace itself when its labels matter.
 * One list per kind per namespace, matched client-side.
 */
import { refId, type KubeObject } from "../../../shared/src/index.js";
import { labelSelectorMatches } from "../selectors.js";
import type { WalkContext } from "./context.js";
import { refOf } from "./graph.js";

/**
 * Quotas and LimitRanges act when pods are created: they matter when a controller could not create its pods
 * (ReplicaFailure/FailedCreate, fewer pods than desired) or when the whole namespace is in question.
 */
export function creationBlocked(objects: KubeObject[]): boolean {
  return objects.some((o) => {
    const conditions: any[] = o.status?.conditions ?? [];
    if (conditions.some((c) => (c.type === "ReplicaFailure" && c.status === "True") || c.reason === "FailedCreate")) return true;
    const desired = o.spec?.replicas;
    if (["ReplicaSet", "StatefulSet"].includes(o.kind) && typeof desired === "number" && (o.status?.replicas ?? 0) < desired) return true;
    if (o.kind === "DaemonSet" && (o.status?.currentNumberScheduled ?? 0) < (o.status?.desiredNumberScheduled ?? 0)) return true;
    return false;
  });
}

export async function walkPolicies(ctx: WalkContext, ns: string, workloads: KubeObject[], pods: KubeObject[], opts: { hpas?: KubeObject[]; constraints?: boolean } = {}): Promise<void> {
  const constraints = opts.constraints ?? true;
  const [hpas, pdbs, netpols, quotas, limitRanges] = await Promise.all([
    opts.hpas ? Promise.resolve(opts.hpas) : workloads.length ? ctx.list("HorizontalPodAutoscaler", ns) : Promise.resolve([]),
    pods.length ? ctx.list("PodDisruptionBudget", ns) : Promise.resolve([]),
    pods.length ? ctx.list("NetworkPolicy", ns) : Promise.resolve([]),
    constraints ? ctx.list("ResourceQuota", ns) : Promise.resolve([]),
    constraints ? ctx.list("LimitRange", ns) : Promise.resolve([]),
  ]);
  for (const h of hpas ?? []) {
    const t = h.spec?.scaleTargetRef;
    const w = workloads.find((x) => x.kind === t?.kind && x.metadata.name === t?.name);
    if (w) ctx.g.edge(ctx.g.add(h), refId(refOf(w)), "scales", `${h.spec?.minReplicas ?? 1}-${h.spec?.maxReplicas} replicas`);
  }
  for (const pdb of pdbs ?? []) {
    const selected = pods.filter((p) => labelSelectorMatches(pdb.spec?.selector, p.metadata.labels));
    if (!selected.length) continue;
    const id = ctx.g.add(pdb);
    for (const p of selected) ctx.g.edge(id, refId(refOf(p)), "selects");
  }
  let policySelects = false;
  for (const np of netpols ?? []) {
    const selected = pods.filter((p) => labelSelectorMatches(np.spec?.podSelector ?? {}, p.metadata.labels));
    if (!selected.length) continue;
    policySelects = true;
    const id = ctx.g.add(np);
    for (const p of selected) ctx.g.edge(id, refId(refOf(p)), "selects", (np.spec?.policyTypes ?? ["Ingress"]).join(","));
  }
  const nsRef = { kind: "Namespace", name: ns };
  const limits = [...(quotas ?? []), ...(limitRanges ?? [])];
  // The Namespace's labels decide namespaceSelector peers of NetworkPolicies; read it only when one applies.
  if (policySelects || limits.length) {
    const nso = policySelects ? await ctx.lookup(nsRef) : undefined;
    const nsId = nso ? ctx.g.add(nso) : ctx.g.addRef(nsRef);
    for (const c of limits) ctx.g.edge(ctx.g.add(c), nsId, "constrains");
  }
}
