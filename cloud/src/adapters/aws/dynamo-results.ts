/**
 * Agent results by command id (the results table). The collector writes, the waiting SqsClusterGateway reads.
 * First write wins (conditional put): a duplicate result of the same command is ignored. Results are packed
 * (gzip JSON); one that is still over the item budget is split into parts written before the head item, so a
 * reader that sees the head always finds every part.
 */
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AgentResultSchema, type AgentResult } from "../../../../shared/src/index.js";
import { systemClock, type Clock } from "../../core/ports.js";
import { pack, unpack } from "./codec.js";
import { guard, isConditionalFailure } from "./errors.js";

/** Comfortably under DynamoDB's 400 KB item limit with the key and attributes. */
export const MAX_PART_BYTES = 350 * 1024;

export interface ResultStore {
  /** Stores the result; false when a result for that command id is already stored (duplicate). */
  put(result: AgentResult): Promise<boolean>;
  get(commandId: string): Promise<AgentResult | undefined>;
}

export class DynamoResultStore implements ResultStore {
  constructor(private readonly o: { client: DynamoDBClient; table: string; ttlSeconds?: number; clock?: Clock }) {}

  async put(result: AgentResult): Promise<boolean> {
    const { client, table } = this.o;
    const now = Math.floor((this.o.clock ?? systemClock).now().getTime() / 1000);
    const expiresAt = { N: String(now + (this.o.ttlSeconds ?? 86400)) };
    const bytes = pack(result);
    return guard("STORE_UNAVAILABLE", "store agent result", async () => {
      const head: Record<string, AttributeValue> = {
        commandId: { S: result.commandId }, storedAt: { S: new Date(now * 1000).toISOString() }, expiresAt,
        ...(result.investigationId ? { investigationId: { S: result.investigationId } } : {}),
      };
      if (bytes.length <= MAX_PART_BYTES) head.doc = { B: bytes };
      else {
        const parts = Math.ceil(bytes.length / MAX_PART_BYTES);
        for (let i = 0; i < parts; i++) {
          await client.send(new PutItemCommand({
            TableName: table,
            Item: { commandId: { S: `${result.commandId}#part#${i}` }, doc: { B: bytes.subarray(i * MAX_PART_BYTES, (i + 1) * MAX_PART_BYTES) }, expiresAt },
          }));
        }
        head.parts = { N: String(parts) };
      }
      try {
        await client.send(new PutItemCommand({ TableName: table, Item: head, ConditionExpression: "attribute_not_exists(commandId)" }));
        return true;
      } catch (e) {
        if (isConditionalFailure(e)) return false;
        throw e;
      }
    });
  }

  async get(commandId: string): Promise<AgentResult | undefined> {
    const { client, table } = this.o;
    return guard("STORE_UNAVAILABLE", "read agent result", async () => {
      const read = async (id: string) => (await client.send(new GetItemCommand({ TableName: table, Key: { commandId: { S: id } }, ConsistentRead: true }))).Item;
      const head = await read(commandId);
      if (!head) return undefined;
      let bytes: Uint8Array;
      if (head.doc?.B) bytes = head.doc.B;
      else {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < Number(head.parts?.N ?? 0); i++) {
          const part = await read(`${commandId}#part#${i}`);
          if (!part?.doc?.B) throw new Error(`result ${commandId}: part ${i} missing`);
          chunks.push(part.doc.B);
        }
        bytes = Buffer.concat(chunks);
      }
      return AgentResultSchema.parse(unpack(bytes));
    });
  }
}
