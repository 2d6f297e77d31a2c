/**
 * The staged investigation: resolve → topology → evidence → analyze → (model) → report.
 * Each stage has a deadline and reports progress; a failed or timed-out stage yields a partial report
 * that says what failed in plain words. This function does not throw for cluster-side problems.
 */
import {
  CategorySchema, ConfidenceSchema, ResourceRefSchema, errorMessage, refId,
  type Cause, type Confidence, type NormalizedAlert, type Report, type ResourceRef, type StageStatus, type TopologyGraph,
} from "../../../../shared/src/index.js";
import { emptyEvidence, rankCandidates, runAnalyzers, type RankedCandidate } from "../analyzers/index.js";
import { systemClock, type FeedbackRecord } from "../ports.js";
import { buildReport } from "../report/build.js";
import { historyLines, historyQuery } from "../report/history.js";
import { targetKeyOf } from "../intake/keys.js";
import { AgentClient } from "./agent-client.js";
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineDeps } from "./config.js";
import { StageTimeout, formatMs, withDeadline } from "./deadline.js";
import { gatherEvidence } from "./gather.js";
import type { ModelStageOutput } from "./model-stage.js";

export type { EngineDeps, EngineConfig } from "./config.js";

type StageName = StageStatus["name"];

class Progress {
  readonly stages: StageStatus[];
  private started = new Map<StageName, number>();
  constructor(private readonly wall: () => number, private readonly onProgress?: (s: StageStatus[]) => void, withModel = false) {
    this.stages = (["resolve", "topology", "evidence", "analyze", "model", "report"] as StageName[]).map((name) => ({ name, status: name === "model" && !withModel ? "skipped" : "pending" }));
  }
  private emit() {
    try {
      this.onProgress?.(this.stages.map((s) => ({ ...s })));
    } catch {
      /* a broken progress listener must not break the investigation */
    }
  }
  start(name: StageName) {
    this.started.set(name, this.wall());
    this.set(name, { status: "running" });
  }
  finish(name: StageName, status: StageStatus["status"], message?: string) {
    const t0 = this.started.get(name);
    this.set(name, { status, durationMs: t0 === undefined ? undefined : this.wall() - t0, message });
  }
  private set(name: StageName, patch: Partial<StageStatus>) {
    const s = this.stages.find((x) => x.name === name)!;
    Object.assign(s, patch);
    if (patch.message === undefined) delete s.message;
    if (patch.durationMs === undefined && patch.status !== "running") delete s.durationMs;
    this.emit();
  }
}

const LEVEL: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export async function runInvestigation(
  alert: NormalizedAlert,
  opts: { investigationId: string; onProgress?: (stages: StageStatus[]) => void },
  deps: EngineDeps,
): Promise<Report> {
  const cfg: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, ...deps.config };
  const wall = deps.wallClock ?? systemClock;
  const wallMs = () => wall.now().getTime();
  const startedAt = deps.clock.now();
  const t0 = wallMs();
  const progress = new Progress(wallMs, opts.onProgress, !!deps.modelStage);
  const failures: string[] = [];
  const client = new AgentClient(deps.gateway, alert.cluster, opts.investigationId, wall);
  const checked: string[] = [];

  // 1. resolve
  progress.start("resolve");
  let target: ResourceRef | undefined = alert.target && ResourceRefSchema.safeParse(alert.target).success ? alert.target : undefined;
  if (!target && alert.namespace && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(alert.namespace)) target = { kind: "Namespace", name: alert.namespace };
  if (target) progress.finish("resolve", "ok", target.kind === "Namespace" && !alert.target ? `no resource in the alert labels: investigating namespace ${target.name}` : undefined);
  else {
    const msg = "the alert names no Kubernetes resource or namespace, so there was nothing to inspect in the cluster";
    progress.finish("resolve", "failed", msg);
    failures.push(msg);
  }
  checked.push(target ? `target ${target.kind.toLowerCase()}/${target.name}` : "alert labels (no target)");

  // 2. topology
  let graph: TopologyGraph | undefined;
  if (target) {
    progress.start("topology");
    let r = await client.call("topology.discover", { target, maxPods: 10 }, cfg.topologyMs);
    // The alerting pod may be gone (replaced): fall back to its namespace.
    if (!r.ok && r.code === "NOT_FOUND" && target.namespace && target.kind !== "Namespace") {
      failures.push(`${target.kind} ${target.name} no longer exists; investigated namespace ${target.namespace} instead`);
      target = { kind: "Namespace", name: target.namespace };
      r = await client.call("topology.discover", { target, maxPods: 10 }, cfg.topologyMs);
    }
    if (r.ok) {
      graph = r.data;
      for (const w of graph.warnings) failures.push(w);
      progress.finish("topology", "ok", `${graph.nodes.length} resources, ${graph.edges.length} relations`);
      checked.push(`${graph.nodes.length} related resources`);
    } else {
      failures.push(r.message);
      progress.finish("topology", r.code === "AGENT_TIMEOUT" ? "timeout" : "failed", r.message);
      graph = { root: refId(target), nodes: [{ id: refId(target), ref: target }], edges: [], warnings: [] };
    }
  } else {
    progress.finish("topology", "skipped", "no target");
  }

  // 3. evidence
  const evidence = emptyEvidence();
  if (graph && graph.nodes.some((n) => n.object)) {
    progress.start("evidence");
    const deadlineAt = wallMs() + cfg.evidenceMs;
    try {
      await withDeadline(gatherEvidence(alert, graph, client, cfg, deadlineAt, wallMs, evidence), cfg.evidenceMs + 1_000);
      const n = evidence.logs.length + evidence.events.length + evidence.rollouts.length + evidence.configChanges.length + evidence.metrics.items.length;
      progress.finish("evidence", evidence.failures.length ? (n ? "ok" : "failed") : "ok", evidence.failures.length ? `${evidence.failures.length} read(s) failed: ${evidence.failures[0]}` : undefined);
    } catch (e) {
      const msg = e instanceof StageTimeout ? `evidence gathering did not finish in ${formatMs(cfg.evidenceMs)}; analyzed what arrived` : `evidence gathering failed: ${errorMessage(e)}`;
      evidence.failures.push(msg);
      progress.finish("evidence", e instanceof StageTimeout ? "timeout" : "failed", msg);
    }
    failures.push(...evidence.failures);
    checked.push(`${evidence.logs.length} container logs`, `${evidence.events.length} events`, `${evidence.rollouts.length} rollout histories`, `${evidence.configChanges.length} ConfigMaps/Secrets`, evidence.metrics.available ? `${evidence.metrics.items.length} metrics samples` : "metrics (unavailable)");
  } else {
    progress.finish("evidence", "skipped", graph ? "nothing readable in the cluster" : "no target");
  }

  // 4. analyze
  progress.start("analyze");
  let feedback: FeedbackRecord[] = [];
  let history: string[] = [];
  if (deps.store) {
    try {
      feedback = await withDeadline(deps.store.listFeedback({ clusterId: alert.cluster }), cfg.analyzeMs);
      // Same workload and alertname this week: a replaced pod keeps its workload's history.
      const past = await withDeadline(deps.store.listInvestigations(historyQuery(alert.cluster, deps.clock.now())), cfg.analyzeMs);
      history = historyLines(past, {
        id: opts.investigationId, clusterId: alert.cluster, alertname: alert.alertname, targetKey: targetKeyOf(alert),
        target: alert.target, resources: graph?.nodes.map((n) => n.ref),
      }, deps.clock.now());
    } catch (e) {
      failures.push(`feedback and history unavailable: ${errorMessage(e)}`);
    }
  }
  let ranked: RankedCandidate[] = [];
  if (graph) {
    const { candidates, errors } = runAnalyzers({ alert, graph, evidence, now: deps.clock.now() });
    failures.push(...errors);
    ranked = rankCandidates(candidates, { alertStartsAt: alert.startsAt, clusterId: alert.cluster, feedback });
    progress.finish("analyze", errors.length ? "failed" : "ok", `${ranked.filter((c) => c.category !== "unknown").length} candidate cause(s)${errors.length ? `; ${errors[0]}` : ""}`);
  } else {
    progress.finish("analyze", "skipped", "no cluster state to analyze");
  }

  // 5. model (optional)
  let model: Report["model"];
  let modelCause: (Cause & { evidence?: any[] }) | undefined;
  let modelFirst = false;
  let modelOut: ModelStageOutput | undefined;
  if (deps.modelStage) {
    progress.start("model");
    const deadline = wallMs() + cfg.modelMs;
    try {
      const out: ModelStageOutput = await withDeadline(
        deps.modelStage.run({ investigationId: opts.investigationId, alert, graph: graph ?? { root: "", nodes: [], edges: [], warnings: [] }, evidence, candidates: ranked, tools: { execute: async (c) => { const r = await deps.gateway.execute(c); client.apiRequests += r.apiRequests ?? 0; return r; } }, deadline }),
        cfg.modelMs,
      );
      model = { used: !out.fallback, fallback: out.fallback, narrative: out.narrative, usage: out.usage ?? [] };
      if (!out.fallback) modelOut = out;
      const v = validateModelCause(out, graph, evidence.dependencies.map((d) => d.graph), ranked, evidence.objects.map((o) => o.object));
      if (v.rejected) failures.push(v.rejected);
      if (v.cause) {
        modelCause = { ...v.cause, evidence: out.extraEvidence?.map((e) => ({ ...e, type: e.type ?? "model" })) };
        modelFirst = ranked[0]?.confidence !== "high" || (ranked[0].category === v.cause.category && refId(ranked[0].culprit ?? { kind: "X", name: "x" }) === refId(v.cause.resource ?? { kind: "X", name: "x" }));
      }
      progress.finish("model", out.fallback ? "failed" : "ok", out.fallback);
    } catch (e) {
      const msg = e instanceof StageTimeout ? `model stage did not answer in ${formatMs(cfg.modelMs)}; rules-only report` : `model stage failed (${errorMessage(e)}); rules-only report`;
      model = { used: false, fallback: msg, usage: [] };
      progress.finish("model", e instanceof StageTimeout ? "timeout" : "failed", msg);
    }
  }

  // 6. report
  progress.start("report");
  const finishedAt = new Date(startedAt.getTime() + (wallMs() - t0));
  const stagesForReport = () => progress.stages.map((s) => ({ ...s }));
  progress.finish("report", "ok");
  const report = buildReport({
    investigationId: opts.investigationId, alert, graph, ranked, stages: stagesForReport(), failures, history,
    startedAt, finishedAt, apiRequests: client.apiRequests, model, modelCause, modelFirst, checked,
  });
  if (modelOut) applyModelRemediation(report, modelOut, ranked, modelFirst && !!modelCause);
  return report;
}

/**
 * The model's remediation review never removes a deterministic command: a negative verdict adds its reason as a
 * warning and asks for judgment. The model's own steps (already through the command guard) lead only when its
 * root cause is the one shown first.
 */
function applyModelRemediation(report: Report, out: ModelStageOutput, ranked: RankedCandidate[], modelShownFirst: boolean): void {
  for (const v of out.remediationVerdicts ?? []) {
    const command = ranked[0]?.remediation[v.index]?.command;
    const step = command ? report.remediation.find((r) => r.command === command) : undefined;
    if (!step || v.ok) continue;
    step.warning = [step.warning, `Model review: ${(v.reason ?? "this may not fix the root cause").replace(/\.$/, "")}.`].filter(Boolean).join(" ");
    step.needsJudgment = true;
  }
  if (modelShownFirst && out.remediation?.length) {
    const known = new Set(report.remediation.map((r) => r.command).filter(Boolean));
    const steps = out.remediation.filter((r) => !r.command || !known.has(r.command)).map((r) => ({ ...r, needsJudgment: true }));
    report.remediation.unshift(...steps);
  }
}

/** A model answer is shown only with a taxonomy category, a resource from the discovered topology, and no more confidence than the evidence gives. */
function validateModelCause(out: ModelStageOutput, graph: TopologyGraph | undefined, extra: TopologyGraph[], ranked: RankedCandidate[], objects: { kind: string; metadata: { name: string; namespace?: string } }[]): { cause?: Cause; rejected?: string } {
  const rc = out.rootCause;
  if (!rc) return {};
  if (!CategorySchema.safeParse(rc.category).success || !ConfidenceSchema.safeParse(rc.confidence).success) return { rejected: `model answer rejected: category ${JSON.stringify(rc.category)} is not in the taxonomy` };
  if (rc.resource) {
    const id = refId(rc.resource);
    // Discovered = walked (topology, followed dependencies), read outside the walk, or a deterministic culprit.
    const known = [graph, ...extra].some((g) => g?.nodes.some((n) => n.id === id))
      || objects.some((o) => refId({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }) === id)
      || ranked.some((c) => c.culprit && refId(c.culprit) === id);
    if (!known) return { rejected: `model answer rejected: ${rc.resource.kind}/${rc.resource.name} is not among the discovered resources` };
  }
  const support = ranked.find((c) => c.category === rc.category && (!rc.resource || (c.culprit && refId(c.culprit) === refId(rc.resource))));
  // No analyzer supports it: "medium" at most when the model read new evidence through its tools, else "low".
  const cap: Confidence = support ? support.confidence : out.extraEvidence?.length ? "medium" : "low";
  const confidence = LEVEL[rc.confidence] > LEVEL[cap] ? cap : rc.confidence;
  return { cause: { category: rc.category, resource: rc.resource, confidence, summary: rc.summary, analyzer: `model:${rc.model}` } };
}
