import type {
  Category, Confidence, ConfigChange, EventSummary, EvidenceItem, KubeObject, LogsData, MetricsItem, NormalizedAlert,
  Remediation, ResourceRef, RolloutHistoryData, TopologyGraph,
} from "../../../../shared/src/index.js";

/** A piece of evidence plus the kubectl command a person runs to see it. */
export type Sourced<T> = T & { kubectl: string };

/** Everything the evidence stage gathered. Analyzers read only this and the graph: no I/O. */
export interface EvidenceBundle {
  logs: Sourced<LogsData>[];
  events: Sourced<EventSummary>[];
  metrics: { available: boolean; items: Sourced<MetricsItem>[] };
  rollouts: Sourced<RolloutHistoryData>[];
  configChanges: Sourced<ConfigChange>[];
  /** Objects read outside the topology walk (pods of the namespace for selector near-misses, nodes, services named in logs). */
  objects: Sourced<{ object: KubeObject }>[];
  /** Topologies of in-cluster services the workload calls (found in its logs): host as logged → graph. */
  dependencies: { host: string; service: ResourceRef; graph: TopologyGraph }[];
  /** In-cluster DNS names seen in logs and whether their Service exists (`found: false` → the name is wrong). */
  lookups: { host: string; service: ResourceRef; found: boolean; kubectl: string }[];
  /** What could not be gathered, in plain words. */
  failures: string[];
}

export const emptyEvidence = (): EvidenceBundle => ({
  logs: [], events: [], metrics: { available: false, items: [] }, rollouts: [], configChanges: [], objects: [], dependencies: [], lookups: [], failures: [],
});

/**
 * One candidate root cause. `specificity` (0..1) says how far down the causal chain it points:
 * a cause (the config value, the dependency) outranks the symptom it explains (the crash).
 */
export interface Candidate {
  analyzer: string;
  category: Category;
  culprit?: ResourceRef;
  confidence: Confidence;
  summary: string;
  evidence: EvidenceItem[];
  remediation: Remediation[];
  specificity: number;
  /** When the causing change happened (rollout, config edit): ranking rewards changes shortly before the first failure. */
  changedAt?: string;
}

export interface Analyzer {
  name: string;
  /** Categories it can propose (documentation + feedback bookkeeping). */
  categories: Category[];
  analyze(ctx: import("./context.js").AnalysisContext): Candidate[];
}

export interface AnalysisInput {
  alert: NormalizedAlert;
  graph: TopologyGraph;
  evidence: EvidenceBundle;
  now: Date;
}
