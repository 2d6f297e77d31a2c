/** OOMKilled (exit 137) with the container's memory limit against its observed usage. */
import { refId } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { recommendMemoryLimit } from "../remediation/sizes.js";
import { crashDetail, crashes, statusItem } from "./common.js";
import { containerResource, formatBytes, parseQuantity } from "./kube.js";
import type { Analyzer, Candidate } from "./types.js";

export const oomKilled: Analyzer = {
  name: "oom-killed",
  categories: ["oom-killed"],
  analyze(ctx) {
    const ooms = crashes(ctx).filter((x) => x.reason === "OOMKilled" || (x.exitCode === 137 && !x.reason));
    if (!ooms.length) return [];
    const byWorkload = new Map<string, typeof ooms>();
    for (const x of ooms) {
      const id = refId(ctx.topOwner(x.pod));
      byWorkload.set(id, [...(byWorkload.get(id) ?? []), x]);
    }
    const out: Candidate[] = [];
    for (const group of byWorkload.values()) {
      const first = group[0]!;
      const workload = ctx.topOwner(first.pod);
      const container = first.c.name;
      const limitStr = containerResource(first.c.spec, "limits", "memory");
      const limit = parseQuantity(limitStr);
      const usage = ctx.evidence.metrics.items
        .filter((m) => m.kind === "Pod" && group.some((g) => g.pod.metadata.name === m.name))
        .flatMap((m) => m.containers.filter((c) => c.name === container).map((c) => ({ m, c })))
        .sort((a, b) => b.c.memoryBytes - a.c.memoryBytes)[0];
      const evidence = group.slice(0, 3).map((x) => statusItem(x.pod, `${crashDetail(x)}; memory limit ${limitStr ?? "none"}`));
      if (usage) {
        evidence.push({ source: usage.m.kubectl, detail: `${usage.m.name}/${container} uses ${formatBytes(usage.c.memoryBytes)} of its ${limitStr ?? "unset"} memory limit (${Number.isFinite(limit) ? Math.round((usage.c.memoryBytes / limit) * 100) : "?"}%)`, type: "metric" });
      }
      const explicit = group.some((x) => x.reason === "OOMKilled");
      const remediation = [];
      if (Number.isFinite(limit)) {
        const next = recommendMemoryLimit(limit, usage?.c.memoryBytes);
        const cmd = tryCommand(() => k.setResources(workload, container, { limits: { memory: next } }));
        remediation.push({
          description: `Raise the memory limit of ${container} from ${limitStr} to ${next} (1.5× the limit, rounded up; check the node has room and that this is not a leak).`,
          command: cmd,
          warning: "Triggers a rolling restart. If memory grows without bound this only delays the next OOM kill: check for a leak.",
          needsJudgment: true,
        });
      } else {
        remediation.push({ description: `Set a memory limit on ${container} that fits its working set; the node itself is running out of memory.`, needsJudgment: true });
      }
      const p = first.pod;
      const logsCmd = tryCommand(() => k.logs(p.metadata.namespace!, p.metadata.name, container, true));
      if (logsCmd) remediation.push({ description: "Read what the container was doing before it was killed.", command: logsCmd });
      out.push({
        analyzer: "oom-killed",
        category: "oom-killed",
        culprit: workload,
        confidence: explicit ? "high" : "medium",
        summary: `${container} in ${workload.kind.toLowerCase()}/${workload.name} is OOMKilled (exit code 137): it exceeds its ${limitStr ?? "unset"} memory limit${usage ? ` (uses ${formatBytes(usage.c.memoryBytes)})` : ""}; ${group.length} container(s) killed.`,
        evidence,
        remediation,
        specificity: 0.8,
      });
    }
    return out;
  },
};
