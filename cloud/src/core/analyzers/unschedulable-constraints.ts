/** nodeSelector, affinity, taints or topology spread match no node. */
import type { EvidenceItem } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { editDistance } from "./kube.js";
import { isResourceReason, isVolumeReason, schedulingFailures } from "./scheduling.js";
import type { Analyzer } from "./types.js";

export const unschedulableConstraints: Analyzer = {
  name: "unschedulable-constraints",
  categories: ["unschedulable-constraints"],
  analyze(ctx) {
    const fails = schedulingFailures(ctx).filter((f) => f.reasons.length > 0 && !f.reasons.some((r) => isResourceReason(r.text)) && !f.reasons.some((r) => isVolumeReason(r.text)));
    if (!fails.length) return [];
    const f = fails[0]!;
    const workload = ctx.topOwner(f.pod);
    const spec = f.pod.spec ?? {};
    const evidence: EvidenceItem[] = [eventItem(f.event)];
    const facts: string[] = [];
    if (spec.nodeSelector) facts.push(`nodeSelector ${Object.entries(spec.nodeSelector).map(([a, b]) => `${a}=${b}`).join(", ")}`);
    if (spec.affinity?.nodeAffinity) facts.push(`node affinity ${JSON.stringify(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? spec.affinity.nodeAffinity)}`);
    if (spec.tolerations?.length) facts.push(`tolerations ${spec.tolerations.map((t: any) => `${t.key ?? "*"}${t.operator === "Exists" ? "" : `=${t.value ?? ""}`}:${t.effect ?? "*"}`).join(", ")}`);
    if (spec.topologySpreadConstraints?.length) facts.push(`topologySpreadConstraints on ${spec.topologySpreadConstraints.map((t: any) => t.topologyKey).join(", ")}`);
    if (facts.length) evidence.push(specItem(workload, `pod template: ${facts.join("; ")}`));
    // Node facts: labels near the selector, taints the tolerations miss.
    const nodes = ctx.objects("Node");
    const notes: string[] = [];
    for (const [key, want] of Object.entries<string>(spec.nodeSelector ?? {})) {
      const values = [...new Set(nodes.map((n) => n.metadata.labels?.[key]).filter((v): v is string => !!v))];
      if (nodes.length) notes.push(values.length ? `nodes carry ${key}=${values.join("|")} but none ${key}=${want}` : `no node has the label ${key}`);
    }
    const taints = nodes.flatMap((n) => (n.spec?.taints ?? []).map((t: any) => ({ node: n.metadata.name, ...t })));
    for (const t of spec.tolerations ?? []) {
      const near = taints.find((x) => x.key !== t.key && t.key && editDistance(x.key, t.key) <= 2);
      if (near) notes.push(`toleration key "${t.key}" does not match the node taint "${near.key}=${near.value ?? ""}:${near.effect}" on ${near.node} (near miss)`);
    }
    const taintText = f.reasons.map((r) => /untolerated taint\(s\)? ?(\{.*\})/.exec(r.text)?.[1]).filter(Boolean);
    for (const t of spec.tolerations ?? []) {
      for (const tt of taintText) {
        const key = /\{([^:}]+):/.exec(tt!)?.[1]?.trim();
        if (key && t.key && key !== t.key && editDistance(key, t.key) <= 2 && !notes.some((n) => n.includes(`"${t.key}"`))) notes.push(`toleration key "${t.key}" does not match the taint key "${key}" (near miss)`);
      }
    }
    // Concrete fixes for near misses: a nodeSelector value one typo away from a real label, a toleration key one typo away from a taint.
    const fixes: { description: string; command?: string }[] = [];
    for (const [key, want] of Object.entries<string>(spec.nodeSelector ?? {})) {
      const values = [...new Set(nodes.map((n) => n.metadata.labels?.[key]).filter((v): v is string => !!v))];
      if (values.includes(want)) continue;
      const near = values.map((v) => ({ v, d: editDistance(v, want) - 4 * tokenOverlap(v, want) })).sort((a, b) => a.d - b.d)[0];
      if (near && (near.d <= 3 || near.v.includes(want) || want.includes(near.v) || tokenOverlap(near.v, want) >= 0.6)) {
        fixes.push({ description: `Set nodeSelector ${key}=${near.v} (nodes carry that value; ${want} matches none).`, command: tryCommand(() => k.patchMerge(workload, { spec: { template: { spec: { nodeSelector: { [key]: near.v } } } } })) });
      } else if (!values.length || values.length) {
        fixes.push({ description: `Remove nodeSelector ${key}=${want} (no node matches it) or label the intended nodes.`, command: tryCommand(() => k.patchJson(workload, [{ op: "remove", path: `/spec/template/spec/nodeSelector/${key.replace(/~/g, "~0").replace(/\//g, "~1")}` }])) });
      }
    }
    (spec.tolerations ?? []).forEach((t: any, i: number) => {
      const near = taints.find((x) => t.key && x.key !== t.key && editDistance(x.key, t.key) <= 2);
      if (near) fixes.push({ description: `Fix the toleration key "${t.key}" → "${near.key}" to match the taint on the dedicated nodes.`, command: tryCommand(() => k.patchJson(workload, [{ op: "replace", path: `/spec/template/spec/tolerations/${i}/key`, value: near.key }])) });
    });
    if (notes.length) evidence.push({ source: "kubectl get nodes --show-labels", detail: notes.join("; "), type: "topology" });
    return [{
      analyzer: "unschedulable-constraints",
      category: "unschedulable-constraints",
      culprit: workload,
      confidence: "high",
      summary: `${fails.length} pod(s) of ${workload.kind.toLowerCase()}/${workload.name} cannot be scheduled: ${f.reasons.map((r) => `${r.count} node(s) ${r.text.replace(/^node\(s\) /, "")}`).join(", ")}.${facts.length ? ` The pod asks for ${facts.join("; ")}.` : ""}${notes.length ? ` ${notes[0]}.` : ""}`,
      evidence,
      remediation: [
        ...fixes.map((f) => ({ ...f, needsJudgment: true })),
        { description: `Fix the scheduling constraint of ${workload.name} (${facts[0] ?? "nodeSelector/affinity/tolerations"}) so it matches a real node label or taint, or label/taint the intended nodes.`, needsJudgment: true },
        { description: "Compare with the nodes' labels and taints.", command: "kubectl get nodes --show-labels" },
        { description: "Read the scheduler's message.", command: tryCommand(() => k.describe({ kind: "Pod", namespace: f.pod.metadata.namespace, name: f.pod.metadata.name })) },
      ],
      specificity: 0.8,
    }];
  },
};

/** Share of the shorter value's tokens (split on - _ . /) found in the other: "nvidia-a10g" vs "nvidia-tesla-a10g" → 1. */
function tokenOverlap(a: string, b: string): number {
  const ta = a.split(/[-_./]/).filter(Boolean), tb = new Set(b.split(/[-_./]/).filter(Boolean));
  const short = ta.length <= tb.size ? ta : [...tb];
  const other = ta.length <= tb.size ? tb : new Set(ta);
  return short.length ? short.filter((t) => other.has(t)).length / short.length : 0;
}
