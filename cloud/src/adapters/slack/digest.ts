/**
 * The daily digest: from the investigations stored over the last 24 h, counts by root-cause category,
 * time to diagnosis (alert received → diagnosis ready, p50/p95), accuracy from the feedback given in the window,
 * and the noisiest workloads; rendered as Block Kit and posted to the channel. computeDigest is pure.
 */
import type { Category } from "../../../../shared/src/index.js";
import type { FeedbackRecord, InvestigationRecord, InvestigationStatus, InvestigationStore } from "../../core/ports.js";
import { escapeMrkdwn, fitLines, fitMessage, refText, type SlackMessage } from "./blocks/index.js";
import type { Posted, SlackApi } from "./client.js";

export interface Digest {
  from: string;
  to: string;
  investigations: number;
  /** Alert notifications, including repeats and alerts attached to an open investigation. */
  alerts: number;
  byStatus: Partial<Record<InvestigationStatus, number>>;
  byCategory: { category: Category; count: number }[];
  timeToDiagnosis?: { n: number; p50Ms: number; p95Ms: number };
  accuracy: { judged: number; accurate: number; partly: number; wrong: number; rate?: number };
  noisiest: { targetKey: string; label: string; alerts: number; investigations: number; categories: Category[] }[];
  deliveryPending: number;
  resolved: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Alert received → diagnosis ready (queue wait included); the engine's own duration when times are missing. */
export function diagnosisMs(r: InvestigationRecord): number | undefined {
  if (!r.report) return undefined;
  const d = Date.parse(r.report.timing.finishedAt) - Date.parse(r.alert.receivedAt ?? r.createdAt);
  if (Number.isFinite(d) && d >= 0) return d;
  return r.report.timing.durationMs;
}

function label(r: InvestigationRecord): string {
  const t = r.alert.target;
  const ns = t?.namespace ?? r.alert.namespace;
  return `${t ? refText(t) : r.alertname}${ns ? ` (${ns}, ${r.clusterId})` : ` (${r.clusterId})`}`;
}

export function computeDigest(records: InvestigationRecord[], feedback: FeedbackRecord[], now: Date, windowHours = 24): Digest {
  const to = now.toISOString();
  const from = new Date(now.getTime() - windowHours * 3600_000).toISOString();
  const inWindow = records.filter((r) => r.createdAt >= from && r.createdAt <= to);
  const byStatus: Digest["byStatus"] = {};
  const cats = new Map<Category, number>();
  const times: number[] = [];
  const targets = new Map<string, Digest["noisiest"][number]>();
  let alerts = 0;
  for (const r of inWindow) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const n = 1 + r.attached.filter((a) => a.status === "firing").length;
    alerts += n;
    const cat = r.report?.rootCause.category;
    if (cat) cats.set(cat, (cats.get(cat) ?? 0) + 1);
    const ms = diagnosisMs(r);
    if (ms !== undefined) times.push(ms);
    const t = targets.get(r.targetKey) ?? { targetKey: r.targetKey, label: label(r), alerts: 0, investigations: 0, categories: [] };
    t.alerts += n;
    t.investigations += 1;
    if (cat && !t.categories.includes(cat)) t.categories.push(cat);
    targets.set(r.targetKey, t);
  }
  times.sort((a, b) => a - b);
  // The latest verdict per (investigation, user) in the window: people change their mind.
  const latest = new Map<string, FeedbackRecord>();
  for (const f of [...feedback].filter((f) => f.at >= from && f.at <= to).sort((a, b) => a.at.localeCompare(b.at))) latest.set(`${f.investigationId}|${f.user}`, f);
  const verdicts = [...latest.values()];
  const count = (v: FeedbackRecord["verdict"]) => verdicts.filter((f) => f.verdict === v).length;
  const accuracy = { judged: verdicts.length, accurate: count("accurate"), partly: count("partly"), wrong: count("wrong"), rate: undefined as number | undefined };
  if (accuracy.judged) accuracy.rate = (accuracy.accurate + 0.5 * accuracy.partly) / accuracy.judged;
  return {
    from, to,
    investigations: inWindow.length,
    alerts,
    byStatus,
    byCategory: [...cats].map(([category, c]) => ({ category, count: c })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    ...(times.length ? { timeToDiagnosis: { n: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) } } : {}),
    accuracy,
    noisiest: [...targets.values()].sort((a, b) => b.alerts - a.alerts || b.investigations - a.investigations || a.label.localeCompare(b.label)).slice(0, 5),
    deliveryPending: inWindow.filter((r) => r.deliveryPending).length,
    resolved: inWindow.filter((r) => r.resolvedAt).length,
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function digestMessage(d: Digest): SlackMessage {
  const status = Object.entries(d.byStatus).map(([s, n]) => `${n} ${s}`).join(", ");
  const blocks: SlackMessage["blocks"] = [
    { type: "header", text: { type: "plain_text", text: `kubesleuth daily digest: ${d.to.slice(0, 10)}` } },
    { type: "context", elements: [{ type: "mrkdwn", text: `Last 24 h (${d.from.slice(0, 16).replace("T", " ")} → ${d.to.slice(0, 16).replace("T", " ")} UTC)` }] },
  ];
  if (!d.investigations) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: ":sunny: No alerts were investigated in the last 24 hours." } });
    return fitMessage({ text: "kubesleuth daily digest: nothing investigated in the last 24 hours", blocks });
  }
  blocks.push({
    type: "section",
    fields: [
      { type: "mrkdwn", text: `*Investigations*\n${d.investigations} (${d.alerts} alert notification${d.alerts === 1 ? "" : "s"})` },
      { type: "mrkdwn", text: `*Status*\n${status || "—"}${d.resolved ? `; ${d.resolved} resolved` : ""}` },
      { type: "mrkdwn", text: `*Time to diagnosis*\n${d.timeToDiagnosis ? `p50 ${formatDuration(d.timeToDiagnosis.p50Ms)} · p95 ${formatDuration(d.timeToDiagnosis.p95Ms)} (${d.timeToDiagnosis.n})` : "—"}` },
      {
        type: "mrkdwn",
        text: `*Accuracy (feedback)*\n${d.accuracy.judged ? `${Math.round(d.accuracy.rate! * 100)}% of ${d.accuracy.judged} verdict${d.accuracy.judged === 1 ? "" : "s"}: ${d.accuracy.accurate} accurate, ${d.accuracy.partly} partly, ${d.accuracy.wrong} wrong` : "no verdicts given"}`,
      },
    ],
  });
  if (d.byCategory.length) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*By root cause*\n${fitLines(d.byCategory.map((c) => `• ${c.category}: ${c.count}`), 2800)}` } });
  }
  if (d.noisiest.length) {
    const lines = d.noisiest.map((t) => `• ${escapeMrkdwn(t.label)}: ${t.alerts} alert${t.alerts === 1 ? "" : "s"}, ${t.investigations} investigation${t.investigations === 1 ? "" : "s"}${t.categories.length ? ` (${t.categories.join(", ")})` : ""}`);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Noisiest workloads*\n${fitLines(lines, 2800)}` } });
  }
  if (d.deliveryPending) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:warning: ${d.deliveryPending} report(s) could not be delivered yet; they are retried.` }] });
  const text = `kubesleuth daily digest: ${d.investigations} investigations${d.byCategory[0] ? `, most often ${d.byCategory[0].category}` : ""}`;
  return fitMessage({ text, blocks });
}

/** Read the last 24 h from the store, post the digest, return what was posted. */
export async function postDigest(o: { store: InvestigationStore; slack: SlackApi; channel: string; now: Date; windowHours?: number }): Promise<{ digest: Digest; posted: Posted }> {
  const since = new Date(o.now.getTime() - (o.windowHours ?? 24) * 3600_000).toISOString();
  const [records, feedback] = await Promise.all([o.store.listInvestigations({ since }), o.store.listFeedback({ since })]);
  const digest = computeDigest(records, feedback, o.now, o.windowHours);
  return { digest, posted: await o.slack.post(o.channel, digestMessage(digest)) };
}
