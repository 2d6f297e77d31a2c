/** The cause is outside the cluster: the app's calls to external hosts fail while everything in-cluster is healthy. */
import { errorLines, logItem } from "./common.js";
import { hostsIn, looksExternal } from "./hosts.js";
import type { Analyzer } from "./types.js";

export const externalDependency: Analyzer = {
  name: "external-dependency",
  categories: ["external-dependency"],
  analyze(ctx) {
    const errs = errorLines(ctx.focusLogs(), (l) => hostsIn(l).some((h) => looksExternal(h.host)));
    if (!errs.length) return [];
    const counts = new Map<string, number>();
    for (const e of errs) for (const h of hostsIn(e.line)) if (looksExternal(h.host)) counts.set(h.host, (counts.get(h.host) ?? 0) + 1);
    const [host, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const sample = errs.filter((e) => e.line.includes(host));
    const kind = hostsIn(sample.at(-1)!.line)[0]?.kind;
    const crashing = ctx.unhealthyPods().length;
    return [{
      analyzer: "external-dependency",
      category: "external-dependency",
      confidence: n >= 3 ? "medium" : "low",
      summary: `Calls to the external host ${host} fail (${kind === "timeout" ? "timeouts" : kind === "refused" ? "connection refused" : kind === "http5xx" ? "5xx answers" : kind === "tls" ? "TLS errors" : "errors"}, ${n} in the logs) while the workload's in-cluster resources look healthy${crashing ? "" : " (pods running and ready)"}: the cause is outside the cluster.`,
      evidence: [logItem(sample[0]!.log, sample[0]!.line), ...(sample.length > 1 ? [logItem(sample.at(-1)!.log, sample.at(-1)!.line)] : [])],
      remediation: [
        { description: `Check the status page / health of ${host} and the network path to it (NAT gateway, firewall, DNS); consider failing over or degrading gracefully.`, needsJudgment: true },
      ],
      specificity: 0.5,
    }];
  },
};
