/**
 * Per-investigation read cache: the topology walk, then the evidence commands of the same investigation read
 * many of the same objects (the pod, its Deployment, its ConfigMaps). Within one investigation, a repeated GET
 * of the same path+query is free. Entries live ~2 minutes; only successes and definite answers (404, 403) are
 * kept, never transport errors or 5xx. In-flight reads are shared, so concurrent commands do not race.
 */
import { K8sApiError } from "./errors.js";

interface Entry {
  expires: number;
  value: Promise<unknown>;
}

export class ReadCache {
  private readonly scopes = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly ttlMs = 120_000,
    private readonly maxScopes = 64,
    private readonly maxEntriesPerScope = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns the cached value for (scope, key), or runs `load` and caches it. No scope → no caching. */
  async through<T>(scope: string | undefined, key: string, load: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
    if (!scope) return { value: await load(), cached: false };
    const t = this.now();
    let entries = this.scopes.get(scope);
    if (entries) {
      // refresh LRU position of the investigation
      this.scopes.delete(scope);
      this.scopes.set(scope, entries);
    } else {
      entries = new Map();
      this.scopes.set(scope, entries);
      while (this.scopes.size > this.maxScopes) this.scopes.delete(this.scopes.keys().next().value!);
    }
    const hit = entries.get(key);
    if (hit && hit.expires > t) return { value: (await hit.value) as T, cached: true };
    const value = load();
    const entry = { expires: t + this.ttlMs, value };
    entries.set(key, entry);
    if (entries.size > this.maxEntriesPerScope) entries.delete(entries.keys().next().value!);
    value.catch((e) => {
      const definite = e instanceof K8sApiError && (e.status === 404 || e.status === 403);
      if (!definite && entries.get(key) === entry) entries.delete(key);
    });
    return { value: await value, cached: false };
  }

  /** The cached (possibly in-flight) value for (scope, key), if fresh; never loads. */
  peek(scope: string | undefined, key: string): Promise<unknown> | undefined {
    const hit = scope ? this.scopes.get(scope)?.get(key) : undefined;
    return hit && hit.expires > this.now() ? hit.value : undefined;
  }

  /** Drops expired entries and empty scopes. */
  sweep(): void {
    const t = this.now();
    for (const [scope, entries] of this.scopes) {
      for (const [k, e] of entries) if (e.expires <= t) entries.delete(k);
      if (!entries.size) this.scopes.delete(scope);
    }
  }

  get size(): number {
    let n = 0;
    for (const e of this.scopes.values()) n += e.size;
    return n;
  }
}
