/**
 * DynamoDB table layouts: the single source of truth for the adapters, the CDK stack and the tests
 * (which create the same tables in moto_server). Plain data, no SDK or CDK imports.
 */
export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey?: string;
  /** KEYS_ONLY: the index finds ids; documents are read from the base table with consistent reads. */
  projection: "KEYS_ONLY" | "ALL";
}

export interface TableDef {
  partitionKey: string;
  sortKey?: string;
  ttlAttribute?: string;
  indexes: IndexDef[];
}

export const INVESTIGATION_INDEXES = {
  openByDedup: "openByDedup",
  openByGroup: "openByGroup",
  openByTarget: "openByTarget",
  byTarget: "byTarget",
  byCluster: "byCluster",
  byDay: "byDay",
  active: "active",
} as const;

const keysOnly = (name: string, partitionKey: string): IndexDef => ({ name, partitionKey, sortKey: "sortKey", projection: "KEYS_ONLY" });

export const TABLES = {
  /** One item per alert delivery (idempotency key); expires after the de-duplication TTL. */
  alerts: { partitionKey: "key", ttlAttribute: "expiresAt", indexes: [] },
  /**
   * One item per investigation: the record gzip-packed in `doc`, plus the attributes the indexes need.
   * The open* and active indexes are sparse: the attributes exist only while the investigation is open / active.
   */
  investigations: {
    partitionKey: "id",
    ttlAttribute: "expiresAt",
    indexes: [
      keysOnly(INVESTIGATION_INDEXES.openByDedup, "openDedup"),
      keysOnly(INVESTIGATION_INDEXES.openByGroup, "openGroup"),
      keysOnly(INVESTIGATION_INDEXES.openByTarget, "openTarget"),
      keysOnly(INVESTIGATION_INDEXES.byTarget, "targetKey"),
      keysOnly(INVESTIGATION_INDEXES.byCluster, "clusterId"),
      keysOnly(INVESTIGATION_INDEXES.byDay, "createdDay"),
      keysOnly(INVESTIGATION_INDEXES.active, "active"),
    ],
  },
  /** Feedback per target (history of the same workload+alert), also by cluster (digest, tuning). */
  feedback: {
    partitionKey: "targetKey",
    sortKey: "sortKey",
    ttlAttribute: "expiresAt",
    indexes: [{ name: "byCluster", partitionKey: "clusterId", sortKey: "at", projection: "ALL" }],
  },
  /** Agent results by command id, written by the collector, read by the waiting investigation. */
  results: { partitionKey: "commandId", ttlAttribute: "expiresAt", indexes: [] },
  /** @aws-lambda-powertools/idempotency layout (defaults: key `id`, TTL `expiration`). */
  idempotency: { partitionKey: "id", ttlAttribute: "expiration", indexes: [] },
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

/** CreateTable input (on-demand) for tests and local emulators; the CDK stack builds the same from TABLES. */
export function createTableInput(def: TableDef, tableName: string) {
  const attrs = new Set<string>([def.partitionKey, ...(def.sortKey ? [def.sortKey] : [])]);
  for (const i of def.indexes) {
    attrs.add(i.partitionKey);
    if (i.sortKey) attrs.add(i.sortKey);
  }
  const keySchema = (pk: string, sk?: string) => [
    { AttributeName: pk, KeyType: "HASH" as const },
    ...(sk ? [{ AttributeName: sk, KeyType: "RANGE" as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: "S" as const })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.indexes.length
      ? {
          GlobalSecondaryIndexes: def.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keySchema(i.partitionKey, i.sortKey),
            Projection: { ProjectionType: i.projection },
          })),
        }
      : {}),
  };
}
