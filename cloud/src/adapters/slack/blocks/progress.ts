/** The "Investigating …" message, posted at once and updated in place as stages finish. */
import type { StageStatus } from "../../../../../shared/src/index.js";
import type { InvestigationRecord } from "../../../core/ports.js";
import { subjectLine } from "./common.js";
import { fitMessage } from "./fit.js";
import type { SlackMessage } from "./schema.js";
import { escapeMrkdwn, truncate } from "./text.js";

const ICON: Record<StageStatus["status"], string> = {
  pending: ":white_small_square:",
  running: ":hourglass_flowing_sand:",
  ok: ":white_check_mark:",
  failed: ":x:",
  timeout: ":stopwatch:",
  skipped: ":heavy_minus_sign:",
};

export function stageLine(s: StageStatus): string {
  const dur = s.durationMs !== undefined && s.status !== "running" ? ` ${s.durationMs < 1000 ? `${Math.round(s.durationMs)} ms` : `${(s.durationMs / 1000).toFixed(1)} s`}` : "";
  const msg = s.message && s.status !== "ok" ? ` — ${escapeMrkdwn(truncate(s.message, 200))}` : "";
  return `${ICON[s.status]} ${s.name}${dur}${msg}`;
}

export function progressMessage(inv: Pick<InvestigationRecord, "alertname" | "clusterId" | "alert">, stages: StageStatus[] = []): SlackMessage {
  const subject = subjectLine(inv);
  const blocks: SlackMessage["blocks"] = [
    { type: "section", text: { type: "mrkdwn", text: `:mag: *Investigating ${escapeMrkdwn(subject)}*` } },
  ];
  if (inv.alert.summary) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(truncate(inv.alert.summary, 500)) }] });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: stages.length ? stages.map(stageLine).join("   ") : ":hourglass_flowing_sand: starting" }] });
  return fitMessage({ text: escapeMrkdwn(`Investigating ${subject}`), blocks });
}
