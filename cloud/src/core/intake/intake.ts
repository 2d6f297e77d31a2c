/**
 * Alert intake: normalize → record the delivery → decide (rules, de-duplication, group, cool-down, cap)
 * → create or attach → enqueue. Idempotent under retries: every step after recordAlert is safe to repeat
 * (deterministic investigation ids, attach only what is not attached yet, enqueue whatever is still waiting),
 * so a store or queue failure answers 503, the sender retries, and the retry finishes the job.
 */
import { KubesleuthError, isKubesleuthError, type NormalizedAlert } from "../../../../shared/src/index.js";
import { normalizeWebhook } from "../normalize/index.js";
import type { AttachedAlert, Clock, InvestigationQueue, InvestigationRecord, InvestigationStore, Notifier } from "../ports.js";
import { evaluateRules, type RuleSet } from "../rules/index.js";
import { dedupKeyOf, idempotencyKey, investigationIdFor, targetKeyOf } from "./keys.js";

export interface IntakeDeps {
  store: InvestigationStore;
  queue: InvestigationQueue;
  notifier?: Notifier;
  clock: Clock;
  rules: RuleSet;
  config: { clusterLabel: string; defaultCluster: string; dedupTtlSeconds?: number };
  newId?: () => string;
}

export type IntakeAction = "investigate" | "attach" | "skip" | "duplicate" | "resolve";

export interface IntakeDecision {
  fingerprint: string;
  alertname: string;
  action: IntakeAction;
  investigationId?: string;
  reason: string;
}

export interface IntakeResult {
  accepted: number;
  decisions: IntakeDecision[];
  /** Body-level notes of the normalizer (truncated alerts, ignored states). */
  notes: string[];
  /** SNS SubscriptionConfirmation: the handler should GET this (already validated) URL. */
  subscriptionConfirmation?: { topicArn: string; subscribeURL: string };
  /** Investigations handed to the queue by this call (new ones and waiting ones released). */
  enqueued: string[];
}

/** Alert delivery records outlive Alertmanager's retries and repeat_interval by a wide margin. */
export const DEFAULT_DEDUP_TTL_SECONDS = 7 * 24 * 3600;
/** An open investigation older than this no longer absorbs new alerts of its group or target. */
export const ATTACH_WINDOW_MINUTES = 24 * 60;

/** Store failures are transient for the sender: 503 so it retries. */
async function viaStore<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isKubesleuthError(e) && e.code !== "INTERNAL") throw e;
    throw new KubesleuthError("STORE_UNAVAILABLE", `store unavailable (${what}): ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/**
 * In one process, intakes run one at a time per store: decisions read then write the store, and two
 * interleaved deliveries of the same group must not both start an investigation.
 */
const chains = new WeakMap<object, Promise<unknown>>();
function serialized<T>(key: object, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  chains.set(key, next.catch(() => undefined));
  return next;
}

export async function intakeWebhook(source: string, body: unknown, deps: IntakeDeps): Promise<IntakeResult> {
  const receivedAt = deps.clock.now().toISOString();
  const batch = normalizeWebhook(source, body, {
    clusterLabel: deps.config.clusterLabel, defaultCluster: deps.config.defaultCluster, receivedAt,
  });
  return serialized(deps.store, async () => {
    const decisions: IntakeDecision[] = [];
    for (const alert of batch.alerts) decisions.push(await intakeAlert(alert, deps));
    // Start what fits under the cap: new investigations, and any left waiting by a full cap or a failed enqueue.
    const enqueued = await releaseQueued(deps);
    return { accepted: batch.alerts.length, decisions, notes: batch.notes, subscriptionConfirmation: batch.subscriptionConfirmation, enqueued };
  });
}

/** Decide and act for one alert. */
export async function intakeAlert(alert: NormalizedAlert, deps: IntakeDeps): Promise<IntakeDecision> {
  const { store } = deps;
  const now = deps.clock.now();
  const base = { fingerprint: alert.fingerprint, alertname: alert.alertname };
  const fresh = await viaStore("recordAlert", () =>
    store.recordAlert(idempotencyKey(alert), alert, deps.config.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS));
  const retry = (d: IntakeDecision): IntakeDecision =>
    fresh ? d : { ...d, reason: `redelivery: ${d.reason}` };
  const clusterId = alert.cluster;
  const dedupKey = dedupKeyOf(alert);
  const targetKey = targetKeyOf(alert);
  const attachSince = new Date(now.getTime() - ATTACH_WINDOW_MINUTES * 60_000).toISOString();

  if (alert.status === "resolved") return retry(await resolveAlert(alert, deps, fresh));

  // 1. The same alert occurrence is already under investigation: a repeat notification or a retry.
  const same = await viaStore("findOpen", () => store.findOpen({ clusterId, dedupKey }));
  if (same && same.alert.startsAt === alert.startsAt) {
    await attach(same, alert, deps);
    return { ...base, action: "duplicate", investigationId: same.id, reason: fresh ? `repeat notification of an alert under investigation ${same.id}` : `retry of a delivery already handled (${same.id})` };
  }

  const verdict = evaluateRules(deps.rules, alert, now);
  if (verdict.action === "skip") return retry({ ...base, action: "skip", reason: verdict.reason });

  // 2. Another alert of the same Alertmanager group, 3. the same target: one investigation covers them.
  const related: [InvestigationRecord | undefined, string][] = [];
  if (same) related.push([same, "the same alert re-fired while its investigation is open"]);
  if (alert.groupKey) {
    related.push([await viaStore("findOpen", () => store.findOpen({ clusterId, groupKey: alert.groupKey, since: attachSince })), "same alert group"]);
  }
  related.push([await viaStore("findOpen", () => store.findOpen({ clusterId, targetKey, since: attachSince })), "same target"]);
  for (const [inv, why] of related) {
    if (!inv) continue;
    const added = await attach(inv, alert, deps);
    return retry({ ...base, action: added ? "attach" : "duplicate", investigationId: inv.id, reason: `${why}: ${added ? "attached to" : "already attached to"} open investigation ${inv.id}` });
  }
  // 4. Cool-down: the target was investigated recently (even if that alert has resolved since).
  if (verdict.cooldownMinutes > 0) {
    const since = new Date(now.getTime() - verdict.cooldownMinutes * 60_000).toISOString();
    const [recent] = await viaStore("listInvestigations", () => store.listInvestigations({ clusterId, targetKey, since, limit: 1 }));
    if (recent) {
      const added = await attach(recent, alert, deps);
      return retry({ ...base, action: added ? "attach" : "duplicate", investigationId: recent.id, reason: `cool-down of ${verdict.cooldownMinutes} min: target investigated at ${recent.createdAt} by ${recent.id}` });
    }
  }
  if (verdict.action === "attach") {
    return retry({ ...base, action: "skip", reason: `${verdict.reason}: attach only, and no open investigation of this target or group` });
  }

  // 5. Concurrency cap.
  const { maxConcurrentInvestigations: cap, overCap } = deps.rules.settings;
  let capNote = "";
  if (cap > 0) {
    const active = await viaStore("listActive", () => store.listActive());
    if (active.length >= cap) {
      if (overCap === "attach") {
        const host = active.filter((a) => a.clusterId === clusterId).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
        if (host) {
          const added = await attach(host, alert, deps);
          return retry({ ...base, action: added ? "attach" : "duplicate", investigationId: host.id, reason: `over the cap of ${cap} concurrent investigations (${active.length} active): attached to the newest open one in ${clusterId}, ${host.id}` });
        }
        capNote = `; over the cap of ${cap} (${active.length} active) with nothing open in ${clusterId} to attach to: queued`;
      } else {
        capNote = `; over the cap of ${cap} concurrent investigations (${active.length} active): queued, starts when a slot frees`;
      }
    }
  }

  // 6. A new investigation.
  const id = deps.newId ? deps.newId() : investigationIdFor(alert);
  const at = now.toISOString();
  const record: InvestigationRecord = {
    id, clusterId, targetKey, dedupKey, groupKey: alert.groupKey, alertname: alert.alertname, status: "queued",
    createdAt: at, updatedAt: at, alert, attached: [], feedback: [], attempts: 0,
  };
  await viaStore("createInvestigation", async () => {
    try {
      await store.createInvestigation(record);
    } catch (e) {
      // A previous attempt of this delivery created it (deterministic id): carry on with that one.
      if (isKubesleuthError(e) && e.code === "BAD_REQUEST" && (await store.getInvestigation(id))?.dedupKey === dedupKey) return;
      throw e;
    }
  });
  return retry({ ...base, action: "investigate", investigationId: id, reason: `${verdict.reason}${capNote}` });
}

/** Append the alert to an investigation unless that fingerprint is already there in that state. Returns whether it changed. */
async function attach(inv: InvestigationRecord, alert: NormalizedAlert, deps: IntakeDeps): Promise<boolean> {
  if (lastStatus(inv, alert.fingerprint) === alert.status) return false;
  const entry: AttachedAlert = { fingerprint: alert.fingerprint, alertname: alert.alertname, status: alert.status, receivedAt: alert.receivedAt };
  inv.attached = [...inv.attached, entry];
  await viaStore("updateInvestigation", () => deps.store.updateInvestigation(inv.id, { attached: inv.attached }));
  return true;
}

/** Latest known status of a fingerprint within an investigation (starting alert, then attachments in order). */
function lastStatus(inv: InvestigationRecord, fingerprint: string): "firing" | "resolved" | undefined {
  let s: "firing" | "resolved" | undefined = inv.alert.fingerprint === fingerprint ? inv.alert.status : undefined;
  for (const a of inv.attached) if (a.fingerprint === fingerprint) s = a.status;
  return s;
}

function stillFiring(inv: InvestigationRecord): string[] {
  const fps = new Set([inv.alert.fingerprint, ...inv.attached.map((a) => a.fingerprint)]);
  return [...fps].filter((fp) => lastStatus(inv, fp) === "firing");
}

async function resolveAlert(alert: NormalizedAlert, deps: IntakeDeps, fresh: boolean): Promise<IntakeDecision> {
  const { store } = deps;
  const base = { fingerprint: alert.fingerprint, alertname: alert.alertname };
  const clusterId = alert.cluster;
  // The investigation this alert started, else one it was attached to (same group or target).
  let inv = await viaStore("findOpen", () => store.findOpen({ clusterId, dedupKey: dedupKeyOf(alert) }));
  if (!inv && alert.groupKey) {
    const g = await viaStore("findOpen", () => store.findOpen({ clusterId, groupKey: alert.groupKey }));
    if (g && lastStatus(g, alert.fingerprint)) inv = g;
  }
  if (!inv) {
    const t = await viaStore("findOpen", () => store.findOpen({ clusterId, targetKey: targetKeyOf(alert) }));
    if (t && lastStatus(t, alert.fingerprint)) inv = t;
  }
  if (!inv) {
    return { ...base, action: fresh ? "skip" : "duplicate", reason: "resolved alert with no open investigation" };
  }
  const added = await attach(inv, alert, deps);
  const firing = stillFiring(inv);
  if (deps.rules.settings.onResolved === "annotate") {
    return { ...base, action: added ? "attach" : "duplicate", investigationId: inv.id, reason: "resolved: noted on the investigation (onResolved: annotate)" };
  }
  if (firing.length > 0) {
    return { ...base, action: added ? "attach" : "duplicate", investigationId: inv.id, reason: `resolved: noted; ${firing.length} alert(s) of ${inv.id} still firing` };
  }
  const resolvedAt = deps.clock.now().toISOString();
  const closed = await viaStore("updateInvestigation", () => store.updateInvestigation(inv!.id, { resolvedAt }));
  let note = "";
  if (deps.notifier) {
    try {
      await deps.notifier.resolved(closed);
    } catch (e) {
      // Delivery problems never fail intake: the investigation is closed either way.
      note = ` (notifier failed: ${(e as Error)?.message ?? String(e)})`;
    }
  }
  return { ...base, action: "resolve", investigationId: inv.id, reason: `all alerts of the investigation resolved: closed${note}` };
}

/**
 * Enqueue investigations that are `queued` but not yet handed to the queue (waiting for a slot under the cap,
 * or left behind by a failed enqueue), oldest first, as far as the cap allows. Returns the ids enqueued.
 * The investigate worker should call it when an investigation finishes, so waiting ones start.
 */
export async function releaseQueued(deps: Pick<IntakeDeps, "store" | "queue" | "clock" | "rules">): Promise<string[]> {
  const active = await viaStore("listActive", () => deps.store.listActive());
  const cap = deps.rules.settings.maxConcurrentInvestigations;
  const busy = active.filter((a) => a.status === "running" || a.enqueuedAt).length;
  const slots = cap > 0 ? Math.max(0, cap - busy) : Number.POSITIVE_INFINITY;
  const waiting = active
    .filter((a) => a.status === "queued" && !a.enqueuedAt)
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
  const released: string[] = [];
  for (const inv of waiting.slice(0, slots)) {
    try {
      await deps.queue.enqueue(inv.id);
    } catch (e) {
      if (isKubesleuthError(e) && e.transient) throw e;
      throw new KubesleuthError("QUEUE_UNAVAILABLE", `could not enqueue investigation ${inv.id}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
    // If this write fails the retry enqueues again: consumers skip investigations that are no longer queued.
    await viaStore("updateInvestigation", () => deps.store.updateInvestigation(inv.id, { enqueuedAt: deps.clock.now().toISOString() }));
    released.push(inv.id);
  }
  return released;
}
