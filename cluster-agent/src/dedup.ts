/** Answers a command id once: recent results (and commands in flight) by id, bounded LRU. */
import type { AgentResult } from "../../shared/src/index.js";

export class ResultMemo {
  private readonly entries = new Map<string, Promise<AgentResult>>();
  constructor(private readonly max = 1_000) {}

  /** The earlier (or in-flight) answer for `id`, or runs `fn` and remembers it. */
  once(id: string, fn: () => Promise<AgentResult>): { result: Promise<AgentResult>; duplicate: boolean } {
    const hit = this.entries.get(id);
    if (hit) return { result: hit, duplicate: true };
    const result = fn();
    this.entries.set(id, result);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    // fn never rejects (errors become error results); guard anyway so a bug is not cached forever.
    result.catch(() => this.entries.delete(id));
    return { result, duplicate: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
