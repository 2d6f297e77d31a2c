/**
 * Shared pieces of every normalizer: options, the batch shape, zod-error → 400 mapping,
 * safe label records, timestamps, fingerprints and the final NormalizedAlert assembly.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import {
  KubesleuthError, NormalizedAlertSchema,
  type AlertSource, type NormalizedAlert,
} from "../../../../shared/src/index.js";
import { resolveTarget } from "./target.js";

export interface NormalizeOptions {
  /** Label carrying the cluster id (default `cluster`). */
  clusterLabel?: string;
  /** Cluster id when the alert carries none. */
  defaultCluster: string;
  /** ISO time the webhook arrived (default: now). */
  receivedAt?: string;
}

/** Group context of one webhook body (Alertmanager group, Grafana notification, ...). */
export interface AlertGroup {
  receiver?: string;
  status?: "firing" | "resolved";
  groupKey?: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL?: string;
  /** Alerts the sender dropped from this body because of its max_alerts setting. */
  truncatedAlerts: number;
  title?: string;
  message?: string;
}

export interface NormalizedBatch {
  source: AlertSource;
  alerts: NormalizedAlert[];
  group: AlertGroup;
  /** Body-level notes (truncated alerts, ignored states, ...). Per-alert notes live on each alert. */
  notes: string[];
  /**
   * Set for an SNS SubscriptionConfirmation (no alerts): the edge handler confirms the subscription by
   * GETting `subscribeURL` (already checked to be an https sns.<region>.amazonaws.com URL).
   */
  subscriptionConfirmation?: { topicArn: string; subscribeURL: string };
}

export const MAX_LABELS = 128;
export const MAX_LABEL_VALUE = 2048;
export const MAX_ANNOTATION_VALUE = 8192;
export const MAX_ALERTS_PER_BODY = 1000;
const TRUNCATED = "…[truncated]";

/** `alerts[0].labels` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(body)";
}

/** Parse with zod; on failure throw BAD_REQUEST naming the first offending field. */
export function parseOrBadRequest<T extends z.ZodTypeAny>(schema: T, input: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const msg = issue.message.replace(/^Invalid input: /, "");
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : "";
  throw new KubesleuthError("BAD_REQUEST", `${what}: ${formatPath(issue.path)}: ${msg}${more}`, { cause: r.error });
}

/** Accept a parsed body or its raw JSON text (SNS posts text/plain). */
export function jsonBody(body: unknown, what: string): unknown {
  if (typeof body !== "string" && !(body instanceof Uint8Array)) return body;
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new KubesleuthError("BAD_REQUEST", `${what}: body is not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - TRUNCATED.length)) + TRUNCATED;
}

/**
 * Copy a string map into a fresh object: prototype-pollution keys dropped, sizes capped.
 * Notes say what was dropped so the report can mention it.
 */
export function safeRecord(input: Record<string, string> | undefined, maxValue: number, notes: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input) return out;
  let count = 0;
  for (const [k, v] of Object.entries(input)) {
    if (k === "__proto__" || k === "constructor" || k === "prototype") {
      notes.push(`${what}: key "${k}" dropped`);
      continue;
    }
    if (count >= MAX_LABELS) {
      notes.push(`${what}: more than ${MAX_LABELS} entries, the rest dropped`);
      break;
    }
    const key = truncate(k, 256);
    if (v.length > maxValue) notes.push(`${what}.${key}: value of ${v.length} characters truncated`);
    Object.defineProperty(out, key, { value: truncate(v, maxValue), enumerable: true, writable: true, configurable: true });
    count++;
  }
  return out;
}

/** Zero time Alertmanager and Grafana send for "no end". */
const ZERO_TIME = /^0001-01-01/;

/** Normalize a timestamp to ISO 8601, or undefined for absent/zero; throws BAD_REQUEST when unparseable. */
export function isoTime(value: string | number | undefined, field: string, what: string): string | undefined {
  if (value === undefined || value === "" || (typeof value === "string" && ZERO_TIME.test(value))) return undefined;
  let ms: number;
  if (typeof value === "number") ms = value < 1e12 ? value * 1000 : value; // epoch seconds or ms
  else if (/^\d{9,13}$/.test(value)) ms = Number(value) < 1e12 ? Number(value) * 1000 : Number(value);
  // CloudWatch writes "+0000"; Date.parse wants "+00:00". Go may write more than 3 fractional digits.
  else ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2").replace(/(\.\d{3})\d+/, "$1"));
  if (!Number.isFinite(ms)) throw new KubesleuthError("BAD_REQUEST", `${what}: ${field}: not a timestamp: ${truncate(String(value), 64)}`);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new KubesleuthError("BAD_REQUEST", `${what}: ${field}: timestamp out of range`);
  return d.toISOString();
}

/** Stable identity for sources without one: hash of source + sorted labels. */
export function labelFingerprint(source: AlertSource, labels: Record<string, string>): string {
  const h = createHash("sha256").update(source);
  for (const k of Object.keys(labels).sort()) h.update("\n").update(k).update("=").update(labels[k]!);
  return h.digest("hex").slice(0, 32);
}

const CLUSTER_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface AlertDraft {
  source: AlertSource;
  fingerprint?: string;
  groupKey?: string;
  status: "firing" | "resolved";
  alertname?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  links: { title: string; url: string }[];
  summary?: string;
  description?: string;
  notes: string[];
}

/** Resolve cluster, namespace and target from the labels, then validate the result against the contract. */
export function finishAlert(d: AlertDraft, opts: NormalizeOptions, where: string): NormalizedAlert {
  const notes = [...d.notes];
  const clusterLabel = opts.clusterLabel || "cluster";
  let cluster = opts.defaultCluster;
  const labelled = d.labels[clusterLabel];
  let clusterTrusted = true;
  if (labelled !== undefined && labelled !== "") {
    if (CLUSTER_ID_RE.test(labelled)) cluster = labelled;
    else {
      // An unreadable cluster id means we do not know where the resource lives: no target rather than a wrong one.
      clusterTrusted = false;
      notes.push(`label ${clusterLabel} is not a usable cluster id: using default cluster ${opts.defaultCluster}, no target`);
    }
  }
  const resolved = resolveTarget(d.labels);
  notes.push(...resolved.notes);
  const alertname = d.alertname?.trim() || d.labels["alertname"]?.trim();
  if (!alertname) notes.push("alert has no alertname: named unnamed-alert");
  const fingerprint = d.fingerprint && d.fingerprint.length <= 256 ? d.fingerprint : labelFingerprint(d.source, d.labels);
  const severity = d.labels["severity"];
  const candidate = {
    source: d.source,
    fingerprint,
    groupKey: d.groupKey ? truncate(d.groupKey, 1024) : undefined,
    status: d.status,
    alertname: truncate(alertname || "unnamed-alert", 256),
    severity: severity ? truncate(severity, 64) : undefined,
    cluster,
    namespace: resolved.namespace,
    target: clusterTrusted ? resolved.target : undefined,
    container: clusterTrusted ? resolved.container : undefined,
    summary: d.summary ? truncate(d.summary, 4000) : undefined,
    description: d.description ? truncate(d.description, 16000) : undefined,
    labels: d.labels,
    annotations: d.annotations,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    links: d.links.filter((l) => l.url).map((l) => ({ title: truncate(l.title, 200), url: truncate(l.url, 4096) })),
    receivedAt: opts.receivedAt ?? new Date().toISOString(),
    notes: notes.length ? notes.slice(0, 50).map((n) => truncate(n, 1000)) : undefined,
  };
  const r = NormalizedAlertSchema.safeParse(candidate);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new KubesleuthError("BAD_REQUEST", `${where}: ${formatPath(issue.path)}: ${issue.message}`, { cause: r.error });
  }
  return r.data;
}

/** Emptied group context (sources without groups). */
export function emptyGroup(): AlertGroup {
  return { groupLabels: {}, commonLabels: {}, commonAnnotations: {}, truncatedAlerts: 0 };
}
