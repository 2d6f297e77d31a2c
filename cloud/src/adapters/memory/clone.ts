/**
 * Deep copy for the store's plain data (objects, arrays, strings, numbers...): several times faster than
 * structuredClone on small records, which matters because every record a query returns is copied.
 * Anything that is not a plain object or array (Date, Map, typed arrays...) goes through structuredClone,
 * so the result is the same as structuredClone's for everything the store holds, undefined-valued keys included.
 */
export function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const value = deepCopy((v as Record<string, unknown>)[k]);
    // A "__proto__" key (a webhook label can be one) must stay an own property: assigning it would call the
    // prototype setter, dropping the key or re-parenting the copy.
    if (k === "__proto__") Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out as T;
}
