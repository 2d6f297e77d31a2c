/** Parsing of the scheduler's FailedScheduling text: "0/6 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {...}. preemption: ..." */
import type { KubeObject } from "../../../../shared/src/index.js";
import type { AnalysisContext } from "./context.js";
import { refOf } from "./kube.js";
import type { Sourced } from "./types.js";
import type { EventSummary } from "../../../../shared/src/index.js";

export interface SchedulingFailure {
  pod: KubeObject;
  event: Sourced<EventSummary>;
  total?: number;
  reasons: { count: number; text: string }[];
}

export function parseFailedScheduling(message: string): { total?: number; reasons: { count: number; text: string }[] } {
  const m = /^0\/(\d+) nodes are available: (.*?)(?:\. preemption:.*)?$/s.exec(message.trim());
  if (!m) return { reasons: [] };
  const body = m[2]!.replace(/\.$/, "");
  const reasons: { count: number; text: string }[] = [];
  // Reasons are separated by ", " but taints contain "{k: v}" — split outside braces only.
  let depth = 0, cur = "";
  for (const ch of body) {
    if (ch === "{") depth++;
    if (ch === "}") depth--;
    if (ch === "," && depth === 0) { push(cur); cur = ""; } else cur += ch;
  }
  push(cur);
  function push(part: string) {
    const r = /^\s*(\d+)\s+(.*)$/.exec(part);
    if (r) reasons.push({ count: Number(r[1]), text: r[2]!.trim() });
  }
  return { total: Number(m[1]), reasons };
}

export const isResourceReason = (t: string) => /^Insufficient |Too many pods/.test(t);
export const isVolumeReason = (t: string) => /unbound immediate PersistentVolumeClaims|volume node affinity conflict|persistentvolumeclaim .* not found|node\(s\) exceed max volume count/i.test(t);

/** Pending focus pods with their newest FailedScheduling event. */
export function schedulingFailures(ctx: AnalysisContext): SchedulingFailure[] {
  const out: SchedulingFailure[] = [];
  for (const pod of ctx.focusPods()) {
    if (pod.status?.phase !== "Pending" || pod.spec?.nodeName) continue;
    const evs = ctx.eventsFor(refOf(pod), "FailedScheduling").sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""));
    const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === "PodScheduled" && c.status === "False");
    const event = evs[0] ?? (cond?.message ? ({ type: "Warning", reason: "FailedScheduling", message: cond.message, count: 1, involvedObject: refOf(pod), kubectl: `kubectl describe pod ${pod.metadata.name} -n ${pod.metadata.namespace}` } as Sourced<EventSummary>) : undefined);
    if (!event) continue;
    out.push({ pod, event, ...parseFailedScheduling(event.message) });
  }
  return out;
}
