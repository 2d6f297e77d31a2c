/** CPU throttling: containers running at their CPU limit (the CFS quota throttles them) under load. */
import type { EvidenceItem } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { roundCpu } from "../remediation/sizes.js";
import { specItem } from "./common.js";
import { containerResource, formatMillicores, parseQuantity } from "./kube.js";
import type { Analyzer } from "./types.js";

export const cpuThrottling: Analyzer = {
  name: "cpu-throttling",
  categories: ["resource-saturation"],
  analyze(ctx) {
    const pods = ctx.focusPods();
    const alerted = /throttl/i.test(`${ctx.alert.alertname} ${ctx.alert.summary ?? ""} ${ctx.alert.description ?? ""}`);
    let best: { pod: any; container: string; limit: string; usage: number; ratio: number; kubectl?: string } | undefined;
    for (const p of pods) {
      for (const c of p.spec?.containers ?? []) {
        if (ctx.alert.container && ctx.alert.container !== c.name && alerted) continue;
        const limit = containerResource(c, "limits", "cpu");
        if (!limit) continue;
        const m = ctx.evidence.metrics.items.find((x) => x.kind === "Pod" && x.name === p.metadata.name && x.namespace === p.metadata.namespace);
        const u = m?.containers.find((x) => x.name === c.name);
        const usage = u ? u.cpuMillicores / 1000 : NaN;
        const ratio = usage / parseQuantity(limit);
        if (!best || (ratio > best.ratio)) best = { pod: p, container: c.name, limit, usage, ratio: Number.isFinite(ratio) ? ratio : 0, kubectl: m?.kubectl };
      }
    }
    if (!best || (!alerted && best.ratio < 0.9) || (alerted && best.ratio < 0.6 && Number.isFinite(best.usage))) return [];
    const workload = ctx.topOwner(best.pod);
    const lim = parseQuantity(best.limit);
    const next = roundCpu(Math.max(lim * 2, (Number.isFinite(best.usage) ? best.usage : lim) * 1.5));
    const evidence: EvidenceItem[] = [specItem(workload, `container ${best.container} has a CPU limit of ${best.limit}`)];
    if (Number.isFinite(best.usage)) evidence.push({ source: best.kubectl ?? "kubectl top pod", detail: `${best.pod.metadata.name}/${best.container} uses ${formatMillicores(best.usage)} CPU = ${Math.round(best.ratio * 100)}% of its ${best.limit} limit`, type: "metric" });
    if (alerted) evidence.push({ source: "alert", detail: `${ctx.alert.alertname}: ${ctx.alert.description ?? ctx.alert.summary ?? ""}`, type: "metric" });
    return [{
      analyzer: "cpu-throttling",
      category: "resource-saturation",
      culprit: workload,
      confidence: alerted && best.ratio >= 0.9 ? "high" : "medium",
      summary: `${best.container} in ${workload.kind.toLowerCase()}/${workload.name} is CPU-throttled: it runs at ${Number.isFinite(best.usage) ? `${formatMillicores(best.usage)} (${Math.round(best.ratio * 100)}%) of` : "its"} ${best.limit} CPU limit.`,
      evidence,
      remediation: [
        { description: `Raise the CPU limit of ${best.container} from ${best.limit} to ${next} (or remove the limit and keep the request).`, command: tryCommand(() => k.setResources(workload, best!.container, { limits: { cpu: next } })), needsJudgment: true, warning: "Triggers a rolling restart." },
        { description: "Watch CPU per container.", command: tryCommand(() => k.topPods(best!.pod.metadata.namespace)) },
      ],
      specificity: 0.7,
    }];
  },
};
