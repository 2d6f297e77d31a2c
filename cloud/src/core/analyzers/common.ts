/** Evidence builders and cross-analyzer readers. */
import type { EventSummary, EvidenceItem, KubeObject, LogsData, ResourceRef } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import type { AnalysisContext } from "./context.js";
import { containers, isErrorLine, lastTermination, lineTime, lines, refOf, stripTimestamp, truncate, waitingReason, type ContainerView } from "./kube.js";
import type { Sourced } from "./types.js";

export function describeSource(ref: ResourceRef): string {
  return tryCommand(() => k.describe(ref)) ?? `kubectl describe ${ref.kind.toLowerCase()} ${ref.name}`;
}

export function eventItem(e: Sourced<EventSummary>): EvidenceItem {
  const count = e.count > 1 ? ` (×${e.count})` : "";
  return {
    source: e.kubectl,
    detail: `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.type} ${e.reason}${count}: ${truncate(e.message, 500)}`,
    type: "event",
    resource: { kind: e.involvedObject.kind, namespace: e.involvedObject.namespace, name: e.involvedObject.name },
    at: e.lastTimestamp ?? e.firstTimestamp,
  };
}

export function logItem(l: Sourced<LogsData>, line: string, prefix = ""): EvidenceItem {
  return {
    source: l.kubectl,
    detail: `${prefix}${l.previous ? "previous log" : "log"} of ${l.pod}/${l.container}: ${truncate(line.trim(), 400)}`,
    type: "log",
    resource: { kind: "Pod", namespace: l.namespace, name: l.pod },
    at: lineTime(line),
  };
}

export function statusItem(pod: KubeObject, detail: string): EvidenceItem {
  return { source: describeSource(refOf(pod)), detail, type: "status", resource: refOf(pod) };
}

export function specItem(obj: KubeObject | ResourceRef, detail: string): EvidenceItem {
  const ref = "metadata" in obj ? refOf(obj as KubeObject) : (obj as ResourceRef);
  return { source: tryCommand(() => k.getYaml(ref)) ?? `kubectl get ${ref.kind.toLowerCase()} ${ref.name} -o yaml`, detail, type: "spec", resource: ref };
}

export interface Crash {
  pod: KubeObject;
  c: ContainerView;
  exitCode?: number;
  reason?: string;
  finishedAt?: string;
  restarts: number;
  waiting?: string;
}

/** Containers that terminated abnormally or are waiting in a back-off. */
export function crashes(ctx: AnalysisContext, pods = ctx.focusPods()): Crash[] {
  const out: Crash[] = [];
  for (const pod of pods) {
    for (const c of containers(pod)) {
      const t = lastTermination(c.status);
      const waiting = waitingReason(c.status);
      const restarts = c.status?.restartCount ?? 0;
      const abnormal = t && (t.exitCode !== 0 || t.reason === "OOMKilled" || t.reason === "Error");
      if (abnormal || waiting === "CrashLoopBackOff") {
        out.push({ pod, c, exitCode: t?.exitCode, reason: t?.reason, finishedAt: t?.finishedAt, restarts, waiting });
      }
    }
  }
  return out;
}

export function crashDetail(x: Crash): string {
  const parts = [`container ${x.c.name} of pod ${x.pod.metadata.name}`];
  if (x.exitCode !== undefined) parts.push(`last terminated with exit code ${x.exitCode}${x.reason ? ` (${x.reason})` : ""}`);
  if (x.restarts) parts.push(`${x.restarts} restarts`);
  if (x.waiting) parts.push(`now ${x.waiting}`);
  return parts.join(", ");
}

/** Error-looking lines of the given logs, newest last, each with its log. Previous logs first: they hold the crash. */
export function errorLines(logs: Sourced<LogsData>[], filter: (line: string) => boolean = isErrorLine): { log: Sourced<LogsData>; line: string }[] {
  const out: { log: Sourced<LogsData>; line: string }[] = [];
  const sorted = [...logs].sort((a, b) => Number(b.previous) - Number(a.previous));
  for (const log of sorted) for (const line of lines(log.text)) if (filter(line)) out.push({ log, line });
  return out;
}

/** The most telling error line: exception/error classes and fatal lines beat generic "failed" lines; newest wins a tie. */
export function lastError(logs: Sourced<LogsData>[]): { log: Sourced<LogsData>; line: string } | undefined {
  const errs = errorLines(logs);
  const score = (l: string) =>
    /\b[A-Za-z_.]*(Error|Exception)\b:|\b[a-z_][\w]*(\.[\w]+)*\.[A-Z]\w*: |\bpanic:|\bFATAL\b|"level":"fatal"|level=fatal/.test(l) ? 3 : /\b(error|ERROR|Error)\b/.test(l) ? 2 : 1;
  let best: { log: Sourced<LogsData>; line: string } | undefined;
  let bestScore = 0;
  for (const e of errs) {
    const sc = score(e.line) + (e.log.previous ? 0.5 : 0);
    if (sc >= bestScore) {
      best = e;
      bestScore = sc;
    }
  }
  return best;
}

export function short(line: string): string {
  return truncate(stripTimestamp(line.trim()), 200);
}

/** Earliest time a failure shows: first abnormal termination / back-off event of the focus pods. */
export function firstFailureAt(ctx: AnalysisContext): string | undefined {
  const times: string[] = [];
  for (const pod of ctx.unhealthyPods()) {
    for (const e of ctx.eventsFor(refOf(pod))) if (e.type === "Warning") times.push(e.firstTimestamp ?? e.lastTimestamp ?? "");
    for (const c of containers(pod)) {
      const t = lastTermination(c.status);
      if (t?.startedAt && t.exitCode !== 0) times.push(t.startedAt);
    }
    if (pod.metadata.creationTimestamp && pod.status?.phase === "Pending") times.push(pod.metadata.creationTimestamp);
  }
  return times.filter(Boolean).sort()[0];
}

export function readDescribe(ref: ResourceRef): string {
  return describeSource(ref);
}
