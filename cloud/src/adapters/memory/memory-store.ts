/**
 * In-memory InvestigationStore with the exact semantics of the port (the DynamoDB adapter must match it):
 * conditional create, idempotent alert records with TTL, shallow-merge updates, newest-first queries.
 * Records are deep-copied in and out so callers cannot mutate stored state by accident (as with a real store).
 * Used by unit tests and as the base of the local file store (snapshot()/restore() + the changed() hook).
 * Lookups go through indexes (InvestigationIndex) and only returned records are copied, so intake stays
 * cheap as the store grows.
 */
import {
  systemClock,
  type Clock, type FeedbackRecord, type InvestigationQuery, type InvestigationRecord, type InvestigationStore,
} from "../../core/ports.js";
import { KubesleuthError, type NormalizedAlert } from "../../../../shared/src/index.js";
import { deepCopy } from "./clone.js";
import { InvestigationIndex } from "./investigation-index.js";

export interface MemoryStoreSnapshot {
  alerts: [string, { alert: NormalizedAlert; expiresAt: number }][];
  investigations: InvestigationRecord[];
  feedback: FeedbackRecord[];
}

const copy = deepCopy;

export class MemoryStore implements InvestigationStore {
  protected alerts = new Map<string, { alert: NormalizedAlert; expiresAt: number }>();
  protected investigations = new InvestigationIndex();
  protected feedback: FeedbackRecord[] = [];

  constructor(protected readonly clock: Clock = systemClock) {}

  /** Called after every write; the file store overrides it to persist. */
  protected async changed(): Promise<void> {}

  async recordAlert(key: string, alert: NormalizedAlert, ttlSeconds: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    const existing = this.alerts.get(key);
    if (existing && existing.expiresAt > now) return false;
    this.alerts.set(key, { alert: copy(alert), expiresAt: now + Math.max(0, ttlSeconds) * 1000 });
    if (this.alerts.size % 1000 === 0) this.sweep(now);
    await this.changed();
    return true;
  }

  async createInvestigation(record: InvestigationRecord): Promise<void> {
    if (this.investigations.has(record.id)) throw new KubesleuthError("BAD_REQUEST", `investigation ${record.id} already exists`);
    this.investigations.set(record.id, copy(record));
    await this.changed();
  }

  async getInvestigation(id: string): Promise<InvestigationRecord | undefined> {
    const r = this.investigations.get(id);
    return r ? copy(r) : undefined;
  }

  async updateInvestigation(id: string, patch: Partial<Omit<InvestigationRecord, "id">>): Promise<InvestigationRecord> {
    const r = this.investigations.get(id);
    if (!r) throw new KubesleuthError("NOT_FOUND", `investigation ${id} not found`);
    const next = { ...r, ...copy(patch), id, updatedAt: this.clock.now().toISOString() } as InvestigationRecord;
    this.investigations.set(id, next);
    await this.changed();
    return copy(next);
  }

  async findOpen(q: { clusterId: string; dedupKey?: string; groupKey?: string; targetKey?: string; since?: string }): Promise<InvestigationRecord | undefined> {
    if (!q.dedupKey && !q.groupKey && !q.targetKey) return undefined;
    let best: InvestigationRecord | undefined;
    const consider = (r: InvestigationRecord) => {
      if (r.clusterId !== q.clusterId || r.resolvedAt) return;
      if (q.since && r.createdAt < q.since) return;
      if (!best || newer(r, best)) best = r;
    };
    if (q.dedupKey) for (const r of this.investigations.withKey("dedupKey", q.dedupKey)) consider(r);
    if (q.groupKey) for (const r of this.investigations.withKey("groupKey", q.groupKey)) consider(r);
    if (q.targetKey) for (const r of this.investigations.withKey("targetKey", q.targetKey)) consider(r);
    return best ? copy(best) : undefined;
  }

  async listInvestigations(q: InvestigationQuery): Promise<InvestigationRecord[]> {
    const pool = q.targetKey ? this.investigations.withKey("targetKey", q.targetKey) : this.investigations.values();
    const out = [...pool].filter((r) =>
      (!q.since || r.createdAt >= q.since) &&
      (!q.clusterId || r.clusterId === q.clusterId) &&
      (!q.targetKey || r.targetKey === q.targetKey) &&
      (!q.status || q.status.includes(r.status)));
    out.sort((a, b) => (newer(a, b) ? -1 : 1));
    return (q.limit !== undefined ? out.slice(0, q.limit) : out).map(copy);
  }

  async listActive(): Promise<InvestigationRecord[]> {
    return [...this.investigations.active()].map(copy);
  }

  async addFeedback(feedback: FeedbackRecord): Promise<void> {
    this.feedback.push(copy(feedback));
    await this.changed();
  }

  async listFeedback(q: { clusterId?: string; since?: string; targetKey?: string }): Promise<FeedbackRecord[]> {
    return this.feedback
      .filter((f) => (!q.clusterId || f.clusterId === q.clusterId) && (!q.since || f.at >= q.since) && (!q.targetKey || f.targetKey === q.targetKey))
      .map(copy);
  }

  snapshot(): MemoryStoreSnapshot {
    return copy({ alerts: [...this.alerts.entries()], investigations: [...this.investigations.values()], feedback: this.feedback });
  }

  restore(s: MemoryStoreSnapshot): void {
    this.alerts = new Map(copy(s.alerts));
    this.investigations = new InvestigationIndex(copy(s.investigations).map((r) => [r.id, r]));
    this.feedback = copy(s.feedback);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.alerts) if (v.expiresAt <= now) this.alerts.delete(k);
  }
}

/** Newest first: createdAt, then id for a stable order within the same millisecond. */
function newer(a: InvestigationRecord, b: InvestigationRecord): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}
