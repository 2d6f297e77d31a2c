/**
 * Restart recovery: every investigation left queued or running by a crashed process is resumed (re-run from the
 * start: stages are read-only and idempotent) or, after too many attempts, marked failed with the reason.
 * Reports whose delivery failed are re-sent. Nothing is lost.
 */
import { errorMessage } from "../../../../shared/src/index.js";
import type { InvestigationStore } from "../ports.js";
import { processInvestigation, type RunnerDeps } from "./process.js";

export interface RecoveryResult {
  resumed: string[];
  failed: string[];
  redelivered: string[];
  errors: string[];
}

export async function recoverInvestigations(
  store: InvestigationStore,
  deps: RunnerDeps,
  opts: { enqueue?: (id: string) => Promise<void>; since?: string } = {},
): Promise<RecoveryResult> {
  const out: RecoveryResult = { resumed: [], failed: [], redelivered: [], errors: [] };
  const maxAttempts = deps.maxAttempts ?? 3;
  for (const r of await store.listActive()) {
    try {
      if (r.attempts >= maxAttempts) {
        await store.updateInvestigation(r.id, { status: "failed", error: `interrupted ${r.attempts} times (process crashed or restarted mid-investigation); giving up`, finishedAt: deps.clock.now().toISOString() });
        out.failed.push(r.id);
        continue;
      }
      // A running record was interrupted: put it back in the queue state before resuming.
      if (r.status === "running") await store.updateInvestigation(r.id, { status: "queued" });
      if (opts.enqueue) await opts.enqueue(r.id);
      else await processInvestigation(r.id, deps);
      out.resumed.push(r.id);
    } catch (e) {
      out.errors.push(`${r.id}: ${errorMessage(e)}`);
    }
  }
  if (deps.notifier) {
    const done = await store.listInvestigations({ status: ["complete", "partial"], since: opts.since, limit: 500 });
    for (const r of done.filter((x) => x.deliveryPending && x.report)) {
      try {
        await deps.notifier.completed(r, r.report!);
        await store.updateInvestigation(r.id, { deliveryPending: false });
        out.redelivered.push(r.id);
      } catch (e) {
        out.errors.push(`${r.id}: delivery still failing: ${errorMessage(e)}`);
      }
    }
  }
  return out;
}
