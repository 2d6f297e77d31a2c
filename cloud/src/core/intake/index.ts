export {
  intakeWebhook, intakeAlert, releaseQueued, DEFAULT_DEDUP_TTL_SECONDS, ATTACH_WINDOW_MINUTES,
  type IntakeDeps, type IntakeDecision, type IntakeResult, type IntakeAction,
} from "./intake.js";
export { idempotencyKey, dedupKeyOf, targetKeyOf, investigationIdFor } from "./keys.js";
export { MAX_WEBHOOK_BYTES, checkWebhookAuth, presentedToken, tooLarge } from "./auth.js";
