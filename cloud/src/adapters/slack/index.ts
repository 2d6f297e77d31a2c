/** Slack delivery: notifier, interactions endpoint logic, digest, delivery retries, Block Kit builders. */
export { SlackNotifier, createSlackNotifier, type SlackNotifierOptions } from "./notifier.js";
export { WebApiSlack, DEFAULT_RETRY, slackErrorCode, type SlackApi, type SlackClientOptions, type Posted } from "./client.js";
export { handleSlackInteraction, MAX_INTERACTION_BYTES, type InteractionDeps, type InteractionRequest, type InteractionResponse } from "./interactions.js";
export { verifySlackSignature, slackSignature, REPLAY_WINDOW_SECONDS } from "./signature.js";
export { recordFeedback, type FeedbackInput } from "./feedback.js";
export { computeDigest, digestMessage, postDigest, percentile, type Digest } from "./digest.js";
export { retryPendingDeliveries, type RetryDeliveriesResult } from "./deliveries.js";
export * as blocks from "./blocks/index.js";
