/**
 * InvestigationQueue on a standard SQS queue. At-least-once: the investigate handler skips investigations that
 * are no longer `queued` (see processInvestigation), so a duplicate delivery costs one read.
 * The same queue carries "resolved" notices from intake (which has no Slack access by design): the investigate
 * handler, which holds the Slack token, turns them into the thread update.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { z } from "zod";
import type { InvestigationQueue, InvestigationRecord, Notifier } from "../../core/ports.js";
import { guard } from "./errors.js";

/** `{investigationId}` = run it (the original body, still accepted); `action: "resolved"` = tell Slack it resolved. */
export const InvestigationMessageSchema = z.object({
  investigationId: z.string().min(1).max(128),
  action: z.enum(["investigate", "resolved"]).default("investigate"),
});
export type InvestigationMessage = z.input<typeof InvestigationMessageSchema>;

export class SqsInvestigationQueue implements InvestigationQueue {
  constructor(private readonly o: { client: SQSClient; queueUrl: string }) {}

  async enqueue(investigationId: string): Promise<void> {
    await this.send({ investigationId }, `enqueue investigation ${investigationId}`);
  }

  /** Asks the investigate worker to post the "resolved" update of an investigation's Slack thread. */
  async enqueueResolved(investigationId: string): Promise<void> {
    await this.send({ investigationId, action: "resolved" }, `enqueue resolved notice for ${investigationId}`);
  }

  private async send(body: InvestigationMessage, what: string): Promise<void> {
    await guard("QUEUE_UNAVAILABLE", what, () =>
      this.o.client.send(new SendMessageCommand({ QueueUrl: this.o.queueUrl, MessageBody: JSON.stringify(body) })));
  }
}

/**
 * The intake side's notifier: only `resolved` does anything (it queues the notice); started/progress/completed
 * belong to the investigate worker and are never called by intake.
 */
export function queuedResolvedNotifier(queue: Pick<SqsInvestigationQueue, "enqueueResolved">): Notifier {
  return {
    started: async () => undefined,
    progress: async () => {},
    completed: async () => {},
    resolved: (inv: InvestigationRecord) => queue.enqueueResolved(inv.id),
  };
}
