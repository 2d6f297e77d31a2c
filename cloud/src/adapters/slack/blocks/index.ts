export * from "./schema.js";
export * from "./text.js";
export { fitMessage } from "./fit.js";
export * from "./common.js";
export { diagnosisMessage, portalLink, type DiagnosisOptions } from "./diagnosis.js";
export { progressMessage, stageLine } from "./progress.js";
export { threadMessages, evidenceTrailMessages, reportMessages, resolvedMessage, markdownToMrkdwn, mrkdwnSections, MAX_THREAD_MESSAGES } from "./thread.js";
export * from "./modal.js";
