/**
 * The frozen cluster state, indexed by resource type and namespace and kept sorted by (namespace, name) like
 * etcd keys, so get is O(1), a namespaced list is O(objects in the namespace) and a continue token resumes by
 * binary search. Missing uids and resourceVersions are filled in deterministically.
 */
import { createHash } from "node:crypto";
import { KubesleuthError, type KubeObject } from "../../shared/src/index.js";
import { ResourceRegistry, type ResourceType } from "./resources.js";

export interface TypeIndex {
  type: ResourceType;
  /** All objects sorted by `namespace/name`. */
  all: KubeObject[];
  byNamespace: Map<string, KubeObject[]>;
  byKey: Map<string, KubeObject>;
}

export const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;

function uidFor(o: KubeObject): string {
  const h = createHash("sha1").update(`${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const byKeyOrder = (a: KubeObject, b: KubeObject) => {
  const ka = objectKey(a.metadata.namespace, a.metadata.name), kb = objectKey(b.metadata.namespace, b.metadata.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export class ObjectStore {
  readonly registry: ResourceRegistry;
  /** resourceVersion of the whole (frozen) state: the highest object resourceVersion. */
  readonly resourceVersion: string;
  private readonly indexes = new Map<ResourceType, TypeIndex>();

  constructor(objects: KubeObject[]) {
    this.registry = new ResourceRegistry(objects);
    let maxRv = 0;
    for (const o of objects) {
      const rv = Number(o.metadata.resourceVersion);
      if (Number.isFinite(rv) && rv > maxRv) maxRv = rv;
    }
    for (const original of objects) {
      const type = this.registry.forObject(original.apiVersion, original.kind);
      if (!type) continue;
      // Copy: the server must never mutate (or be mutated through) the caller's objects.
      const o: KubeObject = { ...original, apiVersion: original.apiVersion, metadata: { ...original.metadata } };
      if (!type.namespaced) delete o.metadata.namespace;
      else if (!o.metadata.namespace) o.metadata.namespace = "default";
      if (!o.metadata.uid) o.metadata.uid = uidFor(o);
      if (o.metadata.resourceVersion === undefined) o.metadata.resourceVersion = String(++maxRv);
      else o.metadata.resourceVersion = String(o.metadata.resourceVersion);
      let idx = this.indexes.get(type);
      if (!idx) {
        idx = { type, all: [], byNamespace: new Map(), byKey: new Map() };
        this.indexes.set(type, idx);
      }
      const key = objectKey(o.metadata.namespace, o.metadata.name);
      if (idx.byKey.has(key)) {
        // A real cluster cannot hold two; serving either would hide a broken scenario.
        throw new KubesleuthError("SCENARIO_INVALID", `duplicate object ${o.kind} ${key.startsWith("/") ? key.slice(1) : key} (${type.plural}${type.group ? `.${type.group}` : ""})`);
      }
      idx.byKey.set(key, o);
      idx.all.push(o);
    }
    for (const idx of this.indexes.values()) {
      idx.all.sort(byKeyOrder);
      for (const o of idx.all) {
        const ns = o.metadata.namespace ?? "";
        let list = idx.byNamespace.get(ns);
        if (!list) idx.byNamespace.set(ns, (list = []));
        list.push(o);
      }
    }
    this.resourceVersion = String(maxRv || 1);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.indexes.get(type)?.byKey.get(objectKey(type.namespaced ? namespace : undefined, name));
  }

  /** Sorted objects of a type, in one namespace or all. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const idx = this.indexes.get(type);
    if (!idx) return [];
    return namespace === undefined ? idx.all : (idx.byNamespace.get(namespace) ?? []);
  }

  count(): number {
    let n = 0;
    for (const idx of this.indexes.values()) n += idx.all.length;
    return n;
  }
}

/** Index of the first object whose key sorts after `key` (binary search over a sorted list). */
export function indexAfter(list: KubeObject[], key: string): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = objectKey(list[mid]!.metadata.namespace, list[mid]!.metadata.name);
    if (k <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
