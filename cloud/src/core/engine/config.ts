import type { ClusterGateway, Clock, InvestigationStore, Notifier } from "../ports.js";
import type { ModelStage } from "./model-stage.js";

/** Stage deadlines and evidence caps. Every value has a default; callers override any subset. */
export interface EngineConfig {
  resolveMs: number;
  topologyMs: number;
  evidenceMs: number;
  analyzeMs: number;
  modelMs: number;
  /** Parallel agent commands while gathering evidence. */
  concurrency: number;
  /** Pods whose logs are read (failing ones first). */
  maxLogPods: number;
  logTailLines: number;
  logLimitBytes: number;
  /** Objects whose events are read one by one. */
  maxEventObjects: number;
  /** In-cluster services named in logs that are followed. */
  maxDependencies: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  resolveMs: 5_000,
  topologyMs: 30_000,
  evidenceMs: 30_000,
  analyzeMs: 5_000,
  modelMs: 60_000,
  concurrency: 6,
  maxLogPods: 3,
  logTailLines: 200,
  logLimitBytes: 64 * 1024,
  maxEventObjects: 10,
  maxDependencies: 3,
};

export interface EngineDeps {
  gateway: ClusterGateway;
  /** The investigation's notion of "now" (a scenario's clock in replays). */
  clock: Clock;
  /** Wall clock for command deadlines (defaults to the system clock: the agent compares against real time). */
  wallClock?: Clock;
  notifier?: Notifier;
  /** Feedback and history. */
  store?: InvestigationStore;
  modelStage?: ModelStage;
  config?: Partial<EngineConfig>;
}
