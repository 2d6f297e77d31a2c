/** Small, pure readers of Kubernetes object shapes shared by the analyzers. */
import type { KubeObject, ResourceRef } from "../../../../shared/src/index.js";

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DEC: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parse a Kubernetes quantity ("256Mi", "1.5Gi", "500m", "2", "1e3") to its base unit (bytes, cores). NaN if unparseable. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined || q === null) return NaN;
  if (typeof q === "number") return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([A-Za-z]{0,2})$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? "";
  if (unit in BIN) return n * BIN[unit]!;
  if (unit in DEC) return n * DEC[unit]!;
  return NaN;
}

/** Bytes as the nearest readable binary quantity: 268435456 → "256Mi". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "?";
  if (bytes >= 2 ** 30 && bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}Gi`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)}Mi`;
  if (bytes >= 2 ** 10) return `${Math.round(bytes / 2 ** 10)}Ki`;
  return `${bytes}`;
}

export function formatMillicores(cores: number): string {
  const m = Math.round(cores * 1000);
  return m % 1000 === 0 ? `${m / 1000}` : `${m}m`;
}

export function refOf(o: KubeObject): ResourceRef {
  return o.metadata.namespace ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name } : { kind: o.kind, name: o.metadata.name };
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

export interface ContainerView {
  name: string;
  init: boolean;
  spec: any;
  status: any;
}

/** Containers of a pod with their spec and status side by side (init containers first). */
export function containers(pod: KubeObject): ContainerView[] {
  const out: ContainerView[] = [];
  const add = (specs: any[] | undefined, statuses: any[] | undefined, init: boolean) => {
    for (const spec of specs ?? []) out.push({ name: spec.name, init, spec, status: (statuses ?? []).find((s: any) => s.name === spec.name) });
  };
  add(pod.spec?.initContainers, pod.status?.initContainerStatuses, true);
  add(pod.spec?.containers, pod.status?.containerStatuses, false);
  return out;
}

/** The most recent termination of a container: the current state if terminated, else lastState. */
export function lastTermination(status: any): any | undefined {
  return status?.state?.terminated ?? status?.lastState?.terminated;
}

export function waitingReason(status: any): string | undefined {
  return status?.state?.waiting?.reason;
}

export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

/** A pod that needs attention: not running+ready, restarting, or waiting. */
export function isPodUnhealthy(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded") return false;
  if (phase !== "Running") return true;
  if (!isPodReady(pod)) return true;
  return containers(pod).some((c) => !c.init && ((c.status?.restartCount ?? 0) > 0 && !!c.status?.lastState?.terminated));
}

/** Resource value of a container (requests/limits) as the string the spec holds. */
export function containerResource(spec: any, kind: "limits" | "requests", res: "memory" | "cpu"): string | undefined {
  return spec?.resources?.[kind]?.[res];
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** matchLabels + matchExpressions of a LabelSelector. An empty selector matches everything. */
export function labelSelectorMatches(sel: any, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in l;
    if (e.operator === "In" && !(has && e.values?.includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values?.includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** Levenshtein distance (small strings: label values, names). */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The log line's text without a leading RFC 3339 timestamp. */
export function stripTimestamp(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\dT[0-9:.]+Z?\s+/, "");
}

/** Leading RFC 3339 timestamp of a log line, if any. */
export function lineTime(line: string): string | undefined {
  return /^(\d{4}-\d\d-\d\dT[0-9:.]+Z)/.exec(line)?.[1];
}

const ERROR_RE = /\b(fatal|panic|error|exception|traceback|failed|cannot|can't|unable|refused|timed? ?out|timeout|denied|forbidden|invalid|no such host|unhandled|killed|does not exist|not found)\b|\b[a-z_]\w*(\.\w+)*\.[A-Z]\w*: |"level":"(error|fatal)"|level=(error|fatal)/i;
export function isErrorLine(line: string): boolean {
  return ERROR_RE.test(line);
}

export function lines(text: string | undefined): string[] {
  return (text ?? "").split("\n").map((l) => l.trimEnd()).filter((l) => l.length > 0 && !l.startsWith("…[truncated"));
}

export function truncate(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function minutesBetween(a: string | Date, b: string | Date): number {
  return (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
}

/** "3 minutes", "2 hours", "4 days" */
export function humanDuration(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} minutes`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86400)} days`;
}
