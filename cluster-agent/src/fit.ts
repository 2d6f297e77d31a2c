/**
 * Fits a result into MAX_RESULT_BYTES of JSON, never silently: the largest text fields are cut (logs keep their
 * newest end) and marked with TRUNCATION_MARKER; if many small parts are the problem, trailing array items of the
 * largest array are dropped with a warning naming how many. Returns undefined when nothing more can be cut.
 */
import { MAX_RESULT_BYTES, TRUNCATION_MARKER } from "../../shared/src/index.js";

const MIN_CUT = 512;

interface StringLeaf {
  parent: any;
  key: string | number;
  value: string;
  /** Keep the end (logs) rather than the start. */
  keepEnd: boolean;
}

function strings(node: any, out: StringLeaf[], keepEnd = false, depth = 0): void {
  if (!node || typeof node !== "object" || depth > 64) return;
  for (const [k, v] of Object.entries(node)) {
    const key: string | number = Array.isArray(node) ? Number(k) : k;
    if (typeof v === "string") {
      if (v.length > MIN_CUT) out.push({ parent: node, key, value: v, keepEnd: keepEnd || k === "text" });
    } else if (v && typeof v === "object") strings(v, out, keepEnd, depth + 1);
  }
}

function arrays(node: any, out: any[][], depth = 0): void {
  if (!node || typeof node !== "object" || depth > 64) return;
  if (Array.isArray(node) && node.length > 1) out.push(node);
  for (const v of Object.values(node)) if (v && typeof v === "object") arrays(v, out, depth + 1);
}

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), "utf8");

export interface Fitted<T> {
  value: T;
  truncated: boolean;
  warnings: string[];
}

/** `value` is copied, never mutated. `fixedBytes` is the size of the result envelope around it. */
export function fitToSize<T>(value: T, maxBytes = MAX_RESULT_BYTES): Fitted<T> | undefined {
  let total = size(value);
  if (total <= maxBytes) return { value, truncated: false, warnings: [] };
  const copy = structuredClone(value) as any;
  const warnings: string[] = [];
  // Cut the largest strings first, each to what the overshoot requires (at least half of it).
  for (let guard = 0; total > maxBytes && guard < 200; guard++) {
    const leaves: StringLeaf[] = [];
    strings(copy, leaves);
    const biggest = leaves.sort((a, b) => b.value.length - a.value.length)[0];
    if (!biggest) break;
    const over = total - maxBytes;
    const keep = Math.max(0, Math.min(Math.floor(biggest.value.length / 2), biggest.value.length - over - TRUNCATION_MARKER.length - 64));
    const kept = biggest.keepEnd ? biggest.value.slice(biggest.value.length - keep) : biggest.value.slice(0, keep);
    biggest.parent[biggest.key] = biggest.keepEnd ? `${TRUNCATION_MARKER}\n${kept}` : `${kept}${TRUNCATION_MARKER}`;
    if (biggest.key === "text" && "truncated" in biggest.parent) biggest.parent.truncated = true;
    total = size(copy);
  }
  // Then drop trailing items of the largest arrays.
  for (let guard = 0; total > maxBytes && guard < 200; guard++) {
    const list: any[][] = [];
    arrays(copy, list);
    const biggest = list.sort((a, b) => size(b) - size(a))[0];
    if (!biggest) break;
    const drop = Math.max(1, Math.ceil(biggest.length / 4));
    biggest.splice(biggest.length - drop, drop);
    warnings.push(`${drop} items left out to fit the size cap ${TRUNCATION_MARKER}`);
    total = size(copy);
  }
  if (total > maxBytes) return undefined;
  return { value: copy, truncated: true, warnings };
}
