/** One entry point for every alert source: `normalizeWebhook("alertmanager", body, opts)`. */
import { ALERT_SOURCES, KubesleuthError, type AlertSource } from "../../../../shared/src/index.js";
import { normalizeAlertmanager } from "./alertmanager.js";
import { normalizeCloudWatch } from "./cloudwatch.js";
import type { NormalizeOptions, NormalizedBatch } from "./common.js";
import { normalizeDatadog } from "./datadog.js";
import { normalizeGrafana } from "./grafana.js";

export const NORMALIZERS: Record<AlertSource, (body: unknown, opts: NormalizeOptions) => NormalizedBatch> = {
  alertmanager: normalizeAlertmanager,
  grafana: normalizeGrafana,
  datadog: normalizeDatadog,
  cloudwatch: normalizeCloudWatch,
};

export function isAlertSource(s: string): s is AlertSource {
  return (ALERT_SOURCES as readonly string[]).includes(s);
}

/**
 * Validate and normalize one webhook body (a parsed object or its raw JSON text).
 * Throws KubesleuthError UNSUPPORTED_SOURCE (404) for an unknown source, BAD_REQUEST (400) naming the field otherwise.
 */
export function normalizeWebhook(source: string, body: unknown, opts: NormalizeOptions): NormalizedBatch {
  if (!isAlertSource(source)) {
    throw new KubesleuthError("UNSUPPORTED_SOURCE", `unsupported alert source ${JSON.stringify(String(source).slice(0, 40))}: use one of ${ALERT_SOURCES.join(", ")}`);
  }
  if (body === undefined || body === null || body === "") throw new KubesleuthError("BAD_REQUEST", `${source} webhook: empty body`);
  return NORMALIZERS[source](body, opts);
}
