import { createHash } from "node:crypto";

/**
 * Deterministic identities. Every uid, hash and generated name is derived from stable inputs (kind, namespace,
 * name, template), so rebuilding a scenario yields byte-identical files and cross-references always agree.
 */

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A uuid-shaped uid (version-4 layout) from a hash of the object's identity. */
export function uidFor(kind: string, namespace: string | undefined, name: string, salt = ""): string {
  const h = sha256(`${kind}/${namespace ?? ""}/${name}/${salt}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `n` hex characters derived from `seed`. */
export function hexFor(seed: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += sha256(`${seed}#${i}`);
  return out.slice(0, n);
}

/** k8s.io/apimachinery/pkg/util/rand alphabet (no vowels, no confusable digits). */
export const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString: maps every byte of `s` onto the safe alphabet. */
export function safeEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** FNV-1a 32-bit, what controller.ComputeHash feeds into SafeEncodeString. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, "utf8")) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Stable JSON (sorted keys), so a template hashes the same whatever order its fields were written in. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/**
 * The pod-template-hash label value: SafeEncodeString(fmt.Sprint(fnv32a(template))), hence the familiar
 * `[4-9bcdf]{8,10}` shape (e.g. `7d9f8b6c5d`).
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(stableJson(template) + (collisionCount ? `#${collisionCount}` : ""))));
}

/** The random 5-character suffix of generateName (`payments-api-7d9f8b6c5d-x2x7k`). */
export function nameSuffix(seed: string, n = 5): string {
  const h = sha256(seed);
  let out = "";
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % SAFE_ALPHABET.length];
  return out;
}

/** Integer in [min, max] derived from `seed` (for plausible, stable numbers). */
export function intFor(seed: string, min: number, max: number): number {
  return min + (parseInt(sha256(seed).slice(0, 8), 16) % (max - min + 1));
}

/**
 * Alertmanager's alert fingerprint: model.LabelSet.Fingerprint(), FNV-1a 64 over the sorted label names and
 * values with a 0xff separator, printed as 16 hex digits.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  const prime = 1099511628211n;
  const mask = (1n << 64n) - 1n;
  let h = 14695981039346656037n;
  const add = (bytes: Iterable<number>) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * prime) & mask;
  };
  for (const name of Object.keys(labels).sort()) {
    add(Buffer.from(name, "utf8"));
    add([255]);
    add(Buffer.from(labels[name]!, "utf8"));
    add([255]);
  }
  return h.toString(16).padStart(16, "0");
}
