/** Keys that tie deliveries, alerts and investigations together. Adapters index on these. */
import { createHash } from "node:crypto";
import { refId, type NormalizedAlert } from "../../../../shared/src/index.js";

/** One delivery of one alert state: a retry or a repeat notification of it has the same key. */
export function idempotencyKey(a: NormalizedAlert): string {
  return [a.source, a.fingerprint, a.status, a.startsAt, a.groupKey ?? ""].join("|");
}

/** The same alert across repeats (InvestigationRecord.dedupKey). */
export function dedupKeyOf(a: NormalizedAlert): string {
  return `${a.source}|${a.fingerprint}`;
}

/** `${cluster}|${refId(target)}`, or `${cluster}|alert|${alertname}|${namespace}` when the alert names no resource. */
export function targetKeyOf(a: NormalizedAlert): string {
  return a.target ? `${a.cluster}|${refId(a.target)}` : `${a.cluster}|alert|${a.alertname}|${a.namespace ?? ""}`;
}

/**
 * Deterministic id of the investigation one alert occurrence starts, so a retried delivery converges on the
 * same record (conditional create) instead of starting a second one.
 */
export function investigationIdFor(a: NormalizedAlert): string {
  return "inv-" + createHash("sha256").update(`${dedupKeyOf(a)}|${a.startsAt}`).digest("hex").slice(0, 24);
}
