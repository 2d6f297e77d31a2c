/**
 * The investigate worker of local mode: the core runner on the in-process queue. After each investigation
 * it releases alerts that were waiting for a slot under the concurrency cap (as the Lambda does after SQS).
 */
import { errorMessage } from "../../../shared/src/index.js";
import type { MemoryQueue } from "../adapters/memory/memory-queue.js";
import type { EngineConfig } from "../core/engine/index.js";
import { releaseQueued } from "../core/intake/index.js";
import type { Clock, ClusterGateway, InvestigationStore, Notifier } from "../core/ports.js";
import type { RuleSet } from "../core/rules/index.js";
import { processInvestigation, recoverInvestigations, type RunnerDeps } from "../core/runner/index.js";
import type { Logger } from "./logger.js";

export interface WorkerDeps {
  store: InvestigationStore;
  queue: MemoryQueue;
  gateway: ClusterGateway;
  notifier: Notifier;
  clock: Clock;
  wallClock?: Clock;
  rules: RuleSet;
  logger: Logger;
  engineConfig?: Partial<EngineConfig>;
}

function runnerDeps(d: WorkerDeps): RunnerDeps {
  return {
    store: d.store, gateway: d.gateway, notifier: d.notifier, clock: d.clock, wallClock: d.wallClock, config: d.engineConfig,
    warn: (m) => d.logger.warn(m),
  };
}

export function createWorker(d: WorkerDeps): (id: string) => Promise<void> {
  const deps = runnerDeps(d);
  return async (id) => {
    try {
      const out = await processInvestigation(id, deps);
      if (out.status === "failed") d.logger.error("investigation failed", { investigationId: id, reason: out.reason });
      else if (out.status === "skipped") d.logger.debug("investigation skipped", { investigationId: id, reason: out.reason });
    } finally {
      try {
        await releaseQueued({ store: d.store, queue: d.queue, clock: d.clock, rules: d.rules });
      } catch (e) {
        d.logger.warn("could not start waiting investigations", { error: errorMessage(e) });
      }
    }
  };
}

/** Crash recovery: resume what a previous process left queued or running, re-send undelivered reports. */
export async function recoverOnStart(d: WorkerDeps): Promise<void> {
  const r = await recoverInvestigations(d.store, runnerDeps(d), { enqueue: (id) => d.queue.enqueue(id) });
  if (r.resumed.length || r.failed.length || r.redelivered.length || r.errors.length) {
    d.logger.info("recovered investigations from the previous run", { resumed: r.resumed, failed: r.failed, redelivered: r.redelivered, errors: r.errors });
  }
}
