/**
 * ClusterGateway over SQS: the command goes to the cluster's command queue; the agent long-polls it, runs the
 * read-only command, and sends the result to the results queue; the collector Lambda stores it by command id;
 * this gateway polls the results table (consistent reads, backoff) until the command's deadline.
 *
 * Standard queues, not FIFO: an investigation's evidence commands are meant to run in parallel (stage 3), and a
 * FIFO message group per investigation would hand the agent one command at a time. Ordering is not needed
 * (commands are independent reads), and duplicates are harmless: the agent answers a command id once, the
 * collector keeps the first result per id, and a redelivered investigation finds results already stored.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  AgentCommandSchema, KubesleuthError, MAX_MESSAGE_BYTES, errorMessage,
  type AgentCommandInput, type AgentResult,
} from "../../../../shared/src/index.js";
import { systemClock, type Clock, type ClusterGateway } from "../../core/ports.js";
import type { ResultStore } from "./dynamo-results.js";
import { guard } from "./errors.js";

export interface SqsGatewayOptions {
  sqs: SQSClient;
  /** Command queue URL per cluster id (from the stack's configuration). */
  commandQueues: Record<string, string>;
  results: ResultStore;
  clock?: Clock;
  /** First and longest pause between result polls. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Results in flight when the deadline passes are still taken this long after it. */
  graceMs?: number;
}

export class SqsClusterGateway implements ClusterGateway {
  private readonly clock: Clock;

  constructor(private readonly o: SqsGatewayOptions) {
    this.clock = o.clock ?? systemClock;
  }

  async execute(input: AgentCommandInput): Promise<AgentResult> {
    const parsed = AgentCommandSchema.safeParse(input);
    if (!parsed.success) throw new KubesleuthError("AGENT_ERROR", `invalid agent command: ${errorMessage(parsed.error)}`, { cause: parsed.error });
    const command = parsed.data;
    const queueUrl = this.o.commandQueues[command.clusterId];
    if (!queueUrl) throw new KubesleuthError("AGENT_ERROR", `no command queue configured for cluster "${command.clusterId}" (known: ${Object.keys(this.o.commandQueues).join(", ") || "none"})`);
    const deadline = Date.parse(command.deadline);

    // A redelivered investigation re-sends the same command ids: take an answer already stored.
    const earlier = await this.o.results.get(command.id);
    if (earlier) return earlier;

    const body = JSON.stringify(command);
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new KubesleuthError("AGENT_ERROR", `command ${command.id} exceeds one SQS message`);
    await guard("QUEUE_UNAVAILABLE", `send command ${command.id} to ${command.clusterId}`, () => this.o.sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: {
        commandId: { DataType: "String", StringValue: command.id },
        kind: { DataType: "String", StringValue: command.kind },
      },
    })));

    const min = this.o.pollMinMs ?? 100;
    const max = this.o.pollMaxMs ?? 1000;
    const until = deadline + (this.o.graceMs ?? 250);
    for (let pause = min; ; pause = Math.min(max, Math.round(pause * 1.5))) {
      const result = await this.o.results.get(command.id);
      if (result) return result;
      const left = until - this.clock.now().getTime();
      if (left <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    }
    throw new KubesleuthError("AGENT_TIMEOUT", `no result for ${command.kind} command ${command.id} from cluster ${command.clusterId} by its deadline ${command.deadline}`);
  }
}
