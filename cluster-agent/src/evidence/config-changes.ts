/**
 * config.changes: when each ConfigMap/Secret last changed and by which manager (managedFields), its keys, and
 * for ConfigMaps a data diff against the version this process saw earlier (masked, clipped). Secrets: keys only,
 * and only when the agent may read them; their values are never looked at beyond the key names.
 */
import { createHash } from "node:crypto";
import { describeRef, maskText, type CommandOf, type ConfigChange, type KubeObject } from "../../../shared/src/index.js";
import { isForbidden } from "../k8s/errors.js";
import type { Reader } from "../k8s/reader.js";
import type { SecretAccess } from "../k8s/secrets.js";

const MAX_VALUE = 2_000;
const clip = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s);

/** A value as remembered: shown masked and clipped, compared by digest (a masked credential that changed still shows as changed). */
interface Seen {
  shown: string;
  digest: string;
}
const seenOf = (v: unknown): Seen => ({ shown: clip(maskText(String(v))), digest: createHash("sha256").update(String(v)).digest("base64") });

/** ConfigMap versions this process has seen (masked values + digests, never raw values), bounded LRU. */
export class ConfigMemory {
  private readonly seen = new Map<string, { resourceVersion: string; data: Record<string, Seen> }>();
  constructor(private readonly max = 500) {}

  /** Remembers this version; returns the diff against the previous one when there was one with another resourceVersion. */
  remember(o: KubeObject): Array<{ key: string; before?: string; after?: string }> | undefined {
    const key = `${o.metadata.namespace}/${o.metadata.name}`;
    const prev = this.seen.get(key);
    const rv = String((o.metadata as any).resourceVersion ?? "");
    const data = Object.fromEntries(Object.entries<unknown>(o.data ?? {}).map(([k, v]) => [k, seenOf(v)]));
    this.seen.delete(key);
    this.seen.set(key, { resourceVersion: rv, data });
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    if (!prev || prev.resourceVersion === rv) return undefined;
    const diff = [];
    for (const k of [...new Set([...Object.keys(prev.data), ...Object.keys(data)])].sort()) {
      const a = prev.data[k], b = data[k];
      if (a?.digest === b?.digest) continue;
      diff.push({ key: k, ...(a ? { before: a.shown } : {}), ...(b ? { after: b.shown } : {}) });
    }
    return diff;
  }
}

export async function configChanges(r: Reader, secrets: SecretAccess, memory: ConfigMemory, p: CommandOf<"config.changes">["params"]): Promise<{ data: { changes: ConfigChange[] }; warnings: string[] }> {
  const warnings: string[] = [];
  const results = await Promise.all(p.refs.map(async (ref): Promise<ConfigChange | undefined> => {
    if (ref.kind === "Secret" && !secrets.allowed) {
      warnings.push(`cannot verify Secret ${ref.namespace}/${ref.name} (no permission)`);
      return undefined;
    }
    let o: KubeObject | undefined;
    try {
      o = await r.tryGet(ref.kind, ref.namespace, ref.name);
    } catch (e) {
      if (!isForbidden(e)) throw e;
      if (ref.kind === "Secret") secrets.denied();
      warnings.push(ref.kind === "Secret" ? `cannot verify Secret ${ref.namespace}/${ref.name} (no permission)` : `cannot read ${describeRef(ref)}: forbidden`);
      return undefined;
    }
    if (!o) return { ref, exists: false, keys: [] };
    const mf = [...((o.metadata as any).managedFields ?? [])].filter((f: any) => f.time).sort((a: any, b: any) => String(b.time).localeCompare(String(a.time)))[0];
    const keys = [...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {}), ...(ref.kind === "Secret" ? Object.keys(o.stringData ?? {}) : [])].sort();
    const change: ConfigChange = {
      ref, exists: true, keys,
      ...(mf?.time || o.metadata.creationTimestamp ? { lastChangedAt: String(mf?.time ?? o.metadata.creationTimestamp) } : {}),
      ...(mf?.manager ? { manager: String(mf.manager) } : {}),
    };
    if (ref.kind === "ConfigMap") {
      const dataDiff = memory.remember(o);
      if (dataDiff) change.dataDiff = dataDiff;
    }
    return change;
  }));
  return { data: { changes: results.filter((c): c is ConfigChange => !!c) }, warnings };
}
