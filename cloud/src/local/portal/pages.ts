/** Server-rendered portal pages. Everything dynamic goes through the escaping `html` template. */
import { describeRef, type ResourceRef, type TopologyGraph } from "../../../../shared/src/index.js";
import type { InvestigationRecord } from "../../core/ports.js";
import { html, pathSegment, type SafeHtml } from "./html.js";
import { timeToDiagnosisMs, type PortalStats } from "./stats.js";
import { topologySvg } from "./topology-svg.js";

export function layout(title: string, body: SafeHtml, opts: { refreshMs?: number } = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · kubesleuth</title><link rel="stylesheet" href="/static/portal.css"></head>
<body${opts.refreshMs ? html` data-refresh="${String(opts.refreshMs)}"` : ""}>
<header class="top"><a class="brand" href="/">kubesleuth</a><a href="/">Investigations</a><a href="/stats">Stats</a></header>
<main>${body}</main><script src="/static/portal.js"></script></body></html>`.value;
}

export const fmtMs = (ms: number | undefined): string =>
  ms === undefined ? "–" : ms < 1000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;

const targetText = (r: InvestigationRecord): string => {
  const t: ResourceRef | undefined = r.alert.target;
  return t ? `${t.kind}/${t.name}${t.namespace ? ` (${t.namespace})` : ""}` : r.alert.namespace ? `namespace ${r.alert.namespace}` : "–";
};

const confidenceBadge = (c: string | undefined) => (c ? html`<span class="badge conf-${c}">${c}</span>` : html`<span class="muted">–</span>`);

function latestFeedback(r: InvestigationRecord): string {
  const f = r.feedback.at(-1);
  return f ? `${f.verdict}${r.feedback.length > 1 ? ` (+${r.feedback.length - 1})` : ""}` : "–";
}

export function listPage(records: InvestigationRecord[]): string {
  const active = records.some((r) => r.status === "queued" || r.status === "running");
  const rows = records.map((r) => html`<tr data-id="${r.id}">
<td><a href="/investigations/${pathSegment(r.id)}">${r.alertname}</a><div class="muted">${r.createdAt.replace("T", " ").slice(0, 19)} · ${r.clusterId}</div></td>
<td>${targetText(r)}</td>
<td class="st-${r.status}">${r.status}${r.resolvedAt ? html` <span class="muted">(resolved)</span>` : ""}</td>
<td>${r.report?.rootCause.category ?? "–"}</td>
<td>${confidenceBadge(r.report?.rootCause.confidence)}</td>
<td>${fmtMs(timeToDiagnosisMs(r))}</td>
<td>${latestFeedback(r)}</td></tr>`);
  const body = html`<h1>Investigations</h1><div class="card">${records.length === 0
    ? html`<p class="muted">No investigations yet. Point an Alertmanager webhook receiver at <code>/alerts/alertmanager</code> on this server.</p>`
    : html`<table id="investigations"><thead><tr><th>Alert</th><th>Target</th><th>Status</th><th>Category</th><th>Confidence</th><th>Time to diagnosis</th><th>Feedback</th></tr></thead><tbody>${rows}</tbody></table>`}</div>`;
  return layout("Investigations", body, { refreshMs: active ? 3000 : undefined });
}

export function detailPage(r: InvestigationRecord, topology: TopologyGraph | undefined): string {
  const rep = r.report;
  const active = r.status === "queued" || r.status === "running";
  const stages = (rep?.stages.length ? rep.stages : r.stages ?? []).map((s) =>
    html`<span class="stage ${s.status}" title="${s.message ?? ""}">${s.name}: ${s.status}${s.durationMs !== undefined ? ` · ${fmtMs(s.durationMs)}` : ""}</span>`);
  const header = html`<h1>${r.alertname} <span class="muted">on ${targetText(r)}</span></h1>
<div class="card"><div><span class="st-${r.status}">${r.status}</span>${r.resolvedAt ? html` · <span class="muted">alert resolved ${r.resolvedAt}</span>` : ""} · cluster ${r.clusterId} · started ${r.createdAt} · time to diagnosis ${fmtMs(timeToDiagnosisMs(r))}</div>
${rep ? html`<p class="summary"><strong id="category">${rep.rootCause.category}</strong> ${confidenceBadge(rep.rootCause.confidence)}${rep.rootCause.resource ? html` · culprit <code id="culprit">${describeRef(rep.rootCause.resource)}</code>` : ""}</p><p class="summary" id="root-summary">${rep.rootCause.summary}</p>` : html`<p class="muted">${active ? "Investigating…" : r.error ?? "No report."}</p>`}
<div class="stages">${stages}</div>
${rep?.failures.length ? html`<div class="error"><strong>Could not see everything:</strong><ul>${rep.failures.map((f) => html`<li>${f}</li>`)}</ul></div>` : ""}
${rep?.history.length ? html`<p class="muted">${rep.history.map((h) => html`${h}<br>`)}</p>` : ""}</div>`;

  const topo = topology
    ? html`<h2>Topology</h2><div class="card" id="topology">${topologySvg(topology, { culprit: rep?.rootCause.resource, target: r.alert.target })}
<p class="muted">Red outline: culprit. Blue: the alert's target. Dashed: referenced but missing.${topology.warnings.length ? ` Not visible: ${topology.warnings.join("; ")}` : ""}</p></div>`
    : "";
  const remediation = rep?.remediation.length
    ? html`<h2>Remediation</h2><div class="card" id="remediation">${rep.remediation.map((m, i) => html`<div class="remedy"><div>${m.description}${m.needsJudgment ? html` <span class="badge conf-medium">needs judgment</span>` : ""}</div>
${m.command ? html`<div class="cmd"><pre><code id="cmd-${String(i)}">${m.command}</code></pre><button type="button" data-copy="cmd-${String(i)}">Copy</button></div>` : ""}
${m.warning ? html`<div class="warn">⚠ ${m.warning}</div>` : ""}</div>`)}</div>`
    : "";
  const alternatives = rep?.alternatives.length
    ? html`<h2>Other candidates</h2><div class="card"><ul>${rep.alternatives.map((a) => html`<li>${a.category} ${confidenceBadge(a.confidence)} ${a.resource ? describeRef(a.resource) : ""}: ${a.summary}</li>`)}</ul></div>`
    : "";
  const evidence = rep?.evidence.length
    ? html`<h2>Evidence</h2><div class="card"><table id="evidence"><thead><tr><th>Source</th><th>What it shows</th></tr></thead><tbody>${rep.evidence.map((e) => html`<tr><td><code>${e.source}</code>${e.at ? html`<div class="muted">${e.at}</div>` : ""}</td><td><pre>${e.detail}</pre></td></tr>`)}</tbody></table></div>`
    : "";
  const attached = r.attached.length
    ? html`<h2>Related alerts</h2><div class="card"><ul>${r.attached.map((a) => html`<li>${a.alertname} ${a.status} at ${a.receivedAt}</li>`)}</ul></div>`
    : "";
  const links = rep?.alert.links.length
    ? html`<p>${rep.alert.links.map((l) => (/^https?:\/\//i.test(l.url) ? html`<a href="${l.url}" rel="noopener noreferrer">${l.title}</a> ` : html`${l.title} `))}</p>`
    : "";
  const feedback = rep
    ? html`<h2>Was this right?</h2><div class="card"><form class="feedback" method="post" action="/api/investigations/${pathSegment(r.id)}/feedback" data-api="/api/investigations/${pathSegment(r.id)}/feedback">
<textarea name="note" placeholder="Optional: what was the real cause?" maxlength="2000"></textarea>
<p><button type="submit" name="verdict" value="accurate">Accurate</button> <button type="submit" name="verdict" value="partly">Partly accurate</button> <button type="submit" name="verdict" value="wrong">Wrong</button></p>
<div class="fb-status" role="status"></div></form>
<ul id="feedback-list">${r.feedback.map((f) => html`<li>${f.verdict}${f.note ? `: ${f.note}` : ""} <span class="muted">(${f.user}, ${f.at})</span></li>`)}</ul></div>`
    : "";
  return layout(`${r.alertname} ${targetText(r)}`, html`${header}${links}${topo}${remediation}${evidence}${alternatives}${attached}${feedback}`, { refreshMs: active ? 2000 : undefined });
}

export function statsPage(s: PortalStats): string {
  const maxDay = Math.max(1, ...s.perDay.map((d) => d.count));
  const pct = (x: number | undefined) => (x === undefined ? "–" : `${Math.round(x * 100)}%`);
  const body = html`<h1>Stats</h1>
<div class="card"><p>${s.total} investigations · ${Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`).join(", ") || "none"} · median time to diagnosis ${fmtMs(s.medianTimeToDiagnosisMs)} · ${s.judged} judged, accuracy ${pct(s.overallAccuracy)}</p></div>
<h2>Accuracy by category (from feedback)</h2><div class="card"><table id="accuracy"><thead><tr><th>Category</th><th>Investigations</th><th>Accurate</th><th>Partly</th><th>Wrong</th><th>Accuracy</th></tr></thead><tbody>
${s.byCategory.map((c) => html`<tr><td>${c.category}</td><td>${c.investigations}</td><td>${c.accurate}</td><td>${c.partly}</td><td>${c.wrong}</td><td>${pct(c.accuracy)}</td></tr>`)}</tbody></table></div>
<h2>Investigations per day</h2><div class="card"><table id="per-day"><tbody>${s.perDay.map((d) => html`<tr><td>${d.day}</td><td>${d.count}</td><td><svg class="day-bar" width="300" height="14" aria-hidden="true"><rect width="${String(Math.round((d.count / maxDay) * 300))}" height="14" rx="3" fill="#64b5f6"/></svg></td></tr>`)}</tbody></table></div>`;
  return layout("Stats", body);
}

export function loginPage(error?: string): string {
  return layout("Sign in", html`<h1>Sign in</h1><div class="card"><form class="login" method="post" action="/login">
<p>Enter the server token (KUBESLEUTH_TOKEN, or the <code>token</code> file in the data dir).</p>
${error ? html`<div class="error">${error}</div>` : ""}<input type="password" name="token" autocomplete="current-password" aria-label="token" autofocus><button type="submit">Sign in</button></form></div>`);
}

export function messagePage(title: string, text: string): string {
  return layout(title, html`<h1>${title}</h1><div class="card"><p>${text}</p></div>`);
}
