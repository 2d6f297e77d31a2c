import { describe, expect, it } from "vitest";
import { ReadCache } from "./cache.js";
import { K8sApiError } from "./errors.js";

describe("per-investigation read cache", () => {
  it("serves repeats within an investigation, not across investigations, and expires", async () => {
    let t = 0;
    const cache = new ReadCache(120_000, 10, 100, () => t);
    let loads = 0;
    const load = async () => ++loads;
    expect((await cache.through("inv-1", "k", load)).cached).toBe(false);
    expect(await cache.through("inv-1", "k", load)).toEqual({ value: 1, cached: true });
    expect((await cache.through("inv-2", "k", load)).value).toBe(2);
    expect((await cache.through(undefined, "k", load)).value).toBe(3);
    t += 120_001;
    expect((await cache.through("inv-1", "k", load)).value).toBe(4);
  });

  it("keeps 404/403 answers, forgets 5xx and transport errors", async () => {
    const cache = new ReadCache();
    const fail = (status: number) => async () => { throw new K8sApiError(status, "x", "boom", "/p"); };
    await expect(cache.through("i", "nf", fail(404))).rejects.toThrow("boom");
    await expect(cache.through("i", "nf", async () => "fresh")).rejects.toThrow("boom");
    await expect(cache.through("i", "5xx", fail(503))).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.through("i", "5xx", async () => "ok")).value).toBe("ok");
  });

  it("bounds investigations and entries", async () => {
    const cache = new ReadCache(120_000, 2, 3);
    for (const s of ["a", "b", "c"]) for (const k of ["1", "2", "3", "4"]) await cache.through(s, k, async () => k);
    expect(cache.size).toBe(6);
  });
});
