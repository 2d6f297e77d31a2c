/**
 * Deterministic randomness for the cluster generator: the same seed must give byte-identical clusters,
 * so benchmarks are comparable run to run. mulberry32 is tiny, fast and good enough for fixtures.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** RFC 4122 v4-shaped uid. */
  uid(): string;
  /** Kubernetes-style random suffix (rand.String alphabet: no vowels, no 0/1/3 confusion). */
  suffix(length: number): string;
  hex(length: number): string;
}

/** The alphabet apimachinery's rand.String uses for generated names and pod-template-hash. */
const K8S_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const HEX = "0123456789abcdef";

export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const fromAlphabet = (alphabet: string, length: number) => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const hex = (length: number) => fromAlphabet(HEX, length);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p: number) => next() < p,
    uid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(0, 3)]}${hex(3)}-${hex(12)}`,
    suffix: (length: number) => fromAlphabet(K8S_ALPHANUMS, length),
    hex,
  };
}
