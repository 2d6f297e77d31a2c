/**
 * The MemoryStore's investigation map, indexed by dedupKey, groupKey and targetKey plus the set of active
 * (queued/running) ids. The indexes live in `set`/`delete`, so every write path — the store's own methods,
 * restore(), and the file store's journal replay (which sets records directly) — keeps them in step.
 * Stored records are replaced, never mutated in place: an update is a `set` of a new object.
 */
import { ACTIVE_STATUSES, type InvestigationRecord } from "../../core/ports.js";

type Key = "dedupKey" | "groupKey" | "targetKey";
const KEYS: Key[] = ["dedupKey", "groupKey", "targetKey"];

export class InvestigationIndex extends Map<string, InvestigationRecord> {
  private readonly byKey: Record<Key, Map<string, Set<string>>> = { dedupKey: new Map(), groupKey: new Map(), targetKey: new Map() };
  private readonly activeIds = new Set<string>();

  // Map's constructor calls set() before subclass fields exist, so entries are added after super().
  constructor(entries?: Iterable<readonly [string, InvestigationRecord]>) {
    super();
    for (const [id, r] of entries ?? []) this.set(id, r);
  }

  override set(id: string, r: InvestigationRecord): this {
    // A record that stays active keeps its place in the active set, as it keeps its place in the Map.
    const stillActive = this.activeIds.has(id) && ACTIVE_STATUSES.includes(r.status);
    this.unindex(id, stillActive);
    super.set(id, r);
    for (const k of KEYS) {
      const v = r[k];
      if (v === undefined) continue;
      let ids = this.byKey[k].get(v);
      if (!ids) this.byKey[k].set(v, (ids = new Set()));
      ids.add(id);
    }
    if (ACTIVE_STATUSES.includes(r.status)) this.activeIds.add(id);
    return this;
  }

  override delete(id: string): boolean {
    this.unindex(id);
    return super.delete(id);
  }

  override clear(): void {
    for (const k of KEYS) this.byKey[k].clear();
    this.activeIds.clear();
    super.clear();
  }

  /** Records whose `key` equals `value` (no copies: callers copy what they return). */
  *withKey(key: Key, value: string): Generator<InvestigationRecord> {
    for (const id of this.byKey[key].get(value) ?? []) yield this.get(id)!;
  }

  *active(): Generator<InvestigationRecord> {
    for (const id of this.activeIds) yield this.get(id)!;
  }

  private unindex(id: string, keepActive = false): void {
    const old = this.get(id);
    if (!old) return;
    for (const k of KEYS) {
      const v = old[k];
      if (v === undefined) continue;
      const ids = this.byKey[k].get(v);
      ids?.delete(id);
      if (ids?.size === 0) this.byKey[k].delete(v);
    }
    if (!keepActive) this.activeIds.delete(id);
  }
}
