/**
 * InvestigationQueue on a standard SQS queue. At-least-once: the investigate handler skips investigations that
 * are no longer `queued` (see processInvestigation), so a duplicate delivery costs one read.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { InvestigationQueue } from "../../core/ports.js";
import { guard } from "./errors.js";

export interface InvestigationMessage {
  investigationId: string;
}

export class SqsInvestigationQueue implements InvestigationQueue {
  constructor(private readonly o: { client: SQSClient; queueUrl: string }) {}

  async enqueue(investigationId: string): Promise<void> {
    const body: InvestigationMessage = { investigationId };
    await guard("QUEUE_UNAVAILABLE", `enqueue investigation ${investigationId}`, () =>
      this.o.client.send(new SendMessageCommand({ QueueUrl: this.o.queueUrl, MessageBody: JSON.stringify(body) })));
  }
}
