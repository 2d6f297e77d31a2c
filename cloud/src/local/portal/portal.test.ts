import { describe, expect, it } from "vitest";
import type { TopologyGraph } from "../../../../shared/src/index.js";
import type { FeedbackRecord, InvestigationRecord } from "../../core/ports.js";
import { escapeHtml, html } from "./html.js";
import { computeStats } from "./stats.js";
import { topologySvg } from "./topology-svg.js";

describe("html template", () => {
  it("escapes every interpolation, including attribute breakouts", () => {
    const evil = `"><img src=x onerror=alert(1)>'\``;
    const out = html`<a title="${evil}">${evil}</a>`.value;
    expect(out).not.toContain("<img");
    expect(out).not.toMatch(/"\s*>\s*<img/);
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;&#39;&#96;");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
  it("nests safe fragments and arrays without double escaping", () => {
    const inner = html`<b>${"<x>"}</b>`;
    expect(html`<p>${[inner, "&"]}</p>`.value).toBe("<p><b>&lt;x&gt;</b>&amp;</p>");
  });
});

describe("topology SVG", () => {
  const g: TopologyGraph = {
    root: "Pod/payments/api-1",
    nodes: [
      { id: "Deployment/payments/api", ref: { kind: "Deployment", namespace: "payments", name: "api" } },
      { id: "ReplicaSet/payments/api-7d9", ref: { kind: "ReplicaSet", namespace: "payments", name: "api-7d9" } },
      { id: "Pod/payments/api-1", ref: { kind: "Pod", namespace: "payments", name: "api-1" } },
    ],
    edges: [
      { from: "Deployment/payments/api", to: "ReplicaSet/payments/api-7d9", type: "owns" },
      { from: "ReplicaSet/payments/api-7d9", to: "Pod/payments/api-1", type: "owns" },
      { from: "Pod/payments/api-1", to: "ConfigMap/payments/api-config", type: "missing-reference", detail: `env <DB> "x"` },
    ],
    warnings: [],
  };
  it("draws every node, labels edges, highlights the culprit, dashes what is missing", () => {
    const svg = topologySvg(g, { culprit: { kind: "Deployment", namespace: "payments", name: "api" }, target: { kind: "Pod", namespace: "payments", name: "api-1" } }).value;
    expect(svg.match(/<g class="node/g)).toHaveLength(4); // the missing ConfigMap is drawn from its edge
    expect(svg).toMatch(/<g class="node kind-deployment culprit" data-id="Deployment\/payments\/api"/);
    expect(svg).toMatch(/<g class="node kind-configmap missing" data-id="ConfigMap\/payments\/api-config"/);
    expect(svg).toMatch(/<g class="edge edge-missing-reference missing"/);
    expect(svg).toContain(">owns</text>");
    expect(svg).toContain("env &lt;DB&gt; &quot;x&quot;");
    expect(svg).toMatch(/class="node kind-pod target"/);
  });
});

describe("stats", () => {
  const rec = (id: string, category: string, createdAt: string): InvestigationRecord => ({
    id, clusterId: "c", targetKey: "t", dedupKey: id, alertname: "A", status: "complete", createdAt, updatedAt: createdAt, attempts: 1,
    alert: {} as never, attached: [], feedback: [],
    report: { rootCause: { category, confidence: "high", summary: "" }, timing: { startedAt: createdAt, finishedAt: createdAt, durationMs: 100 } } as never,
  });
  const fb = (investigationId: string, verdict: FeedbackRecord["verdict"], category: string, at: string, user = "u"): FeedbackRecord =>
    ({ investigationId, clusterId: "c", targetKey: "t", alertname: "A", verdict, category: category as never, user, at });
  it("accuracy by category counts each person's latest verdict, partly as half", () => {
    const s = computeStats(
      [rec("1", "oom-killed", "2026-11-20T01:00:00Z"), rec("2", "oom-killed", "2026-11-20T02:00:00Z"), rec("3", "image-pull", "2026-11-21T02:00:00Z")],
      [fb("1", "wrong", "oom-killed", "2026-11-20T03:00:00Z"), fb("1", "accurate", "oom-killed", "2026-11-20T04:00:00Z"), fb("2", "partly", "oom-killed", "2026-11-20T05:00:00Z")],
      3, new Date("2026-11-21T12:00:00Z"),
    );
    const oom = s.byCategory.find((c) => c.category === "oom-killed")!;
    expect(oom).toMatchObject({ investigations: 2, accurate: 1, partly: 1, wrong: 0, accuracy: 0.75 });
    expect(s.byCategory.find((c) => c.category === "image-pull")!.accuracy).toBeUndefined();
    expect(s.perDay).toEqual([{ day: "2026-11-19", count: 0 }, { day: "2026-11-20", count: 2 }, { day: "2026-11-21", count: 1 }]);
    expect(s.medianTimeToDiagnosisMs).toBe(100);
  });
});
