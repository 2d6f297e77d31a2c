/** Static CSS and JS of the portal, served from /static/ so the CSP can forbid inline script. */
export const PORTAL_CSS = `
:root { --fg:#1d2330; --muted:#5f6b7a; --line:#d9dee5; --bg:#f6f7f9; --card:#fff; --red:#c62828; --amber:#b26a00; --green:#2e7d32; --blue:#1565c0; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#141a24; color:#fff; padding:10px 24px; display:flex; gap:24px; align-items:center; }
header.top a { color:#cfd8e3; text-decoration:none; } header.top a.brand { color:#fff; font-weight:600; font-size:16px; }
main { padding:20px 24px; max-width:1400px; }
h1 { font-size:20px; margin:0 0 12px; } h2 { font-size:16px; margin:24px 0 8px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px; margin-bottom:16px; overflow-x:auto; }
table { border-collapse:collapse; width:100%; } th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size:12.5px; }
pre { background:#0f1620; color:#e6edf3; padding:10px 12px; border-radius:6px; overflow-x:auto; margin:6px 0; white-space:pre-wrap; word-break:break-all; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; border:1px solid transparent; }
.conf-high { background:#e8f5e9; color:var(--green); border-color:#a5d6a7; } .conf-medium { background:#fff3e0; color:var(--amber); border-color:#ffcc80; } .conf-low { background:#eceff1; color:var(--muted); border-color:#cfd8dc; }
.st-complete { color:var(--green); } .st-partial { color:var(--amber); } .st-failed { color:var(--red); } .st-running, .st-queued { color:var(--blue); }
.muted { color:var(--muted); } .summary { font-size:15px; margin:8px 0; }
.stages { display:flex; gap:8px; flex-wrap:wrap; } .stage { border:1px solid var(--line); border-radius:6px; padding:4px 10px; font-size:12px; }
.stage.ok { border-color:#a5d6a7; } .stage.failed, .stage.timeout { border-color:#ef9a9a; background:#ffebee; } .stage.skipped { opacity:.6; }
.remedy { margin-bottom:14px; } .remedy .warn { color:var(--amber); font-size:13px; }
.cmd { display:flex; gap:8px; align-items:flex-start; } .cmd pre { flex:1; }
button { font:inherit; cursor:pointer; border:1px solid var(--line); background:#fff; border-radius:6px; padding:5px 12px; }
button:hover { background:#eef2f7; } button.copied { background:#e8f5e9; border-color:#a5d6a7; }
.feedback button[value=accurate] { border-color:#a5d6a7; } .feedback button[value=wrong] { border-color:#ef9a9a; }
textarea { width:100%; min-height:54px; font:inherit; padding:6px; border:1px solid var(--line); border-radius:6px; }
svg.topology { max-width:100%; height:auto; background:#fbfcfd; border:1px solid var(--line); border-radius:6px; }
svg.topology .node rect { fill:#fff; stroke:#90a4ae; stroke-width:1.2; }
svg.topology .node text.kind { font-size:10.5px; fill:var(--muted); } svg.topology .node text.name { font-size:12.5px; fill:var(--fg); font-weight:600; }
svg.topology .node.kind-pod rect { fill:#f3f8ff; } svg.topology .node.kind-deployment rect, svg.topology .node.kind-statefulset rect, svg.topology .node.kind-daemonset rect { fill:#f1f8f2; }
svg.topology .node.kind-configmap rect, svg.topology .node.kind-secret rect { fill:#fffaf0; } svg.topology .node.kind-node rect { fill:#f5f5f5; }
svg.topology .node.target rect { stroke:var(--blue); stroke-width:2; }
svg.topology .node.culprit rect { stroke:var(--red); stroke-width:3; fill:#fff1f0; } svg.topology .node.culprit text.kind { fill:var(--red); font-weight:700; }
svg.topology .node.missing rect { stroke-dasharray:5 4; fill:#fafafa; stroke:var(--red); }
svg.topology .edge path { fill:none; stroke:#9aa7b5; stroke-width:1.2; } svg.topology .edge text { font-size:10px; fill:var(--muted); }
svg.topology .edge.missing path { stroke-dasharray:5 4; stroke:var(--red); } svg.topology marker path { fill:#9aa7b5; }
svg.day-bar { vertical-align:middle; }
form.login { max-width:420px; } input[type=password] { width:100%; padding:6px; font:inherit; margin:8px 0; }
.notice { padding:8px 12px; border-radius:6px; background:#e8f5e9; border:1px solid #a5d6a7; margin:8px 0; }
.error { padding:8px 12px; border-radius:6px; background:#ffebee; border:1px solid #ef9a9a; margin:8px 0; }
`;

export const PORTAL_JS = `
"use strict";
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const ta = document.createElement("textarea");
  ta.value = text; document.body.appendChild(ta); ta.select();
  try { document.execCommand("copy"); } finally { ta.remove(); }
  return Promise.resolve();
}
document.addEventListener("click", (ev) => {
  const btn = ev.target.closest("button[data-copy]");
  if (!btn) return;
  const src = document.getElementById(btn.getAttribute("data-copy"));
  if (!src) return;
  copyText(src.textContent).then(() => {
    btn.classList.add("copied"); btn.textContent = "Copied";
    setTimeout(() => { btn.classList.remove("copied"); btn.textContent = "Copy"; }, 2000);
  }, () => { btn.textContent = "Copy failed"; });
});
document.addEventListener("submit", (ev) => {
  const form = ev.target;
  if (!form.matches("form.feedback")) return;
  ev.preventDefault();
  const verdict = ev.submitter && ev.submitter.value;
  const note = form.querySelector("textarea[name=note]").value;
  const status = form.querySelector(".fb-status");
  fetch(form.getAttribute("data-api"), {
    method: "POST", credentials: "same-origin",
    headers: { "content-type": "application/json", "x-kubesleuth-portal": "1" },
    body: JSON.stringify({ verdict, note: note || undefined }),
  }).then(async (r) => {
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
    status.className = "fb-status notice"; status.textContent = "Thanks: recorded as " + verdict + ".";
    const list = document.getElementById("feedback-list");
    if (list) { const li = document.createElement("li"); li.textContent = verdict + (note ? ": " + note : ""); list.appendChild(li); }
  }).catch((e) => { status.className = "fb-status error"; status.textContent = "Could not record feedback: " + e.message; });
});
const refresh = document.querySelector("[data-refresh]");
if (refresh) setTimeout(() => location.reload(), Number(refresh.getAttribute("data-refresh")) || 3000);
`;
