import { describe, expect, it } from "vitest";
import { ReportSchema, type StageStatus } from "../../../../shared/src/index.js";
import { FaultyGateway } from "../../../../test/fakes/gateways.js";
import { alertFor, configMap, deployment, NOW, pod, refOf } from "../../../../test/fakes/k8s.js";
import { ScenarioAgent } from "../../../../test/fakes/scenario-agent.js";
import { MemoryStore } from "../../adapters/memory/memory-store.js";
import type { ModelStage } from "./model-stage.js";
import { runInvestigation } from "./engine.js";

const clock = { now: () => new Date(NOW) };
const cm = configMap("shop", "checkout-config", { DB_POOL_SIZE: "twenty" });
const d = deployment("shop", "checkout", [{ name: "checkout", envFrom: [{ configMapRef: { name: "checkout-config" } }], resources: { limits: { memory: "256Mi" } } }]);
const p = pod(d, "a", [{ name: "checkout", ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error" } } }]);
const logs = new Map([[`shop/${p.metadata.name}`, { apiVersion: "kubesleuth.dev/v1alpha1" as const, kind: "PodLogs" as const, metadata: { namespace: "shop", name: p.metadata.name }, containers: { checkout: { current: "starting", previous: 'FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer' } } }]]);
const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const agent = () => new ScenarioAgent([ns, cm, d, p], logs);
const alert = alertFor(refOf(p));
const fast = { topologyMs: 300, evidenceMs: 400, modelMs: 300 };

describe("runInvestigation", () => {
  it("walks every stage and finds the cause, reporting progress", async () => {
    const seen: StageStatus[][] = [];
    const r = await runInvestigation(alert, { investigationId: "inv-1", onProgress: (s) => seen.push(s) }, { gateway: agent(), clock });
    expect(ReportSchema.parse(r)).toBeTruthy();
    expect(r.status).toBe("complete");
    expect(r.rootCause).toMatchObject({ category: "config-value", resource: { kind: "ConfigMap", name: "checkout-config" } });
    expect(r.stages.map((s) => `${s.name}:${s.status}`)).toEqual(["resolve:ok", "topology:ok", "evidence:ok", "analyze:ok", "model:skipped", "report:ok"]);
    expect(seen.some((s) => s.find((x) => x.name === "evidence")?.status === "running")).toBe(true);
    expect(r.apiRequests).toBeGreaterThan(0);
  });

  it("agent not answering the topology read → partial report that says so, no crash", async () => {
    const r = await runInvestigation(alert, { investigationId: "inv-2" }, { gateway: new FaultyGateway(agent(), [{ kind: "topology.discover", fault: "timeout" }]), clock, config: fast });
    expect(r.status).toBe("partial");
    expect(r.stages.find((s) => s.name === "topology")).toMatchObject({ status: "timeout" });
    expect(r.failures.join("\n")).toMatch(/cluster agent did not answer in 300 ms/);
    expect(r.rootCause.category).toBe("unknown");
  });

  it("a hanging gateway is cut at the stage deadline", async () => {
    const r = await runInvestigation(alert, { investigationId: "inv-3" }, { gateway: new FaultyGateway(agent(), [{ kind: "logs.read", fault: "hang" }]), clock, config: fast });
    expect(r.status).toBe("partial");
    expect(r.failures.join("\n")).toMatch(/did not answer|did not finish/);
  });

  it("403 on logs → names the read that was forbidden and still diagnoses from the rest", async () => {
    const r = await runInvestigation(alert, { investigationId: "inv-4" }, { gateway: new FaultyGateway(agent(), [{ kind: "logs.read", fault: "forbidden" }]), clock, config: fast });
    expect(r.status).toBe("partial");
    expect(r.failures.join("\n")).toContain(`could not read previous logs of pod ${p.metadata.name} (container checkout) in shop: forbidden`);
    expect(r.rootCause.category).toBe("app-crash");
  });

  it("thrown transport errors and malformed results become failures, not exceptions", async () => {
    const r = await runInvestigation(alert, { investigationId: "inv-5" }, { gateway: new FaultyGateway(agent(), [{ kind: "events.list", fault: "throw" }, { kind: "metrics.read", fault: "malformed" }]), clock, config: fast });
    expect(r.failures.join("\n")).toMatch(/socket hang up/);
    expect(r.failures.join("\n")).toMatch(/malformed/);
    expect(r.rootCause.category).toBe("config-value");
  });

  it("an alert without target or namespace still yields a report saying what was checked", async () => {
    const r = await runInvestigation(alertFor(undefined, "Watchdog", { namespace: undefined }), { investigationId: "inv-6" }, { gateway: agent(), clock });
    expect(r.rootCause.category).toBe("unknown");
    expect(r.failures[0]).toMatch(/names no Kubernetes resource/);
  });

  it("a vanished pod falls back to its namespace", async () => {
    const r = await runInvestigation(alertFor({ kind: "Pod", namespace: "shop", name: "checkout-gone" }), { investigationId: "inv-7" }, { gateway: agent(), clock });
    expect(r.failures[0]).toMatch(/no longer exists; investigated namespace shop/);
    expect(r.rootCause.category).toBe("config-value");
  });

  it("model stage: validated, capped by evidence, falls back on timeout", async () => {
    const hallucinating: ModelStage = { run: async () => ({ rootCause: { category: "oom-killed", resource: { kind: "Deployment", namespace: "shop", name: "nope" }, confidence: "high", summary: "x", model: "m" } }) };
    const r1 = await runInvestigation(alert, { investigationId: "inv-8" }, { gateway: agent(), clock, modelStage: hallucinating });
    expect(r1.rootCause.category).toBe("config-value");
    expect(r1.failures.join()).toMatch(/not among the discovered resources/);
    const slow: ModelStage = { run: () => new Promise(() => {}) };
    const r2 = await runInvestigation(alert, { investigationId: "inv-9" }, { gateway: agent(), clock, modelStage: slow, config: fast });
    expect(r2.model).toMatchObject({ used: false });
    expect(r2.model!.fallback).toMatch(/did not answer in 300 ms; rules-only/);
    expect(r2.rootCause.category).toBe("config-value");
    const unsupported: ModelStage = { run: async () => ({ rootCause: { category: "app-crash", resource: refOf(d), confidence: "high", summary: "the app is buggy", model: "m" }, narrative: "n" }) };
    const r3 = await runInvestigation(alert, { investigationId: "inv-10" }, { gateway: agent(), clock, modelStage: unsupported });
    // The deterministic high-confidence finding stays first; the model's view is shown beside it, capped.
    expect(r3.rootCause.category).toBe("config-value");
    expect(r3.alternatives[0]).toMatchObject({ category: "app-crash", analyzer: "model:m" });
  });

  it("store feedback lowers confidence of a category marked wrong in this cluster", async () => {
    const store = new MemoryStore(clock);
    for (let i = 0; i < 3; i++) await store.addFeedback({ investigationId: `old-${i}`, clusterId: "prod", targetKey: "t", alertname: "A", verdict: "wrong", category: "config-value", analyzer: "config-value", user: "u", at: NOW });
    const r = await runInvestigation(alert, { investigationId: "inv-11" }, { gateway: agent(), clock, store });
    expect(r.rootCause.confidence).toBe("medium");
    expect(r.evidence.some((e) => e.detail.includes("lowered"))).toBe(true);
  });
});
