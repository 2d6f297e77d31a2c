export { processInvestigation, type ProcessOutcome, type RunnerDeps } from "./process.js";
export { recoverInvestigations, type RecoveryResult } from "./recover.js";
