/**
 * `npm run bench`: measures the budgets of DESIGN.md and prints one table; every figure comes from this run.
 * Sections that cannot run (a missing component, a missing tool) print "not measured" with the reason instead of
 * failing the others. Writes docs/benchmarks.md after a full run unless --no-write. Options: --quick (smaller
 * samples, no write), --only a,b (sections, no write). Exit code 1 when a figure is over its budget, 2 when a
 * section could not run, else 0.
 */
// Lambda handler loggers read their level at import: quiet them before anything is loaded.
process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= "1";

const { parseArgs } = await import("node:util");
const { execFileSync } = await import("node:child_process");
const { cpus, totalmem } = await import("node:os");
const { writeFile } = await import("node:fs/promises");
const { fileURLToPath } = await import("node:url");
const { performance } = await import("node:perf_hooks");
const { row, notMeasured, renderText, renderMarkdown } = await import("./table.js");
const { percentile, ms, mib, kib, ratio } = await import("./stats.js");
type Row = import("./table.js").Row;

const { values } = parseArgs({ options: { quick: { type: "boolean" }, "no-write": { type: "boolean" }, only: { type: "string" } }, strict: true });
const quick = !!values.quick;
const only = values.only?.split(",");
const want = (s: string) => !only || only.includes(s);
const rows: Row[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);
const t0 = performance.now();

async function section(name: string, figures: string[], fn: () => Promise<void>): Promise<void> {
  if (!want(name)) return;
  log(`== ${name}`);
  const s0 = performance.now();
  try {
    await fn();
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);
    log(`   ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
    for (const f of figures) rows.push(notMeasured(name, f, reason));
  }
  log(`   (${((performance.now() - s0) / 1000).toFixed(1)} s)`);
}

// 1. Alert → report, rules-only, local transport, whole corpus.
await section("latency-local", ["alert → diagnosis posted p50/p95 (local)"], async () => {
  const { corpusLatencyLocal } = await import("./latency.js");
  const samples = await corpusLatencyLocal({ log, filter: quick ? (n) => n < "c" : undefined });
  const v = samples.map((s) => s.ms);
  const p95 = percentile(v, 95);
  const slow = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 3).map((s) => `${s.scenario} ${ms(s.ms)}`).join(", ");
  const edited = samples.filter((s) => s.slackDiagnosis).length;
  const r = samples.map((s) => s.reportMs);
  rows.push(row("latency-local", `alert → report stored, rules-only, local, ${samples.length} scenarios: p50 / p95`, `${ms(percentile(r, 50))} / ${ms(percentile(r, 95))}`, { note: "webhook POST → the runner has stored the report (it then hands it to the notifiers)" }));
  rows.push(row("latency-local", `alert → diagnosis posted, rules-only, local, ${samples.length} scenarios: p50 / p95`, `${ms(percentile(v, 50))} / ${ms(p95)}`, { budget: "p95 < 3 s", within: p95 < 3000 && edited === samples.length, note: `webhook POST → report stored and Slack message edited into the diagnosis (${edited}/${samples.length}; local Slack Web API server; message edits paced 1/s as Slack asks); slowest: ${slow}; API requests p50 ${percentile(samples.map((s) => s.apiRequests), 50)}` }));
});

// 2. The same over SQS (moto), a subset.
await section("latency-sqs", ["alert → report p50/p95 (SQS on moto)"], async () => {
  const { listScenarioDirs } = await import("../scenarios/loader.js");
  const { sqsLatency, sqsSubsetNames } = await import("./sqs-bench.js");
  const names = sqsSubsetNames(await listScenarioDirs(), quick ? 3 : 8);
  const samples = await sqsLatency(names, log);
  const v = samples.map((s) => s.ms);
  rows.push(row("latency-sqs", `investigation over SQS (moto), ${samples.length}-scenario subset: p50 / p95`, `${ms(percentile(v, 50))} / ${ms(percentile(v, 95))}`, { note: `engine → command queue → bundled agent process → results queue → collector → DynamoDB → gateway; intake excluded; subset: ${names.join(", ")}` }));
});

// 3. Kubernetes API cost vs the manual runbook with real kubectl.
await section("api-cost", ["API requests per pod investigation"], async () => {
  const { apiCost, EMBEDDED_SCENARIO } = await import("./api-requests.js");
  const sizes = quick ? [100, 1000] : [100, 1000, 5000];
  for (const r of await apiCost(sizes, log)) {
    const s = `${r.pods} pods`;
    rows.push(row("api-cost", `${s}: kubesleuth requests / bytes / time`, `${r.agent.requests} / ${kib(r.agent.bytes)} / ${ms(r.agent.ms)}`, { budget: r.pods >= 5000 ? "≤ 30 requests" : undefined, within: r.pods >= 5000 ? r.agent.requests <= 30 : undefined, note: `${EMBEDDED_SCENARIO} embedded; diagnosis ${r.agent.category} (${r.agent.status}); ${r.objects} objects` }));
    rows.push(row("api-cost", `${s}: manual runbook (real kubectl, ${r.manual.commands} commands)`, `${r.manual.requests} / ${kib(r.manual.bytes)} / ${ms(r.manual.ms)}`, { note: r.manual.failed.length ? `failed: ${r.manual.failed.join("; ")}` : "discovery cache warm" }));
    rows.push(row("api-cost", `${s}: ratio kubesleuth ÷ manual (requests, bytes, time)`, `${ratio(r.agent.requests, r.manual.requests)}, ${ratio(r.agent.bytes, r.manual.bytes)}, ${ratio(r.agent.ms, r.manual.ms)}`));
  }
});

// 4. Agent resources: the bundled agent over SQS (the shipped form), then the dev CLI agent over the local long poll.
await section("agent-sqs", ["agent RSS/CPU (bundled, SQS)"], async () => {
  const { bundledAgentResources } = await import("./sqs-bench.js");
  const r = await bundledAgentResources({ idleSeconds: quick ? 8 : 20, investigations: quick ? 2 : 5, log });
  rows.push(row("agent-sqs", "bundled agent RSS: idle / investigating (max)", `${mib(r.idle.maxRss)} / ${mib(r.investigating.maxRss)}`, { budget: "< 120 MiB", within: r.investigating.maxRss < 120 * 2 ** 20 && r.idle.maxRss < 120 * 2 ** 20, note: `esbuild bundle of cluster-agent/src/main.ts run by node ${process.version}; 5,000-pod cluster` }));
  rows.push(row("agent-sqs", `bundled agent CPU idle (SQS long poll on moto, ${r.idle.seconds.toFixed(0)} s, no commands)`, `${r.idle.cpuSeconds.toFixed(2)} s CPU = ${r.idle.cpuPercent.toFixed(2)} % of a core`, { budget: "near zero", within: r.idle.cpuPercent < 1 }));
  rows.push(row("agent-sqs", `bundled agent CPU investigating (${r.investigating.investigations} pod investigations back to back)`, `${r.investigating.cpuSeconds.toFixed(2)} s CPU in ${r.investigating.seconds.toFixed(1)} s = ${r.investigating.cpuPercent.toFixed(1)} % of a core`, { note: r.investigating.categories.join(", ") }));
});
await section("agent-local", ["agent RSS/CPU (CLI under tsx, local long poll)"], async () => {
  const { agentResources } = await import("./agent-resources.js");
  const r = await agentResources({ idleSeconds: quick ? 5 : 10, investigations: quick ? 2 : 3, log });
  rows.push(row("agent-local", "`kubesleuth agent` under tsx RSS: idle / investigating (max)", `${mib(r.idle.maxRss)} / ${mib(r.investigating.maxRss)}`, { note: "dev form: tsx compiles TypeScript in-process (esbuild service + full CLI); not the shipped image" }));
  rows.push(row("agent-local", `\`kubesleuth agent\` CPU idle (local long poll, ${r.idle.seconds.toFixed(0)} s) / investigating`, `${r.idle.cpuPercent.toFixed(2)} % / ${r.investigating.cpuPercent.toFixed(1)} % of a core`, { note: r.investigating.categories.join(", ") }));
});

// 5. Alert storm against the local server.
await section("storm", ["alert storm"], async () => {
  const { alertStorm } = await import("./storm.js");
  const r = await alertStorm({ webhooks: 1000, log });
  const non202 = Object.entries(r.statuses).filter(([s]) => s !== "202").map(([s, n]) => `${n}× ${s}`).join(", ");
  rows.push(row("storm", `${r.webhooks} webhooks (${r.alertsInBodies} alerts, ${r.distinctAlerts} distinct) sent in`, ms(r.sendMs), { budget: "1,000 within a minute", within: r.webhooks >= 1000 && r.sendMs <= 60_000, note: `8 concurrent senders on 127.0.0.1; ${non202 ? `non-202: ${non202}` : "all 202"}${r.retried ? `; ${r.retried} retries` : ""}` }));
  rows.push(row("storm", "intake latency p50 / p95 / max", `${ms(r.latency.p50)} / ${ms(r.latency.p95)} / ${ms(r.latency.max)}`, { note: "file store (fsync per write batch) while investigations run" }));
  rows.push(row("storm", "decisions", Object.entries(r.actions).map(([a, n]) => `${a} ${n}`).join(", "), { note: `investigations created ${r.investigations} (${Object.entries(r.investigationsByStatus).map(([s, n]) => `${s} ${n}`).join(", ")} at the end of the storm)` }));
  rows.push(row("storm", "alerts lost (sent, not in any investigation, not skipped by a rule)", String(r.lost.length), { budget: "0", within: r.lost.length === 0, note: r.lost.length ? r.lost.slice(0, 5).join(", ") : `skipped by rule: ${r.skippedByRule}` }));
});

const total = (performance.now() - t0) / 1000;
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version}, kubectl ${kubectlVersion()}, ${new Date().toISOString().slice(0, 10)}`;
process.stdout.write(`\nkubesleuth bench — ${machine} — ${total.toFixed(0)} s\n\n${renderText(rows)}\n`);
const over = rows.filter((r) => r.verdict === "OVER");
if (over.length) process.stdout.write(`\nOVER BUDGET: ${over.map((r) => r.figure).join("; ")}\n`);
// CI can gate on the budgets: 1 when a figure is over its budget, 2 when a budgeted section could not run.
const missing = rows.filter((r) => r.verdict === "not measured");
if (missing.length) process.stdout.write(`NOT MEASURED: ${missing.map((r) => `${r.figure} (${r.note})`).join("; ")}\n`);
process.exitCode = over.length ? 1 : missing.length ? 2 : 0;
if (!values["no-write"] && !only && !quick) {
  const path = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
  const { renderDoc } = await import("./doc.js");
  await writeFile(path, renderDoc({ machine, seconds: total, table: renderMarkdown(rows) }));
  process.stdout.write(`\nwrote ${path}\n`);
}

function kubectlVersion(): string {
  try {
    const out = execFileSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8", timeout: 10_000 });
    return (JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? "?";
  } catch {
    return "not found";
  }
}
