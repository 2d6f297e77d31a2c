/**
 * SQS transport: long-polls the cluster's command queue (outbound HTTPS only), runs commands concurrently
 * (bounded), sends each result to the results queue, and deletes the command only after its result was sent:
 * a crash mid-command leaves the message to reappear after the visibility timeout (and, after maxReceiveCount,
 * the queue's redrive policy moves it to the DLQ). Slow commands get their visibility extended. SQS errors back
 * off exponentially. stop() ends polling and waits for the commands in flight to be answered.
 */
import {
  ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand,
  type Message, type MessageAttributeValue, type SQSClient,
} from "@aws-sdk/client-sqs";
import { MAX_MESSAGE_BYTES, type AgentResult } from "../../../shared/src/index.js";
import { decodeBody, encodeBody } from "../envelope.js";
import type { Logger } from "../log.js";

export interface SqsTransportOptions {
  sqs: SQSClient;
  commandQueueUrl: string;
  resultsQueueUrl: string;
  handle: (raw: unknown) => Promise<AgentResult>;
  logger: Logger;
  waitTimeSeconds?: number;
  /** Commands handled at once (receives ask for at most the free slots, ≤ 10). */
  concurrency?: number;
  /** While a command runs, its message's visibility is pushed to this many seconds, every third of it. */
  visibilitySeconds?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export class SqsTransport {
  private stopping = false;
  /** Wakes a backoff sleep on stop; never aborts a receive (see stop()). */
  private readonly wake = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private lastPoll: number | undefined;
  private handled = 0;
  private failures = 0;

  constructor(private readonly o: SqsTransportOptions) {}

  start(): void {
    this.loop ??= this.poll();
  }

  /**
   * Stops polling, lets the commands in flight finish and be answered. A long poll in flight is NOT aborted:
   * aborting only closes our side, SQS keeps the receive open and may hand it the next command, which would then
   * stay invisible to a replacement agent for the whole visibility timeout. So the last poll returns (at most
   * WaitTimeSeconds, within the pod's termination grace period) and whatever it brings is answered.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  lastPollAt(): number | undefined {
    return this.lastPoll;
  }

  stats(): Record<string, unknown> {
    return { commands: this.handled, inFlight: this.inFlight.size, sqsFailures: this.failures };
  }

  private get concurrency(): number {
    return this.o.concurrency ?? 4;
  }

  private async poll(): Promise<void> {
    let backoff = this.o.backoffMinMs ?? 1000;
    while (!this.stopping) {
      if (this.inFlight.size >= this.concurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      let messages: Message[];
      try {
        const res = await this.o.sqs.send(new ReceiveMessageCommand({
          QueueUrl: this.o.commandQueueUrl,
          MaxNumberOfMessages: Math.min(10, this.concurrency - this.inFlight.size),
          WaitTimeSeconds: this.o.waitTimeSeconds ?? 20,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }));
        messages = res.Messages ?? [];
        this.lastPoll = Date.now();
        backoff = this.o.backoffMinMs ?? 1000;
      } catch (e) {
        if (this.stopping) break;
        this.failures++;
        this.o.logger.warn("receiving commands failed; backing off", { error: e, backoffMs: backoff });
        await sleep(backoff * (0.5 + Math.random() / 2), this.wake.signal);
        backoff = Math.min(this.o.backoffMaxMs ?? 30_000, backoff * 2);
        continue;
      }
      for (const m of messages) {
        const p: Promise<void> = this.process(m).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    }
  }

  private async process(m: Message): Promise<void> {
    const visibility = this.o.visibilitySeconds ?? 60;
    // Keep the message hidden while the command runs; a crash stops the heartbeat and SQS redelivers it.
    const heartbeat = setInterval(() => {
      this.o.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.o.commandQueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: visibility }))
        .catch((e) => this.o.logger.warn("extending command visibility failed", { error: e, messageId: m.MessageId }));
    }, Math.max(1000, (visibility * 1000) / 3));
    try {
      let raw: unknown;
      try {
        raw = decodeBody(m.Body ?? "");
      } catch {
        raw = { undecodable: true, messageId: m.MessageId }; // answered as INVALID_COMMAND, then deleted: never retried
      }
      const result = await this.o.handle(raw);
      this.handled++;
      await this.sendResult(result);
      await this.o.sqs.send(new DeleteMessageCommand({ QueueUrl: this.o.commandQueueUrl, ReceiptHandle: m.ReceiptHandle }));
      this.o.logger.info("command answered", {
        commandId: result.commandId, kind: result.kind, ok: result.ok, ...(result.ok ? {} : { code: result.error.code }),
        apiRequests: result.apiRequests, durationMs: result.durationMs, receiveCount: m.Attributes?.ApproximateReceiveCount,
      });
    } catch (e) {
      // Not deleted: the message becomes visible again and is retried (then dead-lettered by the queue's redrive policy).
      this.failures++;
      this.o.logger.error("command not answered; it will be redelivered", { error: e, messageId: m.MessageId });
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async sendResult(result: AgentResult): Promise<void> {
    let body = encodeBody(result);
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES - 4096) {
      const { commandId, clusterId, investigationId, kubectl, startedAt, durationMs, apiRequests, kind } = result;
      body = encodeBody({ commandId, clusterId, investigationId, kubectl, startedAt, durationMs, apiRequests, kind, ok: false, error: { code: "TOO_LARGE", message: "the result exceeded one SQS message after compression" } });
    }
    const attrs: Record<string, MessageAttributeValue> = {
      commandId: { DataType: "String", StringValue: result.commandId },
      kind: { DataType: "String", StringValue: result.kind },
    };
    if (result.investigationId) attrs.investigationId = { DataType: "String", StringValue: result.investigationId };
    await this.o.sqs.send(new SendMessageCommand({ QueueUrl: this.o.resultsQueueUrl, MessageBody: body, MessageAttributes: attrs }));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
