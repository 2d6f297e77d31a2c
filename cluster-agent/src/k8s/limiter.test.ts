import { describe, expect, it } from "vitest";
import { RequestLimiter, TokenBucket } from "./limiter.js";

describe("token bucket", () => {
  it("allows a burst, then refills at qps (fake clock)", async () => {
    let t = 0;
    const b = new TokenBucket(2, 3, () => t);
    await b.take(); await b.take(); await b.take();
    expect(b.available()).toBe(0);
    t += 500; // half a second at 2 qps: one token
    expect(b.available()).toBeCloseTo(1);
    t += 10_000;
    expect(b.available()).toBe(3); // never above burst
  });

  it("makes waiters wait for tokens, in order", async () => {
    const b = new TokenBucket(50, 1); // real clock: one token every 20 ms
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => b.take().then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3]);
  });

  it("rejects nonsense settings", () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0)).toThrow(RangeError);
  });
});

describe("request limiter", () => {
  it("caps concurrent requests", async () => {
    const l = new RequestLimiter({ qps: 1000, burst: 1000, concurrency: 2 });
    let active = 0, peak = 0;
    await Promise.all(Array.from({ length: 8 }, () => l.run(async () => {
      active++; peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    })));
    expect(peak).toBe(2);
  });
});
