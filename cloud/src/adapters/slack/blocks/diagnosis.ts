/**
 * The final diagnosis message (the "investigating…" message is updated in place to this): header with
 * workload, namespace, cluster and confidence; the root cause in one sentence; key evidence bullets;
 * remediation commands in code blocks with their warnings; affected resources; links to the alert's source;
 * feedback given so far; the feedback buttons. Pure: the same report always gives the same blocks.
 */
import { CATEGORIES, type Report, type ResourceRef } from "../../../../../shared/src/index.js";
import type { InvestigationRecord } from "../../../core/ports.js";
import { CONFIDENCE_STYLE, feedbackButtons, feedbackLine, refText, subjectLine } from "./common.js";
import { fitMessage } from "./fit.js";
import { LIMITS, type MessageBlock, type SlackMessage } from "./schema.js";
import { codeBlock, escapeMrkdwn, fitLines, inlineCode, link, truncate } from "./text.js";

export interface DiagnosisOptions {
  /** Base URL of the portal (local mode or a deployed one), for a "full report" link. */
  portalUrl?: string;
  /** Key evidence bullets shown in the message (the full trail goes in the thread). Default 6. */
  maxEvidence?: number;
  /** Remediation steps shown in the message. Default 4. */
  maxRemediation?: number;
}

type Inv = Pick<InvestigationRecord, "id" | "alertname" | "clusterId" | "alert" | "feedback" | "resolvedAt">;

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"]);

/** The workload a pod belongs to, among the examined resources (pod names extend their controller's name). */
function owningWorkload(target: ResourceRef | undefined, examined: ResourceRef[]): ResourceRef | undefined {
  if (target?.kind !== "Pod") return undefined;
  return examined
    .filter((r) => r.kind !== "ReplicaSet" && WORKLOAD_KINDS.has(r.kind) && r.namespace === target.namespace && target.name.startsWith(`${r.name}-`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}
const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
const section = (text: string): MessageBlock => ({ type: "section", text: mrkdwn(truncate(text, LIMITS.sectionText)) });
const context = (text: string): MessageBlock => ({ type: "context", elements: [mrkdwn(truncate(text, LIMITS.contextText))] });

export function portalLink(portalUrl: string | undefined, id: string): string | undefined {
  if (!portalUrl || !/^https?:\/\//.test(portalUrl)) return undefined;
  return `${portalUrl.replace(/\/+$/, "")}/investigations/${encodeURIComponent(id)}`;
}

export function diagnosisMessage(inv: Inv, report: Report, o: DiagnosisOptions = {}): SlackMessage {
  const rc = report.rootCause;
  const style = CONFIDENCE_STYLE[rc.confidence];
  const target = report.alert.target ?? inv.alert.target;
  const namespace = target?.namespace ?? report.alert.namespace;
  const blocks: MessageBlock[] = [];

  // The workload people know (deployment/payments-api) rather than a pod's hashed name; the culprit, which may be
  // another resource (a ConfigMap, a database), is named in the root cause line.
  const workloadRef = owningWorkload(target, report.affectedResources) ?? target ?? (rc.resource && WORKLOAD_KINDS.has(rc.resource.kind) ? rc.resource : undefined);
  const workload = workloadRef ? workloadRef.name : report.alert.alertname;
  blocks.push({
    type: "header",
    text: { type: "plain_text", emoji: true, text: truncate(`${style.emoji} ${workload}${namespace ? ` · ${namespace}` : ""} · ${report.alert.cluster} — ${style.label}`, LIMITS.headerText) },
  });
  blocks.push({
    type: "section",
    fields: [
      mrkdwn(`*Alert*\n${escapeMrkdwn(truncate(`${report.alert.alertname}${report.alert.severity ? ` (${report.alert.severity})` : ""}`, 300))}`),
      mrkdwn(`*Workload*\n${workloadRef ? escapeMrkdwn(truncate(refText(workloadRef), 300)) : "—"}${target && workloadRef !== target ? `\n_alert on ${escapeMrkdwn(truncate(refText(target), 200))}_` : ""}`),
      mrkdwn(`*Namespace*\n${escapeMrkdwn(truncate(namespace ?? "—", 300))}`),
      mrkdwn(`*Cluster*\n${escapeMrkdwn(truncate(report.alert.cluster, 300))}`),
      mrkdwn(`*Confidence*\n${style.emoji} ${rc.confidence.toUpperCase()}`),
      mrkdwn(`*Category*\n${rc.category}`),
    ],
  });

  const culprit = rc.resource ? ` Culprit: ${inlineCode(refText(rc.resource) + (rc.resource.namespace ? ` -n ${rc.resource.namespace}` : ""), 300)}` : "";
  blocks.push(section(`*Root cause:* ${escapeMrkdwn(truncate(rc.summary, 2000))}${culprit}${style.caution ? `\n_${style.caution}_` : ""}`));
  if (rc.category === "unknown") blocks.push(context(`_${CATEGORIES.unknown}_: the checks below found nothing conclusive; see the evidence trail in the thread.`));

  if (inv.resolvedAt) blocks.push(context(`:white_check_mark: Alert resolved at ${escapeMrkdwn(inv.resolvedAt)}`));
  if (report.status === "partial" || report.failures.length) {
    const lines = report.failures.map((f) => `• ${escapeMrkdwn(truncate(f, 400))}`);
    blocks.push(section(`:warning: *${report.status === "partial" ? "Partial report" : "Some checks failed"}*: could not check\n${fitLines(lines.slice(0, 3), 2500, (n) => `…and ${n} more`)}${lines.length > 3 ? `\n…and ${lines.length - 3} more in the thread` : ""}`));
  }
  if (report.history.length) blocks.push(context(`:repeat: ${escapeMrkdwn(report.history.join("; "))}`));

  const maxEv = o.maxEvidence ?? 6;
  if (report.evidence.length) {
    const lines = report.evidence.slice(0, maxEv).map((e) => `• ${escapeMrkdwn(truncate(e.detail.replace(/\s+/g, " "), 420))}`);
    const rest = report.evidence.length - Math.min(maxEv, report.evidence.length);
    blocks.push(section(`*Key evidence*\n${fitLines(lines, 2800, (n) => `…and ${n} more`)}${rest > 0 ? `\n_…${rest} more in the thread_` : ""}`));
  }

  const maxRem = o.maxRemediation ?? 4;
  if (report.remediation.length) {
    blocks.push(section("*Remediation*"));
    report.remediation.slice(0, maxRem).forEach((m, i) => {
      const parts = [`*${i + 1}.* ${escapeMrkdwn(truncate(m.description, 600))}${m.needsJudgment ? " _(needs judgment)_" : ""}`];
      if (m.warning) parts.push(`:warning: ${escapeMrkdwn(truncate(m.warning, 500))}`);
      const used = parts.join("\n").length + 1;
      if (m.command) parts.push(codeBlock(m.command, LIMITS.sectionText - used));
      blocks.push(section(parts.join("\n")));
    });
    if (report.remediation.length > maxRem) blocks.push(context(`…${report.remediation.length - maxRem} more step(s) in the thread`));
  }

  if (report.affectedResources.length) {
    const names = report.affectedResources.map((r) => escapeMrkdwn(refText(r)));
    blocks.push(context(`*Examined:* ${fitLines(names, 2900, (n) => `…and ${n} more`).split("\n").join(", ")}`));
  }
  if (report.alternatives.length) {
    blocks.push(context(`*Also considered:* ${escapeMrkdwn(report.alternatives.slice(0, 4).map((c) => `${c.category} (${c.confidence})`).join(", "))}`));
  }

  const links = [...report.alert.links.slice(0, 5).map((l) => link(l.url, truncate(l.title, 80)))];
  const portal = portalLink(o.portalUrl, inv.id);
  if (portal) links.push(link(portal, "Full report"));
  const meta = `${escapeMrkdwn(inv.id)} · ${Math.round(report.timing.durationMs)} ms · ${report.apiRequests} API requests${report.model?.used ? " · model-assisted" : ""}`;
  blocks.push(context([...links, meta].join(" · ")));

  if (inv.feedback.length) blocks.push(context(fitLines(inv.feedback.map(feedbackLine), 2900, (n) => `…and ${n} more`)));
  blocks.push(feedbackButtons(inv.id));

  const text = `${subjectLine(inv)}: ${rc.category} (${rc.confidence} confidence): ${rc.summary}`;
  return fitMessage({ text: escapeMrkdwn(text), blocks });
}
