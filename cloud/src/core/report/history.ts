/**
 * Recurrence line from the store: "fired 3 times this week; confirmed: oom-killed on 2026-11-18".
 *
 * Past investigations count when they are of the same WORKLOAD and the same alertname within the last 7 days.
 * Pods are replaced (new hash suffix on every restart of a Deployment's pods), so a pod alert is keyed by the
 * workload that owns the pod: the one the investigation resolved (report culprit / examined resources, or the
 * topology passed in for the current one) when known, else the pod name with its ReplicaSet/pod hash suffixes
 * stripped. "confirmed" is the newest past investigation whose latest verdict was "accurate" (its category) or
 * named the real cause (correctedCategory); the date is when that incident fired.
 */
import { refId, type Report, type ResourceRef } from "../../../../shared/src/index.js";
import type { InvestigationQuery, InvestigationRecord } from "../ports.js";

export const HISTORY_DAYS = 7;
const DAY_MS = 86_400_000;
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
/** Characters Kubernetes uses for generated name suffixes (rand.SafeEncodeString: no vowels, no 0/1/3). */
const A = "[bcdfghjklmnpqrstvwxz2456789]";
const POD_OWNER_PATTERNS = [
  new RegExp(`^(.+)-${A}{6,10}-${A}{5}$`), // Deployment: <deploy>-<pod-template-hash>-<random>
  new RegExp(`^(.+)-\\d{8,}-${A}{5}$`), // CronJob: <cronjob>-<scheduled minute>-<random>
  /^(.+)-\d+$/, // StatefulSet: <sts>-<ordinal>
  new RegExp(`^(.+)-${A}{5}$`), // DaemonSet / Job: <owner>-<random>
];

/** The current investigation, as the engine knows it before its report exists. */
export interface HistorySubject {
  id: string;
  clusterId: string;
  alertname: string;
  /** The store's targetKey; the key when the alert names no resource. */
  targetKey: string;
  target?: ResourceRef;
  /** Resources resolved so far (topology nodes): the pod's owning workload is looked up among them. */
  resources?: ResourceRef[];
}

/** Store query for the candidates: the cluster's investigations of the last week, newest first. */
export function historyQuery(clusterId: string, now: Date): InvestigationQuery {
  return { clusterId, since: new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString(), limit: 1000 };
}

/** Owner name from a generated pod name, or the name itself for a bare pod. */
export function podOwnerName(podName: string): string {
  for (const re of POD_OWNER_PATTERNS) {
    const m = re.exec(podName);
    if (m) return m[1]!;
  }
  return podName;
}

/** The workload owning a pod among resolved resources (pod names extend their controller's name; longest wins). */
function owningWorkload(pod: ResourceRef, resources: ResourceRef[]): ResourceRef | undefined {
  return resources
    .filter((r) => WORKLOAD_KINDS.has(r.kind) && r.namespace === pod.namespace && pod.name.startsWith(`${r.name}-`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * Key of "the same workload": pods, ReplicaSets and workload kinds map to `<ns>/<workload name>` (an alert on
 * deployment/x and one on its pod x-7d4b9c8f6-x2k9p are the same workload); other resources to their exact id.
 */
export function workloadKey(clusterId: string, targetKey: string, target: ResourceRef | undefined, resources: ResourceRef[] = []): string {
  if (!target) return targetKey;
  const wl = (name: string) => `${clusterId}|workload|${target.namespace ?? ""}/${name}`;
  if (target.kind === "Pod") return wl(owningWorkload(target, resources)?.name ?? podOwnerName(target.name));
  if (target.kind === "ReplicaSet") return wl(target.name.replace(new RegExp(`-${A}{6,10}$`), ""));
  if (target.kind === "Job") return wl(target.name.replace(/-\d{8,}$/, ""));
  if (WORKLOAD_KINDS.has(target.kind)) return wl(target.name);
  return `${clusterId}|${refId(target)}`;
}

function reportResources(report: Report | undefined): ResourceRef[] {
  if (!report) return [];
  return [report.rootCause.resource, ...report.alternatives.map((c) => c.resource), ...report.affectedResources].filter((r): r is ResourceRef => !!r);
}

function recordKey(r: InvestigationRecord): string {
  return workloadKey(r.clusterId, r.targetKey, r.alert.target, reportResources(r.report));
}

/** The cause people confirmed on one investigation: its latest verdict, if accurate or corrected. */
function confirmedCategory(r: InvestigationRecord): { category: string; note?: string } | undefined {
  const latest = [...r.feedback].sort((a, b) => b.at.localeCompare(a.at))[0];
  if (!latest) return undefined;
  if (latest.correctedCategory) return { category: latest.correctedCategory, note: latest.note };
  if (latest.verdict === "accurate") return { category: latest.category, note: latest.note };
  return undefined;
}

/**
 * `current` is the subject, or (older callers) the current investigation's id: then its record must be among
 * `past` to know its alertname and target, else nothing is filtered out.
 */
export function historyLines(past: InvestigationRecord[], current: HistorySubject | string, now: Date): string[] {
  const subject = typeof current === "string" ? subjectFromRecord(past.find((r) => r.id === current)) : current;
  const currentId = typeof current === "string" ? current : current.id;
  const key = subject && workloadKey(subject.clusterId, subject.targetKey, subject.target, subject.resources);
  const since = now.getTime() - HISTORY_DAYS * DAY_MS;
  const same = past
    .filter((r) => r.id !== currentId)
    .filter((r) => {
      const t = new Date(r.createdAt).getTime();
      return t >= since && t <= now.getTime();
    })
    .filter((r) => !subject || (r.alertname === subject.alertname && r.clusterId === subject.clusterId && recordKey(r) === key))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!same.length) return [];
  let line = `fired ${same.length + 1} times this week`;
  for (const r of same) {
    const c = confirmedCategory(r);
    if (!c) continue;
    line += `; confirmed: ${c.category} on ${r.createdAt.slice(0, 10)}${c.note ? ` ("${truncate(c.note, 140)}")` : ""}`;
    break;
  }
  return [line];
}

function subjectFromRecord(r: InvestigationRecord | undefined): HistorySubject | undefined {
  return r && { id: r.id, clusterId: r.clusterId, alertname: r.alertname, targetKey: r.targetKey, target: r.alert.target, resources: reportResources(r.report) };
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
