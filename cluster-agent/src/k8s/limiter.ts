/**
 * Client-side protection of the API server: a token bucket (QPS with burst, like client-go's default rate
 * limiter) in front of a concurrency cap. Waiters are served in arrival order.
 */
import pLimit, { type LimitFunction } from "p-limit";

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly qps: number, private readonly burst: number, private readonly now: () => number = () => performance.now()) {
    if (!(qps > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs qps > 0 and burst >= 1 (got ${qps}, ${burst})`);
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  /** Resolves when one token is taken. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  private drain(): void {
    this.refill();
    while (this.queue.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length && !this.timer) {
      const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.qps) * 1000));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, waitMs);
    }
  }

  /** Tokens available now (for tests and health output). */
  available(): number {
    this.refill();
    return this.tokens;
  }
}

export class RequestLimiter {
  private readonly bucket: TokenBucket;
  private readonly limit: LimitFunction;

  constructor(o: { qps: number; burst: number; concurrency: number; now?: () => number }) {
    this.bucket = new TokenBucket(o.qps, o.burst, o.now);
    this.limit = pLimit(o.concurrency);
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      await this.bucket.take();
      return fn();
    });
  }

  get active(): number {
    return this.limit.activeCount;
  }
}
