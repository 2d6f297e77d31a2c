/** No node has room for the pod's requests (scheduler: "Insufficient cpu/memory", "Too many pods"). */
import type { Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { containerResource, containers, formatBytes, formatMillicores, parseQuantity } from "./kube.js";
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
      // A request that fits: half the largest node's allocatable (leaves room for daemons and neighbours), capped
      // below the current request. Needs judgment: the right value depends on the app's real usage.
      for (const r of kinds.filter((x) => x === "cpu" || x === "memory") as ("cpu" | "memory")[]) {
        const cur = parseQuantity(containerResource(main.spec, "requests", r));
        const alloc = Math.max(0, ...ctx.objects("Node").map((n) => parseQuantity(n.status?.allocatable?.[r])).filter(Number.isFinite));
        if (!Number.isFinite(cur)) continue;
        const target = Math.min(cur * 0.6, alloc > 0 ? alloc * 0.5 : cur * 0.6);
        const value = r === "cpu" ? roundCpuDown(target) : roundMemoryDown(target);
        const cmd = tryCommand(() => k.setResources(workload, main.name, { requests: { [r]: value } }));
        if (cmd) remediation.push({ description: `Lower the ${r} request of ${main.name} from ${containerResource(main.spec, "requests", r)} to ${value} so it fits a node${alloc > 0 ? ` (largest allocatable: ${r === "cpu" ? formatMillicores(alloc) : formatBytes(alloc)})` : ""}.`, command: cmd, needsJudgment: true, warning: "Only if the app really needs less: check kubectl top pod; otherwise add capacity instead." });
      }
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

function roundCpuDown(cores: number): string {
  const m = Math.max(100, Math.floor((cores * 1000) / 100) * 100);
  return m % 1000 === 0 ? `${m / 1000}` : `${m}m`;
}
function roundMemoryDown(bytes: number): string {
  const mi = Math.max(64, Math.floor(bytes / 2 ** 20 / 128) * 128);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}
