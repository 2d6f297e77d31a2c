/** HPA pinned at maxReplicas while its metric stays above target (ScalingLimited / TooManyReplicas). */
import type { EvidenceItem } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { refOf } from "./kube.js";
import type { Analyzer, Candidate } from "./types.js";

export const hpaMaxed: Analyzer = {
  name: "hpa-maxed",
  categories: ["resource-saturation"],
  analyze(ctx) {
    const out: Candidate[] = [];
    for (const hpa of ctx.objects("HorizontalPodAutoscaler")) {
      const max = hpa.spec?.maxReplicas;
      const cur = hpa.status?.currentReplicas ?? hpa.status?.desiredReplicas;
      if (!max || cur === undefined || cur < max) continue;
      const target = hpa.spec?.scaleTargetRef;
      const wl = ctx.targetWorkload();
      if (ctx.rootRef?.kind !== "HorizontalPodAutoscaler" && !(wl && target && wl.kind === target.kind && wl.name === target.name && wl.namespace === hpa.metadata.namespace)) continue;
      const limited = (hpa.status?.conditions ?? []).find((c: any) => c.type === "ScalingLimited" && c.status === "True");
      const metrics: string[] = [];
      let ratio = 1;
      for (const [i, m] of (hpa.spec?.metrics ?? []).entries()) {
        const want = m.resource?.target?.averageUtilization;
        const got = hpa.status?.currentMetrics?.[i]?.resource?.current?.averageUtilization;
        if (want && got !== undefined) {
          metrics.push(`${m.resource.name} ${got}% of request vs target ${want}%`);
          ratio = Math.max(ratio, got / want);
        }
      }
      if (!limited && ratio <= 1) continue;
      const ref = refOf(hpa);
      const next = Math.min(max * 2, Math.ceil(max * Math.max(ratio, 1.25)));
      const evidence: EvidenceItem[] = [specItem(ref, `HPA ${hpa.metadata.name}: currentReplicas ${cur} = maxReplicas ${max}${metrics.length ? `; ${metrics.join("; ")}` : ""}${limited ? `; ScalingLimited: ${limited.reason} (${limited.message})` : ""}`)];
      for (const e of ctx.eventsFor(ref).slice(0, 2)) evidence.push(eventItem(e));
      const wref = target ? { kind: target.kind, namespace: hpa.metadata.namespace, name: target.name } : undefined;
      out.push({
        analyzer: "hpa-maxed",
        category: "resource-saturation",
        culprit: ref,
        confidence: limited && ratio > 1 ? "high" : "medium",
        summary: `HPA ${hpa.metadata.name} is at maxReplicas ${max}${metrics.length ? ` while ${metrics.join(", ")}` : ""}: ${wref ? `${wref.kind.toLowerCase()}/${wref.name}` : "the workload"} cannot scale further and is saturated.`,
        evidence,
        remediation: [
          { description: `Raise maxReplicas from ${max} to ${next} (the load needs about ${Math.ceil(max * ratio)} replicas at the target utilization), if the nodes and downstream dependencies can take it.`, command: tryCommand(() => k.patchMerge(ref, { spec: { maxReplicas: next } })), needsJudgment: true, warning: "More replicas put more load on databases and other dependencies; check the cluster autoscaler has room." },
          { description: "Watch the HPA's decisions.", command: tryCommand(() => k.describe(ref)) },
        ],
        specificity: 0.8,
      });
    }
    return out;
  },
};
