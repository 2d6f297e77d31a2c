/**
 * Block Kit over the whole scenario corpus: each scenario's report from the real engine (fake agent) renders to
 * a diagnosis, progress, thread and modal that validate against the Block Kit schema and its limits; a few are
 * snapshotted. Oversized and hostile reports are truncated with a marker and escaped, never rejected.
 */
import { describe, expect, it } from "vitest";
import { CATEGORY_IDS, ReportSchema, type Report } from "../../../../../shared/src/index.js";
import { listScenarioDirs } from "../../../../../test/scenarios/loader.js";
import { scenarioRun } from "../../../../../test/slack-server/fixtures.js";
import { runInvestigation } from "../../../core/engine/engine.js";
import { renderMarkdown } from "../../../core/report/markdown.js";
import type { FeedbackRecord, InvestigationRecord } from "../../../core/ports.js";
import {
  LIMITS, MessageSchema, ModalViewSchema, TRUNCATION_MARKER, diagnosisMessage, feedbackModal, progressMessage, threadMessages,
  type SlackMessage,
} from "./index.js";

const SNAPSHOT = new Set(["payments-oom", "checkout-configmap-bad-value", "frontend-image-tag-typo", "web-flapping-unknown", "api-postgres-down"]);

/** Wall-clock durations differ per run: zero them so snapshots are stable. */
function stable(r: Report): Report {
  return { ...r, timing: { ...r.timing, durationMs: 1234 }, stages: r.stages.map((s) => ({ ...s, durationMs: s.durationMs === undefined ? undefined : 10 })) };
}

function valid(m: SlackMessage): void {
  const r = MessageSchema.safeParse(m);
  expect(r.success, r.success ? "" : JSON.stringify(r.error.issues.slice(0, 5))).toBe(true);
  expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const b of m.blocks) {
    const texts = [
      ...(b.type === "section" ? [b.text?.text, ...(b.fields ?? []).map((f) => f.text)] : []),
      ...(b.type === "context" ? b.elements.map((e) => e.text) : []),
    ].filter((t): t is string => !!t);
    // Fences balanced: an open ``` would swallow the rest of the message.
    for (const t of texts) expect((t.match(/```/g)?.length ?? 0) % 2, t.slice(0, 200)).toBe(0);
  }
}

describe("Block Kit over the scenario corpus", async () => {
  const dirs = await listScenarioDirs();
  it.each(dirs.map((d) => [d.split("/").pop()!, d]))("%s", async (name, dir) => {
    const run = await scenarioRun(dir);
    const report = stable(await runInvestigation(run.alert, { investigationId: `inv-${name}` }, { gateway: run.gateway, clock: run.clock }));
    const inv: InvestigationRecord = run.record(`inv-${name}`, { report });
    const main = diagnosisMessage(inv, report, { portalUrl: "https://kubesleuth.example.com" });
    valid(main);
    expect(main.blocks[0]!.type).toBe("header");
    expect(main.blocks.at(-1)).toMatchObject({ type: "actions" });
    const all = JSON.stringify(main.blocks);
    expect(all).toContain(report.rootCause.category);
    if (report.remediation.some((x) => x.command)) expect(all).toContain("```");
    valid(progressMessage(inv, report.stages));
    const thread = threadMessages(report, renderMarkdown(report));
    expect(thread.length).toBeGreaterThan(0);
    thread.forEach(valid);
    const modal = feedbackModal({ investigationId: inv.id, channel: "C1", ts: "1.2" }, report.rootCause);
    const mv = ModalViewSchema.safeParse(modal);
    expect(mv.success, mv.success ? "" : JSON.stringify(mv.error.issues)).toBe(true);
    if (SNAPSHOT.has(name)) expect({ main, thread }).toMatchSnapshot();
  });
});

function hugeReport(base: Report): Report {
  const long = (n: number, s = "x") => s.repeat(n);
  return ReportSchema.parse({
    ...base,
    alert: { ...base.alert, alertname: `<!channel> ${long(300, "A")}`, links: [{ title: "evil", url: "javascript:alert(1)" }, { title: "ok|<b>", url: "https://grafana.example.com/d/x?a=1&b=2" }] },
    rootCause: { ...base.rootCause, summary: `<@U123> *bold* ${long(8000)}`, confidence: "low" },
    evidence: Array.from({ length: 400 }, (_, i) => ({ source: `kubectl logs pod-${i} ${long(900, "s")}`, detail: `line ${i} \`\`\` <!here> ${long(2500, "d")}` })),
    remediation: Array.from({ length: 30 }, (_, i) => ({ description: `step ${i} ${long(900, "r")}`, command: `kubectl patch deployment x -p '${long(5000, "c")}' \`\`\``, warning: long(900, "w") })),
    affectedResources: Array.from({ length: 2000 }, (_, i) => ({ kind: "Pod", namespace: "ns", name: `pod-${i}-${long(40, "p")}` })),
    failures: Array.from({ length: 50 }, (_, i) => `failure ${i} ${long(600, "f")}`),
    history: [long(5000, "h")],
    alternatives: Array.from({ length: 20 }, () => base.rootCause),
  });
}

describe("limits and escaping", async () => {
  const dirs = await listScenarioDirs();
  const run = await scenarioRun(dirs.find((d) => d.endsWith("payments-oom"))!);
  const base = await runInvestigation(run.alert, { investigationId: "big" }, { gateway: run.gateway, clock: run.clock });
  const feedback: FeedbackRecord[] = Array.from({ length: 60 }, (_, i) => ({
    investigationId: "big", clusterId: "c", targetKey: "t", alertname: "a", verdict: "wrong", category: "oom-killed", user: `<!everyone>${i}`, note: "n".repeat(3000), at: "2026-01-01T00:00:00Z",
  }));

  it("a pathological report still gives valid messages within every limit, with the truncation marker", () => {
    const report = hugeReport(base);
    const inv = run.record("big", { report, feedback });
    const main = diagnosisMessage(inv, report, { portalUrl: "https://k.example.com", maxEvidence: 40, maxRemediation: 60 });
    valid(main);
    const json = JSON.stringify(main);
    expect(json).toContain(TRUNCATION_MARKER);
    expect(main.blocks.at(-1)).toMatchObject({ type: "actions" });
    const thread = threadMessages(report, renderMarkdown(report), "https://k.example.com/investigations/big");
    thread.forEach(valid);
    expect(JSON.stringify(thread.at(-1))).toContain(TRUNCATION_MARKER);
    valid(progressMessage({ ...inv, alert: { ...inv.alert, summary: "s".repeat(9000) } }, report.stages.map((s) => ({ ...s, message: "m".repeat(5000), status: "failed" }))));
  });

  it("alert text can never mention a channel, a user, or forge a link", () => {
    const report = hugeReport(base);
    const inv = run.record("big", { report, feedback });
    const json = JSON.stringify([diagnosisMessage(inv, report), ...threadMessages(report, renderMarkdown(report)), progressMessage(inv)]);
    expect(json).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U123>/);
    expect(json).toContain("&lt;!channel&gt;");
    expect(json).not.toContain("javascript:");
    expect(json).toContain("<https://grafana.example.com/d/x?a=1&amp;b=2|ok¦&lt;b&gt;>");
  });

  it("confidence is shown differently per level", () => {
    const heads = (["high", "medium", "low"] as const).map((c) => {
      const r = { ...base, rootCause: { ...base.rootCause, confidence: c } };
      const m = diagnosisMessage(run.record("x", { report: r }), r);
      return JSON.stringify(m.blocks.slice(0, 3));
    });
    expect(heads[0]).toContain(":red_circle:");
    expect(heads[1]).toContain(":large_orange_circle:");
    expect(heads[2]).toContain(":white_circle:");
    expect(heads[2]).toContain("verify before acting");
    expect(new Set(heads).size).toBe(3);
  });

  it("the modal offers every category and starts on the diagnosed one", () => {
    const m = feedbackModal({ investigationId: "i" }, { category: "config-value", summary: "s" });
    const select = (m.blocks[1] as any).element;
    expect(select.options.map((o: any) => o.value)).toEqual(CATEGORY_IDS);
    expect(select.initial_option.value).toBe("config-value");
  });
});
