/**
 * Ports of the investigation core. The core depends only on these; adapters implement them
 * for AWS (SQS, DynamoDB, Bedrock, Slack) and for local mode (in-process channel, file store, terminal).
 * Keep this file free of AWS and Slack imports.
 */
import type {
  AgentCommandInput, AgentResult, Category, NormalizedAlert, Report, StageStatus,
} from "../../../shared/src/index.js";

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Sends read-only commands to one cluster's agent. */
export interface ClusterGateway {
  /**
   * Send the command and wait for its result until `command.deadline`.
   * Resolves with the agent's result (ok or typed error result); rejects with
   * KubesleuthError("AGENT_TIMEOUT") when nothing arrives in time, or ("AGENT_ERROR"/"QUEUE_UNAVAILABLE") on transport failure.
   */
  execute(command: AgentCommandInput): Promise<AgentResult>;
}

export type InvestigationStatus = "queued" | "running" | "complete" | "partial" | "failed";
export const ACTIVE_STATUSES: InvestigationStatus[] = ["queued", "running"];

export interface AttachedAlert {
  fingerprint: string;
  alertname: string;
  status: "firing" | "resolved";
  receivedAt: string;
}

export interface InvestigationRecord {
  id: string;
  clusterId: string;
  /** `${cluster}|${refId(target)}`, or `${cluster}|alert|${alertname}|${namespace}` when the alert names no resource. */
  targetKey: string;
  /** `${source}|${fingerprint}`: the same alert across repeat notifications. */
  dedupKey: string;
  groupKey?: string;
  alertname: string;
  status: InvestigationStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The alert that started it. */
  alert: NormalizedAlert;
  /** Alerts attached later (repeats, group updates, other alerts on the same target). */
  attached: AttachedAlert[];
  /** Set when the alert resolved; a resolved investigation no longer attaches new alerts. */
  resolvedAt?: string;
  /** Live per-stage progress. */
  stages?: StageStatus[];
  report?: Report;
  /** Where the notifier posted it (Slack channel + message ts), for in-place updates. */
  notification?: { channel: string; ts: string };
  /** Delivery of the final report failed and must be retried. */
  deliveryPending?: boolean;
  feedback: FeedbackRecord[];
  /**
   * When intake handed it to the InvestigationQueue. A `queued` record without it is waiting for a slot
   * (over the concurrency cap) or for a retry after a failed enqueue: `releaseQueued` enqueues it.
   */
  enqueuedAt?: string;
  /** Times the investigation was started (resumes after a crash count here). */
  attempts: number;
  error?: string;
}

export type Verdict = "accurate" | "partly" | "wrong";

export interface FeedbackRecord {
  investigationId: string;
  clusterId: string;
  targetKey: string;
  alertname: string;
  verdict: Verdict;
  /** Category and analyzer of the diagnosis being judged. */
  category: Category;
  analyzer?: string;
  /** The engineer's real root cause ("Add context"). */
  correctedCategory?: Category;
  note?: string;
  user: string;
  at: string;
}

export interface InvestigationQuery {
  limit?: number;
  /** ISO time: created at or after. */
  since?: string;
  clusterId?: string;
  targetKey?: string;
  status?: InvestigationStatus[];
}

export interface InvestigationStore {
  /**
   * Record one alert delivery under an idempotency key (source, fingerprint, status, startsAt, groupKey...).
   * Returns false when that key was already recorded (a retry or repeat): the caller must not act twice.
   */
  recordAlert(key: string, alert: NormalizedAlert, ttlSeconds: number): Promise<boolean>;
  /** Conditional create: rejects with KubesleuthError("BAD_REQUEST") if the id exists. */
  createInvestigation(record: InvestigationRecord): Promise<void>;
  getInvestigation(id: string): Promise<InvestigationRecord | undefined>;
  /** Shallow-merges the patch, bumps updatedAt; rejects with NOT_FOUND for an unknown id. */
  updateInvestigation(id: string, patch: Partial<Omit<InvestigationRecord, "id">>): Promise<InvestigationRecord>;
  /** Newest unresolved investigation matching any of the given keys within the cluster, created at or after `since`. */
  findOpen(q: { clusterId: string; dedupKey?: string; groupKey?: string; targetKey?: string; since?: string }): Promise<InvestigationRecord | undefined>;
  /** Newest first. */
  listInvestigations(q: InvestigationQuery): Promise<InvestigationRecord[]>;
  /** Investigations in queued/running state (for the concurrency cap and crash recovery). */
  listActive(): Promise<InvestigationRecord[]>;
  addFeedback(feedback: FeedbackRecord): Promise<void>;
  listFeedback(q: { clusterId?: string; since?: string; targetKey?: string }): Promise<FeedbackRecord[]>;
}

/** Delivery of progress and results (Slack, terminal, portal). Failures must not fail the investigation. */
export interface Notifier {
  /** "Investigating <alertname> on <kind>/<name>…" — returns where it was posted, for later updates. */
  started(inv: InvestigationRecord): Promise<{ channel: string; ts: string } | undefined>;
  progress(inv: InvestigationRecord, stages: StageStatus[]): Promise<void>;
  completed(inv: InvestigationRecord, report: Report): Promise<void>;
  /** The alert resolved: update the thread. */
  resolved(inv: InvestigationRecord): Promise<void>;
}

export const nullNotifier: Notifier = {
  started: async () => undefined,
  progress: async () => {},
  completed: async () => {},
  resolved: async () => {},
};

/** Enqueues an investigation to run (SQS in AWS, an in-process queue locally). */
export interface InvestigationQueue {
  enqueue(investigationId: string): Promise<void>;
}
