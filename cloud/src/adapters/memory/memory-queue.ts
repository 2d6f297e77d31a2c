/**
 * In-process InvestigationQueue: FIFO, at-least-once like SQS from the consumer's point of view
 * (an id may be enqueued twice after a retry; consumers must skip investigations no longer `queued`).
 * Either pull with take(), or subscribe() a consumer that is called off the enqueue path.
 */
import type { InvestigationQueue } from "../../core/ports.js";

export class MemoryQueue implements InvestigationQueue {
  private readonly items: string[] = [];
  /** Every id ever enqueued, in order (for tests and the local portal). */
  readonly history: string[] = [];
  private consumer?: (id: string) => Promise<void>;
  private onError: (id: string, e: unknown) => void = () => {};
  private running = 0;

  constructor(private readonly concurrency = 1) {}

  async enqueue(investigationId: string): Promise<void> {
    this.items.push(investigationId);
    this.history.push(investigationId);
    this.pump();
  }

  /** Next id, or undefined when empty. */
  take(): string | undefined {
    return this.items.shift();
  }

  get size(): number {
    return this.items.length;
  }

  /** Run `consumer` for every id, at most `concurrency` at once; errors go to `onError` and do not stop the queue. */
  subscribe(consumer: (id: string) => Promise<void>, onError?: (id: string, e: unknown) => void): void {
    this.consumer = consumer;
    if (onError) this.onError = onError;
    this.pump();
  }

  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.items.length || this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private pump(): void {
    const consumer = this.consumer;
    if (!consumer) return;
    while (this.running < this.concurrency && this.items.length) {
      const id = this.items.shift()!;
      this.running++;
      setImmediate(() => {
        consumer(id)
          .catch((e) => this.onError(id, e))
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
    }
  }
}
