/**
 * The optional model stage (issue 5 implements it: Bedrock, OpenAI-compatible). The engine hands it the
 * deterministic picture and a read-only tool executor; it may return a narrative, a different root cause
 * (validated by the engine: taxonomy category, resource in the topology), extra evidence and remediation
 * verdicts. A failure or timeout falls back to the rules-only report.
 */
import type {
  AgentCommandInput, AgentResult, Category, Confidence, EvidenceItem, NormalizedAlert, Remediation, ResourceRef, TopologyGraph,
} from "../../../../shared/src/index.js";
import type { EvidenceBundle, RankedCandidate } from "../analyzers/index.js";

export interface ModelStageInput {
  investigationId: string;
  alert: NormalizedAlert;
  graph: TopologyGraph;
  evidence: EvidenceBundle;
  /** Deterministic candidates, best first. */
  candidates: RankedCandidate[];
  /** Read-only: the same allowlisted agent commands the engine uses (the gateway). */
  tools: { execute(command: AgentCommandInput): Promise<AgentResult> };
  /** Wall-clock deadline (ms since epoch); the stage must return before it. */
  deadline: number;
}

export interface ModelUsage {
  stage: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  calls: number;
}

export interface ModelStageOutput {
  rootCause?: { category: Category; resource?: ResourceRef; confidence: Confidence; summary: string; model: string };
  narrative?: string;
  extraEvidence?: EvidenceItem[];
  /** Per remediation command (by index in the deterministic list): keep or reject with a reason. */
  remediationVerdicts?: { index: number; ok: boolean; reason?: string }[];
  /** Steps the model proposes for its root cause; every command already passed the command guard (core/model/command-guard.ts). */
  remediation?: Remediation[];
  usage?: ModelUsage[];
  /** Set when the stage gave up and the rules-only answer stands ("throttled after 3 retries"). */
  fallback?: string;
}

export interface ModelStage {
  run(input: ModelStageInput): Promise<ModelStageOutput>;
}
