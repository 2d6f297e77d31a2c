/**
 * InvestigationStore on DynamoDB, with the semantics of MemoryStore (the reference implementation):
 * - recordAlert: conditional put (attribute_not_exists, or the earlier record expired) with a TTL;
 * - createInvestigation: conditional put on the id → BAD_REQUEST when it exists;
 * - updateInvestigation: shallow merge, optimistic concurrency on a version attribute (read-merge-write, retried);
 * - findOpen / listInvestigations / listActive: sparse KEYS_ONLY indexes find ids, documents are then read from
 *   the base table with consistent reads and re-checked (an index can lag its table by a moment).
 * Records are stored gzip-packed in one binary attribute: reports with evidence would exceed 400 KB otherwise.
 */
import {
  BatchGetItemCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand,
  type AttributeValue, type DynamoDBClient, type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { KubesleuthError, type NormalizedAlert } from "../../../../shared/src/index.js";
import {
  ACTIVE_STATUSES, systemClock,
  type Clock, type FeedbackRecord, type InvestigationQuery, type InvestigationRecord, type InvestigationStore,
} from "../../core/ports.js";
import { pack, unpack } from "./codec.js";
import { guard, isConditionalFailure } from "./errors.js";
import { INVESTIGATION_INDEXES as IX } from "./schema.js";

export interface DynamoStoreTables {
  alerts: string;
  investigations: string;
  feedback: string;
}

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  tables: DynamoStoreTables;
  clock?: Clock;
  /** Investigations and feedback expire after this many days (TTL). Default 365. */
  retentionDays?: number;
}

const S = (v: string): AttributeValue => ({ S: v });
const N = (v: number): AttributeValue => ({ N: String(v) });
const MAX_VERSION_RETRIES = 8;
/** How far back listInvestigations walks day partitions when only `since` is given. */
const MAX_DAY_PARTITIONS = 400;

export class DynamoInvestigationStore implements InvestigationStore {
  private readonly client: DynamoDBClient;
  private readonly t: DynamoStoreTables;
  private readonly clock: Clock;
  private readonly retentionSeconds: number;

  constructor(o: DynamoStoreOptions) {
    this.client = o.client;
    this.t = o.tables;
    this.clock = o.clock ?? systemClock;
    this.retentionSeconds = (o.retentionDays ?? 365) * 86400;
  }

  async recordAlert(key: string, alert: NormalizedAlert, ttlSeconds: number): Promise<boolean> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return guard("STORE_UNAVAILABLE", "recordAlert", async () => {
      try {
        await this.client.send(new PutItemCommand({
          TableName: this.t.alerts,
          Item: { key: S(key), doc: { B: pack(alert) }, expiresAt: N(now + Math.max(0, Math.floor(ttlSeconds))) },
          // TTL deletion is lazy (up to days late): an expired record counts as absent.
          ConditionExpression: "attribute_not_exists(#k) OR expiresAt <= :now",
          ExpressionAttributeNames: { "#k": "key" },
          ExpressionAttributeValues: { ":now": N(now) },
        }));
        return true;
      } catch (e) {
        if (isConditionalFailure(e)) return false;
        throw e;
      }
    });
  }

  async createInvestigation(record: InvestigationRecord): Promise<void> {
    await guard("STORE_UNAVAILABLE", "createInvestigation", async () => {
      try {
        await this.client.send(new PutItemCommand({
          TableName: this.t.investigations,
          Item: this.item(record, 1),
          ConditionExpression: "attribute_not_exists(id)",
        }));
      } catch (e) {
        if (isConditionalFailure(e)) throw new KubesleuthError("BAD_REQUEST", `investigation ${record.id} already exists`, { cause: e });
        throw e;
      }
    });
  }

  async getInvestigation(id: string): Promise<InvestigationRecord | undefined> {
    return guard("STORE_UNAVAILABLE", "getInvestigation", async () => (await this.read(id))?.record);
  }

  async updateInvestigation(id: string, patch: Partial<Omit<InvestigationRecord, "id">>): Promise<InvestigationRecord> {
    return guard("STORE_UNAVAILABLE", "updateInvestigation", async () => {
      for (let attempt = 0; attempt < MAX_VERSION_RETRIES; attempt++) {
        const current = await this.read(id);
        if (!current) throw new KubesleuthError("NOT_FOUND", `investigation ${id} not found`);
        const next = { ...current.record, ...structuredClone(patch), id, updatedAt: this.clock.now().toISOString() } as InvestigationRecord;
        try {
          await this.client.send(new PutItemCommand({
            TableName: this.t.investigations,
            Item: this.item(next, current.version + 1),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": N(current.version) },
          }));
          return next;
        } catch (e) {
          if (!isConditionalFailure(e)) throw e;
          // Someone else wrote in between: merge again onto their version.
          await sleep(10 * 2 ** attempt + Math.random() * 10);
        }
      }
      throw new KubesleuthError("STORE_UNAVAILABLE", `investigation ${id}: too many concurrent updates`);
    });
  }

  async findOpen(q: { clusterId: string; dedupKey?: string; groupKey?: string; targetKey?: string; since?: string }): Promise<InvestigationRecord | undefined> {
    if (!q.dedupKey && !q.groupKey && !q.targetKey) return undefined;
    return guard("STORE_UNAVAILABLE", "findOpen", async () => {
      const lookups: [string, string, string][] = [];
      if (q.dedupKey) lookups.push([IX.openByDedup, "openDedup", `${q.clusterId}#${q.dedupKey}`]);
      if (q.groupKey) lookups.push([IX.openByGroup, "openGroup", `${q.clusterId}#${q.groupKey}`]);
      if (q.targetKey) lookups.push([IX.openByTarget, "openTarget", q.targetKey]);
      let best: InvestigationRecord | undefined;
      for (const [index, attr, value] of lookups) {
        const hit = await this.firstMatching(index, attr, value, q.since, (r) =>
          r.clusterId === q.clusterId && !r.resolvedAt && (!q.since || r.createdAt >= q.since) &&
          ((!!q.dedupKey && r.dedupKey === q.dedupKey) || (!!q.groupKey && r.groupKey === q.groupKey) || (!!q.targetKey && r.targetKey === q.targetKey)));
        if (hit && (!best || newer(hit, best))) best = hit;
      }
      return best;
    });
  }

  async listInvestigations(q: InvestigationQuery): Promise<InvestigationRecord[]> {
    return guard("STORE_UNAVAILABLE", "listInvestigations", async () => {
      const keep = (r: InvestigationRecord) =>
        (!q.since || r.createdAt >= q.since) && (!q.clusterId || r.clusterId === q.clusterId) &&
        (!q.targetKey || r.targetKey === q.targetKey) && (!q.status || q.status.includes(r.status));
      const limit = q.limit ?? Number.POSITIVE_INFINITY;
      let out: InvestigationRecord[];
      if (q.targetKey) out = await this.collect(IX.byTarget, "targetKey", q.targetKey, q.since, keep, limit);
      else if (q.clusterId) out = await this.collect(IX.byCluster, "clusterId", q.clusterId, q.since, keep, limit);
      else if (q.since) {
        out = [];
        const today = day(this.clock.now().toISOString());
        for (let d = today, n = 0; d >= day(q.since) && n < MAX_DAY_PARTITIONS && out.length < limit; d = previousDay(d), n++) {
          out.push(...(await this.collect(IX.byDay, "createdDay", d, q.since, keep, limit - out.length)));
        }
        // Records created "in the future" by a skewed clock: rare, but the scan below would have found them.
        out.push(...(await this.collect(IX.byDay, "createdDay", nextDay(today), q.since, keep, Number.POSITIVE_INFINITY)));
      } else out = (await this.scanAll()).filter(keep);
      out.sort((a, b) => (newer(a, b) ? -1 : 1));
      return q.limit !== undefined ? out.slice(0, q.limit) : out;
    });
  }

  async listActive(): Promise<InvestigationRecord[]> {
    return guard("STORE_UNAVAILABLE", "listActive", async () =>
      this.collect(IX.active, "active", "1", undefined, (r) => ACTIVE_STATUSES.includes(r.status), Number.POSITIVE_INFINITY));
  }

  async addFeedback(f: FeedbackRecord): Promise<void> {
    const expiresAt = Math.floor(Date.parse(f.at) / 1000 || this.clock.now().getTime() / 1000) + this.retentionSeconds;
    await guard("STORE_UNAVAILABLE", "addFeedback", () => this.client.send(new PutItemCommand({
      TableName: this.t.feedback,
      Item: {
        targetKey: S(f.targetKey), sortKey: S(`${f.at}#${f.investigationId}#${f.user}`),
        clusterId: S(f.clusterId), at: S(f.at), doc: { B: pack(f) }, expiresAt: N(expiresAt),
      },
    })));
  }

  async listFeedback(q: { clusterId?: string; since?: string; targetKey?: string }): Promise<FeedbackRecord[]> {
    return guard("STORE_UNAVAILABLE", "listFeedback", async () => {
      let items: Record<string, AttributeValue>[];
      if (q.targetKey) {
        items = await this.queryAll({
          TableName: this.t.feedback,
          KeyConditionExpression: q.since ? "targetKey = :p AND sortKey >= :s" : "targetKey = :p",
          ExpressionAttributeValues: { ":p": S(q.targetKey), ...(q.since ? { ":s": S(q.since) } : {}) },
          ConsistentRead: true,
        });
      } else if (q.clusterId) {
        items = await this.queryAll({
          TableName: this.t.feedback, IndexName: "byCluster",
          KeyConditionExpression: q.since ? "clusterId = :p AND #at >= :s" : "clusterId = :p",
          ExpressionAttributeNames: q.since ? { "#at": "at" } : undefined,
          ExpressionAttributeValues: { ":p": S(q.clusterId), ...(q.since ? { ":s": S(q.since) } : {}) },
        });
      } else {
        items = await this.scanItems(this.t.feedback);
      }
      return items
        .map((i) => unpack<FeedbackRecord>(i.doc!.B!))
        .filter((f) => (!q.clusterId || f.clusterId === q.clusterId) && (!q.since || f.at >= q.since) && (!q.targetKey || f.targetKey === q.targetKey))
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    });
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private item(r: InvestigationRecord, version: number): Record<string, AttributeValue> {
    const open = !r.resolvedAt;
    const item: Record<string, AttributeValue> = {
      id: S(r.id), doc: { B: pack(r) }, version: N(version),
      clusterId: S(r.clusterId), targetKey: S(r.targetKey), status: S(r.status),
      createdDay: S(day(r.createdAt)), sortKey: S(`${r.createdAt}#${r.id}`),
      expiresAt: N(Math.floor((Date.parse(r.createdAt) || this.clock.now().getTime()) / 1000) + this.retentionSeconds),
    };
    if (open) {
      item.openDedup = S(`${r.clusterId}#${r.dedupKey}`);
      item.openTarget = S(r.targetKey);
      if (r.groupKey) item.openGroup = S(`${r.clusterId}#${r.groupKey}`);
    }
    if (ACTIVE_STATUSES.includes(r.status)) item.active = S("1");
    return item;
  }

  private async read(id: string): Promise<{ record: InvestigationRecord; version: number } | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.t.investigations, Key: { id: S(id) }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { record: unpack<InvestigationRecord>(out.Item.doc!.B!), version: Number(out.Item.version!.N) };
  }

  /** Newest record of an index partition that passes `keep` (index order newest first; pages of 25). */
  private async firstMatching(index: string, attr: string, value: string, since: string | undefined, keep: (r: InvestigationRecord) => boolean) {
    const [hit] = await this.collect(index, attr, value, since, keep, 1);
    return hit;
  }

  /** Walk an index partition newest first, fetch documents consistently, keep up to `limit` passing `keep`. */
  private async collect(index: string, attr: string, value: string, since: string | undefined, keep: (r: InvestigationRecord) => boolean, limit: number): Promise<InvestigationRecord[]> {
    const out: InvestigationRecord[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({
        TableName: this.t.investigations, IndexName: index,
        KeyConditionExpression: since ? "#p = :p AND sortKey >= :s" : "#p = :p",
        ExpressionAttributeNames: { "#p": attr },
        ExpressionAttributeValues: { ":p": S(value), ...(since ? { ":s": S(since) } : {}) },
        ScanIndexForward: false, Limit: 25, ExclusiveStartKey: start,
      }));
      const ids = (page.Items ?? []).map((i) => i.id!.S!);
      for (const r of await this.batchRead(ids)) {
        if (keep(r)) out.push(r);
        if (out.length >= limit) return out;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Consistent reads of several ids, in the given order (missing ones skipped). */
  private async batchRead(ids: string[]): Promise<InvestigationRecord[]> {
    const found = new Map<string, InvestigationRecord>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, AttributeValue>[] = [...new Set(ids.slice(i, i + 100))].map((id) => ({ id: S(id) }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 6) throw new KubesleuthError("STORE_UNAVAILABLE", "BatchGetItem kept returning unprocessed keys");
        const out = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.t.investigations]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.t.investigations] ?? []) found.set(item.id!.S!, unpack<InvestigationRecord>(item.doc!.B!));
        keys = (out.UnprocessedKeys?.[this.t.investigations]?.Keys ?? []) as Record<string, AttributeValue>[];
        if (keys.length) await sleep(20 * 2 ** attempt);
      }
    }
    return ids.filter((id, i) => ids.indexOf(id) === i && found.has(id)).map((id) => found.get(id)!);
  }

  private async scanAll(): Promise<InvestigationRecord[]> {
    return (await this.scanItems(this.t.investigations)).map((i) => unpack<InvestigationRecord>(i.doc!.B!));
  }

  private async scanItems(table: string): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async queryAll(input: QueryCommandInput): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = (iso: string) => iso.slice(0, 10);
function previousDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);
}
function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}
/** Newest first: createdAt, then id (same order as MemoryStore). */
function newer(a: InvestigationRecord, b: InvestigationRecord): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}
