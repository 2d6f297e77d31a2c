export { normalizeWebhook, isAlertSource, NORMALIZERS } from "./registry.js";
export type { NormalizeOptions, NormalizedBatch, AlertGroup } from "./common.js";
export { labelFingerprint, MAX_ALERTS_PER_BODY } from "./common.js";
export { resolveTarget, isK8sName, isDnsLabel, TARGET_LABELS, type TargetResolution } from "./target.js";
export { normalizeAlertmanager, AlertmanagerWebhookSchema } from "./alertmanager.js";
export { normalizeGrafana, GrafanaWebhookSchema } from "./grafana.js";
export { normalizeDatadog, DatadogWebhookSchema, tagsToLabels } from "./datadog.js";
export { normalizeCloudWatch, SnsEnvelopeSchema, CloudWatchAlarmSchema, checkSubscribeUrl } from "./cloudwatch.js";
