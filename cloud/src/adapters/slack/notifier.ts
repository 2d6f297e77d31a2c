/**
 * SlackNotifier: posts "Investigating <alertname> on <kind>/<name> (<namespace>, <cluster>)" at once, edits it
 * in place as stages finish (latest state wins; updates for one message never overlap or arrive out of order),
 * replaces it with the diagnosis blocks, and puts the evidence trail and the markdown report in the thread.
 * Failures of the final delivery throw KubesleuthError("NOTIFIER_ERROR"): the runner then marks the
 * investigation deliveryPending and `retryPendingDeliveries` sends it later. Progress is best effort.
 */
import { KubesleuthError, errorMessage, type Report, type StageStatus } from "../../../../shared/src/index.js";
import type { InvestigationRecord, InvestigationStore, Notifier } from "../../core/ports.js";
import { renderMarkdown } from "../../core/report/markdown.js";
import { diagnosisMessage, portalLink, progressMessage, resolvedMessage, threadMessages } from "./blocks/index.js";
import { WebApiSlack, slackErrorCode, type Posted, type SlackApi, type SlackClientOptions } from "./client.js";

export interface SlackNotifierOptions extends Partial<SlackClientOptions> {
  /** Channel id (C0123…) or name the messages go to. */
  channel: string;
  /** A ready SlackApi (tests, or a shared client); otherwise one is built from `token`. */
  api?: SlackApi;
  portalUrl?: string;
  /** Remembers where a message was re-posted when the original could not be edited (for later updates). */
  store?: Pick<InvestigationStore, "updateInvestigation">;
  /** Minimum time between two progress edits of one message (Slack asks for about one write per second). Default 1000. */
  minUpdateIntervalMs?: number;
  warn?: (msg: string) => void;
}

/** Errors meaning the original message is gone or cannot be edited: post a fresh one instead. */
const REPOST_ON = new Set(["message_not_found", "cant_update_message", "edit_window_closed", "msg_too_long"]);

interface ProgressState {
  next?: { inv: InvestigationRecord; stages: StageStatus[] };
  running: Promise<void>;
  closed: boolean;
  lastAt: number;
}

export class SlackNotifier implements Notifier {
  readonly api: SlackApi;
  private readonly progressState = new Map<string, ProgressState>();
  private readonly warn: (msg: string) => void;

  constructor(private readonly o: SlackNotifierOptions) {
    if (!o.channel) throw new KubesleuthError("CONFIG_INVALID", "Slack channel is required");
    if (!o.api && !o.token) throw new KubesleuthError("CONFIG_INVALID", "Slack bot token is required");
    this.api = o.api ?? new WebApiSlack({ token: o.token!, slackApiUrl: o.slackApiUrl, retryConfig: o.retryConfig, timeoutMs: o.timeoutMs });
    this.warn = o.warn ?? ((m) => console.warn(m));
  }

  async started(inv: InvestigationRecord): Promise<Posted> {
    return this.api.post(this.o.channel, progressMessage(inv, inv.stages ?? []));
  }

  /** Best effort; coalesces bursts so only the newest stage list is sent once the previous edit returns. */
  async progress(inv: InvestigationRecord, stages: StageStatus[]): Promise<void> {
    if (!inv.notification) return;
    const existing = this.progressState.get(inv.id);
    if (existing) {
      if (!existing.closed) existing.next = { inv, stages };
      return existing.running;
    }
    const st: ProgressState = { next: { inv, stages }, running: Promise.resolve(), closed: false, lastAt: 0 };
    this.progressState.set(inv.id, st);
    st.running = (async () => {
      while (st.next && !st.closed) {
        const wait = st.lastAt + (this.o.minUpdateIntervalMs ?? 1000) - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const job = st.next;
        st.next = undefined;
        if (!job || st.closed) break;
        try {
          await this.api.update(job.inv.notification!.channel, job.inv.notification!.ts, progressMessage(job.inv, job.stages));
        } catch (e) {
          this.warn(`investigation ${inv.id}: progress update failed: ${errorMessage(e)}`);
        }
        st.lastAt = Date.now();
      }
      if (this.progressState.get(inv.id) === st) this.progressState.delete(inv.id);
    })();
    return st.running;
  }

  /** Wait for an in-flight progress edit and drop queued ones: they must not overwrite the final blocks. */
  private async closeProgress(id: string): Promise<void> {
    const st = this.progressState.get(id);
    if (!st) return;
    st.closed = true;
    st.next = undefined;
    await st.running;
  }

  async completed(inv: InvestigationRecord, report: Report): Promise<void> {
    await this.closeProgress(inv.id);
    const message = diagnosisMessage(inv, report, { portalUrl: this.o.portalUrl });
    const where = await this.putMain(inv, message);
    const thread = threadMessages(report, renderMarkdown(report), portalLink(this.o.portalUrl, inv.id));
    for (const m of thread) await this.api.post(where.channel, m, where.ts);
  }

  /** Edit the main message in place, or post a new one when there is none or it cannot be edited. */
  private async putMain(inv: InvestigationRecord, message: ReturnType<typeof diagnosisMessage>): Promise<Posted> {
    if (inv.notification) {
      try {
        await this.api.update(inv.notification.channel, inv.notification.ts, message);
        return inv.notification;
      } catch (e) {
        const code = slackErrorCode((e as { cause?: unknown }).cause ?? e);
        if (!REPOST_ON.has(code)) throw e;
        this.warn(`investigation ${inv.id}: could not edit the message (${code}); posting a new one`);
      }
    }
    const posted = await this.api.post(this.o.channel, message);
    if (this.o.store) {
      await this.o.store.updateInvestigation(inv.id, { notification: posted }).catch((e) =>
        this.warn(`investigation ${inv.id}: could not record the new message: ${errorMessage(e)}`));
    }
    return posted;
  }

  async resolved(inv: InvestigationRecord): Promise<void> {
    if (!inv.notification) return;
    await this.closeProgress(inv.id);
    const at = inv.resolvedAt ?? new Date().toISOString();
    await this.api.post(inv.notification.channel, resolvedMessage(inv.alertname, at), inv.notification.ts);
    // Still investigating: the diagnosis will carry the resolved line when it lands.
    if (inv.report) await this.api.update(inv.notification.channel, inv.notification.ts, diagnosisMessage({ ...inv, resolvedAt: at }, inv.report, { portalUrl: this.o.portalUrl }));
  }
}

export function createSlackNotifier(o: SlackNotifierOptions): SlackNotifier {
  return new SlackNotifier(o);
}
