/** The ONE static list of analyzers. Add a failure pattern: one file + its test, then one line here. */
import { appCrash } from "./app-crash.js";
import { badRollout } from "./bad-rollout.js";
import { configValue } from "./config-value.js";
import { AnalysisContext } from "./context.js";
import { cpuThrottling } from "./cpu-throttling.js";
import { dependencyFailure } from "./dependency-failure.js";
import { externalDependency } from "./external-dependency.js";
import { hpaMaxed } from "./hpa-maxed.js";
import { imagePull } from "./image-pull.js";
import { ingressBackend } from "./ingress-backend.js";
import { jobFailure } from "./job-failure.js";
import { missingConfigRef } from "./missing-config-ref.js";
import { networkPolicy } from "./network-policy.js";
import { nodeFailure } from "./node-failure.js";
import { oomKilled } from "./oom-killed.js";
import { probeFailure } from "./probe-failure.js";
import { quotaExceeded } from "./quota-exceeded.js";
import { rbacDenied } from "./rbac-denied.js";
import { serviceSelectorMismatch } from "./service-selector.js";
import { servicePortMismatch } from "./service-port.js";
import { unknownCause } from "./unknown.js";
import { unschedulableConstraints } from "./unschedulable-constraints.js";
import { unschedulableResources } from "./unschedulable-resources.js";
import { volumeBinding } from "./volume-binding.js";
import { errorMessage } from "../../../../shared/src/index.js";
import type { AnalysisInput, Analyzer, Candidate } from "./types.js";

export const ANALYZERS: readonly Analyzer[] = [
  oomKilled,
  configValue,
  missingConfigRef,
  imagePull,
  appCrash,
  badRollout,
  probeFailure,
  unschedulableResources,
  unschedulableConstraints,
  volumeBinding,
  serviceSelectorMismatch,
  servicePortMismatch,
  ingressBackend,
  dependencyFailure,
  quotaExceeded,
  nodeFailure,
  hpaMaxed,
  cpuThrottling,
  jobFailure,
  networkPolicy,
  rbacDenied,
  externalDependency,
  unknownCause,
];

/** Run every analyzer; one that throws is reported, never fatal. */
export function runAnalyzers(input: AnalysisInput, analyzers: readonly Analyzer[] = ANALYZERS): { candidates: Candidate[]; errors: string[] } {
  const ctx = new AnalysisContext(input);
  const candidates: Candidate[] = [];
  const errors: string[] = [];
  for (const a of analyzers) {
    try {
      candidates.push(...a.analyze(ctx));
    } catch (e) {
      errors.push(`analyzer ${a.name} failed: ${errorMessage(e)}`);
    }
  }
  return { candidates, errors };
}

export { AnalysisContext } from "./context.js";
export type { AnalysisInput, Analyzer, Candidate, EvidenceBundle, Sourced } from "./types.js";
export { emptyEvidence } from "./types.js";
export { rankCandidates, feedbackStats, type RankedCandidate } from "./rank.js";
