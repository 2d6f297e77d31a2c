/**
 * Prompts of the three sub-stages. Everything that comes from the cluster or the alert goes through
 * sanitizeObject/maskText here (and once more in the masking client): Secret values never reach a model.
 * Sizes are capped so one investigation's prompt stays around 15-20k tokens.
 */
import { CATEGORIES, maskText, refId, type KubeObject, type NormalizedAlert, type TopologyGraph } from "../../../../shared/src/index.js";
import type { EvidenceBundle, RankedCandidate } from "../analyzers/index.js";
import { CHECK_FORMAT, REASONING_FORMAT, TRIAGE_FORMAT } from "./answers.js";
import { capText, compactObject } from "./tools.js";

const MAX_NODES = 40;
const NODE_CHARS = 1_500;
const LOG_CHARS = 4_000;

export const TRIAGE_SYSTEM = `You triage Kubernetes container logs for an incident investigation. Read the logs and report what they show about the failure: errors, exit reasons, failing dependencies, bad configuration values. Quote the decisive lines verbatim. Do not guess beyond the logs. Values shown as **** were masked on purpose; never try to reconstruct them.
Answer with exactly one JSON object and nothing else:
${TRIAGE_FORMAT}`;

export function reasoningSystem(maxToolCalls: number): string {
  return `You are a senior SRE finding the root cause of a Kubernetes incident. Deterministic analyzers have already ranked candidate causes with evidence; check them against the cluster state, and use the tools (read-only, at most ${maxToolCalls} calls) only when a fact you need is missing.
Rules:
- category must be one id of this taxonomy:
${Object.entries(CATEGORIES).map(([id, meaning]) => `  ${id}: ${meaning}`).join("\n")}
- resource (the culprit: the object that must change to fix the incident) must be one of the resources listed in the topology or named as a candidate's culprit, or null for external-dependency/unknown.
- confidence must not exceed what the evidence proves: "high" only with direct evidence (an event, exit code, log line or spec value that shows the cause). When you cannot decide, keep the top candidate.
- remediation commands: single kubectl commands on listed resources only, with -n; no shell syntax, never delete/exec/cp/port-forward.
- Values shown as **** were masked on purpose; never ask for or reconstruct them.
When you are done, answer with exactly one JSON object and nothing else:
${REASONING_FORMAT}`;
}

export const CHECK_SYSTEM = `You review remediation commands proposed for a Kubernetes incident before an on-call engineer runs them. For each command, decide whether it fixes the stated root cause without making things worse (for example: a memory limit below observed usage, a rollback to a revision that also failed, scaling a workload whose pods cannot schedule). Do not reject a command for style.
Answer with exactly one JSON object and nothing else:
${CHECK_FORMAT}`;

function alertBlock(a: NormalizedAlert): string {
  const lines = [
    `alertname: ${a.alertname}`, `status: ${a.status}`, `severity: ${a.severity ?? "-"}`, `cluster: ${a.cluster}`,
    `namespace: ${a.namespace ?? "-"}`, `target: ${a.target ? refId(a.target) : "-"}`, `startsAt: ${a.startsAt}`,
    a.summary ? `summary: ${a.summary}` : "", a.description ? `description: ${a.description}` : "",
    `labels: ${JSON.stringify(a.labels)}`,
  ];
  return maskText(lines.filter(Boolean).join("\n"));
}

function topologyBlock(graph: TopologyGraph, extra: TopologyGraph[], objects: KubeObject[]): string {
  const all = [graph, ...extra];
  // Objects read outside the walk (dependencies' workloads, nodes, namespace pods) are discovered resources too.
  const read = objects.map((o) => {
    const ref = o.metadata.namespace ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name } : { kind: o.kind, name: o.metadata.name };
    return { id: refId(ref), ref, object: o, missing: undefined as boolean | undefined };
  });
  const nodes = [...all.flatMap((g) => g.nodes), ...read];
  const seen = new Set<string>();
  const ordered = [...nodes.filter((n) => n.id === graph.root), ...nodes.filter((n) => n.missing), ...nodes].filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)));
  const out: string[] = [`root: ${graph.root}`, "resources (the only valid culprits):"];
  for (const n of ordered.slice(0, MAX_NODES)) {
    const body = n.object ? capText(JSON.stringify(trimObject(compactObject(n.object))), NODE_CHARS) : n.missing ? "MISSING: referenced but does not exist" : "(not read)";
    out.push(`- ${n.id}: ${body}`);
  }
  for (const n of ordered.slice(MAX_NODES)) out.push(`- ${n.id}`);
  out.push("relations:");
  for (const e of all.flatMap((g) => g.edges).slice(0, 120)) out.push(`- ${e.from} ${e.type} ${e.to}${e.detail ? ` (${e.detail})` : ""}`);
  const warnings = all.flatMap((g) => g.warnings);
  if (warnings.length) out.push(`could not read: ${warnings.join("; ")}`);
  return maskText(out.join("\n"));
}

/** Keep what diagnoses (spec, status, data, owners, labels); drop the rest of metadata. */
function trimObject(o: any): any {
  const m = o?.metadata ?? {};
  return {
    ...o,
    apiVersion: undefined,
    metadata: { labels: m.labels, owner: (m.ownerReferences ?? []).map((r: any) => `${r.kind}/${r.name}`).join(",") || undefined, created: m.creationTimestamp, generation: m.generation },
  };
}

export function logsBlock(ev: EvidenceBundle): string {
  return maskText(ev.logs.map((l) => `--- ${l.kubectl}${l.truncated ? " [truncated]" : ""}\n${tailChars(l.text, LOG_CHARS)}`).join("\n")) || "no logs were read";
}

function evidenceBlock(ev: EvidenceBundle, triage?: { summary: string; keyLines: string[] }): string {
  const out: string[] = [];
  if (triage) out.push(`log triage: ${triage.summary}`, ...triage.keyLines.map((l) => `  > ${l}`));
  else out.push("logs:", logsBlock(ev));
  if (ev.events.length) out.push("events:", ...ev.events.slice(0, 40).map((e) => `- ${e.lastTimestamp ?? e.firstTimestamp ?? ""} ${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name} (x${e.count}): ${e.message}`));
  for (const r of ev.rollouts) {
    out.push(`rollout history of ${refId(r.workload)}: ${r.revisions.map((v) => `rev ${v.revision} ${v.name} ${v.createdAt ?? ""} images=${v.images.join(",")} ready=${v.readyReplicas ?? "?"}/${v.replicas ?? "?"}`).join("; ")}`);
    for (const d of r.diffs) out.push(`  diff ${d.fromRevision}→${d.toRevision}: ${d.changes.map((c) => `${c.path}: ${c.before ?? "∅"} → ${c.after ?? "∅"}`).join("; ")}`);
  }
  for (const c of ev.configChanges) out.push(`config ${refId(c.ref)}: exists=${c.exists} lastChanged=${c.lastChangedAt ?? "?"} keys=${c.keys.join(",")}${c.dataDiff?.length ? ` diff: ${c.dataDiff.map((d) => `${d.key}: ${d.before ?? "∅"} → ${d.after ?? "∅"}`).join("; ")}` : ""}`);
  if (ev.metrics.available) out.push("metrics:", ...ev.metrics.items.slice(0, 20).map((m) => `- ${m.kind}/${m.name}: ${m.containers.map((c) => `${c.name} cpu=${c.cpu} mem=${c.memory}`).join(", ")}`));
  else out.push("metrics: unavailable");
  for (const l of ev.lookups) out.push(`service lookup ${l.host} → ${refId(l.service)}: ${l.found ? "exists" : "DOES NOT EXIST"}`);
  if (ev.failures.length) out.push(`could not gather: ${ev.failures.join("; ")}`);
  return maskText(out.join("\n"));
}

function candidatesBlock(ranked: RankedCandidate[]): string {
  if (!ranked.length) return "none (the analyzers found no cause)";
  return maskText(ranked.slice(0, 5).map((c, i) => [
    `#${i + 1} ${c.category} culprit=${c.culprit ? refId(c.culprit) : "none"} confidence=${c.confidence} score=${c.score.toFixed(2)} (analyzer ${c.analyzer})`,
    `   ${c.summary}`,
    ...c.evidence.slice(0, 6).map((e) => `   evidence: ${e.detail} [${e.source}]`),
    ...c.remediation.slice(0, 4).map((r) => `   fix: ${r.description}${r.command ? ` → ${r.command}` : ""}`),
  ].join("\n")).join("\n"));
}

export function reasoningPrompt(i: { alert: NormalizedAlert; graph: TopologyGraph; extraGraphs: TopologyGraph[]; evidence: EvidenceBundle; candidates: RankedCandidate[]; triage?: { summary: string; keyLines: string[] } }): string {
  return [
    "## Alert", alertBlock(i.alert),
    "## Topology", topologyBlock(i.graph, i.extraGraphs, i.evidence.objects.map((o) => o.object)),
    "## Evidence", evidenceBlock(i.evidence, i.triage),
    "## Deterministic candidates (best first)", candidatesBlock(i.candidates),
    "Find the root cause. Use tools only for missing facts, then answer with the JSON object.",
  ].join("\n\n");
}

export function checkPrompt(rootCause: { category: string; resource?: { kind: string; namespace?: string; name: string }; summary: string }, commands: { index: number; description: string; command: string }[], evidenceSummary: string): string {
  return maskText([
    `Root cause: ${rootCause.category}${rootCause.resource ? ` on ${refId(rootCause.resource)}` : ""}: ${rootCause.summary}`,
    `Evidence: ${evidenceSummary}`,
    "Commands:",
    ...commands.map((c) => `[${c.index}] ${c.description}\n    ${c.command}`),
  ].join("\n"));
}

function tailChars(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max)}`;
}
