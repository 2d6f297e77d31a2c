/**
 * What governs the workload in its namespace: HPAs scaling it, PDBs and NetworkPolicies selecting its pods,
 * ResourceQuotas and LimitRanges of the namespace, and the Namespace itself when its labels matter.
 * One list per kind per namespace, matched client-side.
 */
import { refId, type KubeObject } from "../../../shared/src/index.js";
import { labelSelectorMatches } from "../selectors.js";
import type { WalkContext } from "./context.js";
import { refOf } from "./graph.js";

export async function walkPolicies(ctx: WalkContext, ns: string, workloads: KubeObject[], pods: KubeObject[], opts: { hpas?: KubeObject[] } = {}): Promise<void> {
  const [hpas, pdbs, netpols, quotas, limitRanges] = await Promise.all([
    opts.hpas ? Promise.resolve(opts.hpas) : workloads.length ? ctx.list("HorizontalPodAutoscaler", ns) : Promise.resolve([]),
    pods.length ? ctx.list("PodDisruptionBudget", ns) : Promise.resolve([]),
    pods.length ? ctx.list("NetworkPolicy", ns) : Promise.resolve([]),
    ctx.list("ResourceQuota", ns),
    ctx.list("LimitRange", ns),
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
  const constraints = [...(quotas ?? []), ...(limitRanges ?? [])];
  // The Namespace's labels decide namespaceSelector peers of NetworkPolicies; read it only when one applies.
  if (policySelects || constraints.length) {
    const nso = policySelects ? await ctx.lookup(nsRef) : undefined;
    const nsId = nso ? ctx.g.add(nso) : ctx.g.addRef(nsRef);
    for (const c of constraints) ctx.g.edge(ctx.g.add(c), nsId, "constrains");
  }
}
