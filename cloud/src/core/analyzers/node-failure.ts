/** Node NotReady or under memory/disk/PID pressure, with the focus pods on it evicted or stuck. */
import type { EvidenceItem, KubeObject } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem, statusItem } from "./common.js";
import { refOf } from "./kube.js";
import type { Analyzer, Candidate } from "./types.js";

const PRESSURE = ["MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"];

function badConditions(node: KubeObject): any[] {
  return (node.status?.conditions ?? []).filter((c: any) => (c.type === "Ready" && c.status !== "True") || (PRESSURE.includes(c.type) && c.status === "True"));
}

export const nodeFailure: Analyzer = {
  name: "node-failure",
  categories: ["node-failure"],
  analyze(ctx) {
    const out: Candidate[] = [];
    const root = ctx.rootRef;
    const focus = ctx.focusPods();
    const nodeNames = new Set<string>([...(root?.kind === "Node" ? [root.name] : []), ...focus.map((p) => p.spec?.nodeName).filter(Boolean)]);
    const evicted = focus.filter((p) => p.status?.reason === "Evicted" || p.status?.reason === "NodeLost" || /The node was low on resource/.test(p.status?.message ?? ""));
    for (const p of evicted) {
      const m = /The node was low on resource: (\w+)/.exec(p.status?.message ?? "");
      if (m && p.spec?.nodeName) nodeNames.add(p.spec.nodeName);
    }
    for (const name of nodeNames) {
      const node = ctx.get({ kind: "Node", name });
      if (!node) continue;
      const bad = badConditions(node);
      const onNode = focus.filter((p) => p.spec?.nodeName === name);
      const ev = evicted.filter((p) => p.spec?.nodeName === name);
      if (!bad.length && !ev.length) continue;
      if (root?.kind !== "Node" && !ev.length && !onNode.some((p) => p.status?.phase !== "Running" || !(p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True"))) continue;
      const ref = refOf(node);
      const evidence: EvidenceItem[] = bad.map((c) => specItem(ref, `node ${name}: ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}${c.message ? `: ${c.message}` : ""}${c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : ""}`));
      for (const t of node.spec?.taints ?? []) if (/node\.kubernetes\.io\//.test(t.key)) evidence.push(specItem(ref, `taint ${t.key}:${t.effect}`));
      for (const p of ev.slice(0, 2)) evidence.push(statusItem(p, `pod ${p.metadata.name} ${p.status?.reason}: ${p.status?.message ?? ""}`));
      for (const e of ctx.eventsFor(ref).filter((e) => e.type === "Warning" || /NotReady|Pressure/.test(e.reason)).slice(0, 3)) evidence.push(eventItem(e));
      const what = bad.length ? bad.map((c) => (c.type === "Ready" ? `NotReady${c.message ? ` (${c.message})` : ""}` : c.type)).join(", ") : `evicting pods (${ev[0]!.status?.message ?? "low on resources"})`;
      out.push({
        analyzer: "node-failure",
        category: "node-failure",
        culprit: ref,
        confidence: bad.length && (root?.kind === "Node" || ev.length || onNode.length) ? "high" : "medium",
        summary: `Node ${name} is ${what}${ev.length ? `; ${ev.length} pod(s) were evicted from it` : onNode.length ? `; ${onNode.length} affected pod(s) run on it` : ""}.`,
        evidence,
        remediation: [
          { description: `Keep new pods off ${name} while you investigate.`, command: tryCommand(() => k.cordon(name)), warning: "Cordoning does not move running pods; drain only when replicas elsewhere can take the load." },
          { description: "Read the node's conditions and recent events.", command: tryCommand(() => k.describe(ref)) },
          { description: bad.some((c) => c.type === "Ready") ? "Check the kubelet and the instance (system logs, cloud console); replace the node if it does not recover." : "Find what consumes the resource on the node (kubectl top pod -A --sort-by=memory) and set limits on it.", needsJudgment: true },
        ],
        specificity: 0.85,
      });
    }
    return out;
  },
};
