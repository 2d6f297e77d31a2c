/**
 * Runs one stored investigation end to end: load → mark running (attempts+1) → notify started → engine →
 * store the report (complete/partial) → notify. Notifier failures only set deliveryPending; an unexpected
 * crash marks the record failed with the reason. Nothing is ever dropped silently.
 */
import { errorMessage, KubesleuthError, type Report } from "../../../../shared/src/index.js";
import { runInvestigation } from "../engine/engine.js";
import type { EngineDeps } from "../engine/config.js";
import type { InvestigationRecord, InvestigationStore } from "../ports.js";

export interface RunnerDeps extends EngineDeps {
  store: InvestigationStore;
  /** Attempts after which a record that keeps crashing is marked failed instead of retried. Default 3. */
  maxAttempts?: number;
  /** Logger for delivery problems (defaults to console.warn). */
  warn?: (msg: string) => void;
}

export type ProcessOutcome =
  | { status: "complete" | "partial"; report: Report; deliveryPending: boolean }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string };

/** The clock may be what broke: never let recording a failure fail too. */
function safeNow(deps: RunnerDeps): string {
  try {
    return deps.clock.now().toISOString();
  } catch {
    return new Date().toISOString();
  }
}

export async function processInvestigation(id: string, deps: RunnerDeps): Promise<ProcessOutcome> {
  const { store } = deps;
  const warn = deps.warn ?? ((m: string) => console.warn(m));
  const record = await store.getInvestigation(id);
  if (!record) throw new KubesleuthError("NOT_FOUND", `investigation ${id} not found`);
  // A duplicate delivery (SQS at-least-once) of a finished investigation costs one read.
  if (record.status === "complete" || record.status === "partial" || record.status === "failed") return { status: "skipped", reason: `already ${record.status}` };
  const maxAttempts = deps.maxAttempts ?? 3;
  if (record.attempts >= maxAttempts) {
    const reason = `gave up after ${record.attempts} attempts${record.error ? ` (last error: ${record.error})` : ""}`;
    await store.updateInvestigation(id, { status: "failed", error: reason, finishedAt: deps.clock.now().toISOString() });
    return { status: "failed", reason };
  }
  let current: InvestigationRecord = await store.updateInvestigation(id, { status: "running", attempts: record.attempts + 1 });
  const notifier = deps.notifier;
  let deliveryPending = false;
  if (notifier && !current.notification) {
    try {
      const where = await notifier.started(current);
      if (where) current = await store.updateInvestigation(id, { notification: where });
    } catch (e) {
      warn(`investigation ${id}: could not post the "investigating" message: ${errorMessage(e)}`);
    }
  }
  let report: Report;
  try {
    report = await runInvestigation(current.alert, {
      investigationId: id,
      onProgress: (stages) => {
        // Progress is best effort: store and notifier updates never block or fail the run.
        void store.updateInvestigation(id, { stages }).catch(() => {});
        if (notifier) void notifier.progress({ ...current, stages }, stages).catch(() => {});
      },
    }, deps);
  } catch (e) {
    const reason = `investigation crashed: ${errorMessage(e)}`;
    await store.updateInvestigation(id, { status: "failed", error: reason, finishedAt: safeNow(deps) });
    return { status: "failed", reason };
  }
  current = await store.updateInvestigation(id, { status: report.status, report, stages: report.stages, finishedAt: report.timing.finishedAt, error: undefined });
  if (notifier) {
    try {
      await notifier.completed(current, report);
    } catch (e) {
      deliveryPending = true;
      warn(`investigation ${id}: delivery failed, will retry: ${errorMessage(e)}`);
    }
  }
  if (deliveryPending !== !!current.deliveryPending) await store.updateInvestigation(id, { deliveryPending });
  return { status: report.status, report, deliveryPending };
}
