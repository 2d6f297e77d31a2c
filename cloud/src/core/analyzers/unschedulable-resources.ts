/** No node has room for the pod's requests (scheduler: "Insufficient cpu/memory", "Too many pods"). */
import type { Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { containerResource, containers } from "./kube.js";
import { isResourceReason, schedulingFailures } from "./scheduling.js";
import type { Analyzer } from "./types.js";

export const unschedulableResources: Analyzer = {
  name: "unschedulable-resources",
  categories: ["unschedulable-resources"],
  analyze(ctx) {
    const fails = schedulingFailures(ctx).filter((f) => f.reasons.some((r) => isResourceReason(r.text)));
    if (!fails.length) return [];
    const f = fails[0]!;
    const workload = ctx.topOwner(f.pod);
    const res = f.reasons.filter((r) => isResourceReason(r.text));
    const kinds = [...new Set(res.map((r) => (/Insufficient (\S+)/.exec(r.text)?.[1] ?? "pods")))];
    const reqs = containers(f.pod).filter((c) => !c.init).map((c) => {
      const parts = kinds.filter((x) => x === "cpu" || x === "memory").map((x) => `${x} ${containerResource(c.spec, "requests", x as "cpu" | "memory") ?? "unset"}`);
      return `${c.name} requests ${parts.join(", ") || "(none)"}`;
    });
    const allResource = f.reasons.every((r) => isResourceReason(r.text) || /control-plane|master|unschedulable|didn't match Pod's node affinity\/selector/.test(r.text));
    const remediation: Remediation[] = [];
    const main = containers(f.pod).find((c) => !c.init && kinds.some((x) => containerResource(c.spec, "requests", x as "cpu" | "memory")));
    if (main) {
      remediation.push({
        description: `Lower the ${kinds.join("/")} request of ${main.name} to what fits a node (see allocatable vs requested in kubectl describe nodes), or add nodes / a larger node group.`,
        needsJudgment: true,
        warning: "Requests below real usage cause throttling or OOM kills: check kubectl top pod first.",
      });
    }
    remediation.push({ description: "See how much each node has left.", command: "kubectl describe nodes" });
    const desc = tryCommand(() => k.describe({ kind: "Pod", namespace: f.pod.metadata.namespace, name: f.pod.metadata.name }));
    if (desc) remediation.push({ description: "Read the scheduler's message on the pending pod.", command: desc });
    return [{
      analyzer: "unschedulable-resources",
      category: "unschedulable-resources",
      culprit: workload,
      confidence: allResource ? "high" : "medium",
      summary: `${fails.length} pod(s) of ${workload.kind.toLowerCase()}/${workload.name} cannot be scheduled: ${res.map((r) => `${r.count} node(s) ${r.text}`).join(", ")} for ${reqs.join("; ")}.`,
      evidence: [eventItem(f.event), specItem(workload, reqs.join("; "))],
      remediation,
      specificity: 0.8,
    }];
  },
};
