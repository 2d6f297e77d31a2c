/**
 * Reports whose delivery failed (Slack down, token revoked, rate limited past the retries) stay in the store
 * with deliveryPending; this sends them again, oldest first, and clears the flag only after a full delivery.
 */
import { errorMessage } from "../../../../shared/src/index.js";
import type { InvestigationStore, Notifier } from "../../core/ports.js";

export interface RetryDeliveriesResult {
  delivered: string[];
  failed: { id: string; error: string }[];
}

export async function retryPendingDeliveries(
  store: InvestigationStore,
  notifier: Notifier,
  o: { since?: string; limit?: number; now?: Date } = {},
): Promise<RetryDeliveriesResult> {
  const now = o.now ?? new Date();
  // Older than a week is stale news in a channel; it stays visible in the portal.
  const since = o.since ?? new Date(now.getTime() - 7 * 86400_000).toISOString();
  const done = await store.listInvestigations({ status: ["complete", "partial"], since });
  const pending = done.filter((r) => r.deliveryPending && r.report).reverse().slice(0, o.limit ?? 50);
  const out: RetryDeliveriesResult = { delivered: [], failed: [] };
  for (const r of pending) {
    try {
      await notifier.completed(r, r.report!);
      await store.updateInvestigation(r.id, { deliveryPending: false });
      out.delivered.push(r.id);
    } catch (e) {
      out.failed.push({ id: r.id, error: errorMessage(e) });
      // Slack is still down: do not hammer it with the rest of the backlog.
      if (out.failed.length >= 3 && !out.delivered.length) break;
    }
  }
  return out;
}
