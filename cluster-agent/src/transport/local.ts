/**
 * In-process transport: commands handed over directly (local mode, tests), with the same bounded concurrency
 * and clean stop as the SQS loop, for callers that push commands rather than call ClusterAgent.handle.
 */
import pLimit from "p-limit";
import type { AgentResult } from "../../../shared/src/index.js";

export class LocalTransport {
  private readonly limit;
  private stopped = false;
  private readonly inFlight = new Set<Promise<AgentResult>>();

  constructor(private readonly handle: (raw: unknown) => Promise<AgentResult>, concurrency = 4) {
    this.limit = pLimit(concurrency);
  }

  /** Runs one command; after stop() new commands are refused (the caller's gateway reports it). */
  send(raw: unknown): Promise<AgentResult> {
    if (this.stopped) return Promise.reject(new Error("the local agent transport is stopped"));
    const p = this.limit(() => this.handle(raw));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }
}
