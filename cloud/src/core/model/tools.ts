/**
 * Tools of the reasoning model: one per read-only agent command (topology.discover excepted: the graph is
 * already in the prompt), their input schemas generated from the protocol's own zod schemas, so a tool call
 * that validates is a command the agent accepts. Calls are scoped to the investigation's namespaces, never
 * read Secrets, and their results are masked and size-capped before the model sees them.
 */
import { z } from "zod";
import {
  CLUSTER_SCOPED_KINDS, ConfigChangesParams, EventsListParams, LogsReadParams, MetricsReadParams, ResourceGetParams, ResourceListParams,
  RolloutHistoryParams, errorMessage, maskText, parseResultData, sanitizeObject,
  type AgentCommandInput, type AgentResult, type CommandKind, type EvidenceItem,
} from "../../../../shared/src/index.js";
import { describeCommand } from "../engine/agent-client.js";
import type { KnownResources } from "./command-guard.js";
import type { ToolCall, ToolSpec } from "./model-client.js";

interface ToolDef {
  kind: Exclude<CommandKind, "topology.discover">;
  params: z.ZodType;
  description: string;
}

export const TOOLS: Record<string, ToolDef> = {
  resource_get: { kind: "resource.get", params: ResourceGetParams, description: "Read one Kubernetes object (like `kubectl get KIND NAME -n NS -o yaml`). Secrets cannot be read." },
  resource_list: { kind: "resource.list", params: ResourceListParams, description: "List objects of one kind in a namespace, optionally by label selector (like `kubectl get KIND -n NS -l SELECTOR`)." },
  logs_read: { kind: "logs.read", params: LogsReadParams, description: "Read a container's logs, current or previous (like `kubectl logs POD -n NS -c CONTAINER [--previous] --tail N`)." },
  events_list: { kind: "events.list", params: EventsListParams, description: "List events of a namespace or of one object (like `kubectl get events -n NS --field-selector involvedObject.name=NAME`)." },
  metrics_read: { kind: "metrics.read", params: MetricsReadParams, description: "Read CPU/memory usage of pods or nodes (like `kubectl top pod -n NS --containers`)." },
  rollout_history: { kind: "rollout.history", params: RolloutHistoryParams, description: "Revisions of a Deployment/StatefulSet/DaemonSet with pod-template diffs (like `kubectl rollout history`)." },
  config_changes: { kind: "config.changes", params: ConfigChangesParams, description: "When ConfigMaps/Secrets last changed, their keys (never Secret values) and ConfigMap data diffs." },
};

export function toolSpecs(): ToolSpec[] {
  return Object.entries(TOOLS).map(([name, t]) => {
    const { $schema: _s, ...schema } = z.toJSONSchema(t.params, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    return { name, description: t.description, inputSchema: schema };
  });
}

export interface ToolContext {
  investigationId: string;
  clusterId: string;
  known: KnownResources;
  /** Wall-clock ms; each read's deadline. */
  deadlineMs: number;
  execute(command: AgentCommandInput): Promise<AgentResult>;
  seq: () => number;
}

export interface ToolOutcome {
  text: string;
  isError: boolean;
  /** Evidence for the report when the read succeeded. */
  evidence?: EvidenceItem;
}

const MAX_RESULT_CHARS = 8_000;

/** Validate, scope and run one tool call. Never throws: a refused or failed call is an error result the model can read. */
export async function runTool(call: ToolCall, ctx: ToolContext): Promise<ToolOutcome> {
  const def = TOOLS[call.name];
  if (!def) return { text: `unknown tool ${call.name}; available: ${Object.keys(TOOLS).join(", ")}`, isError: true };
  if (call.argumentsError) return { text: call.argumentsError, isError: true };
  const parsed = def.params.safeParse(call.input ?? {});
  if (!parsed.success) return { text: `invalid arguments: ${errorMessage(parsed.error)}`, isError: true };
  const params = parsed.data as any;
  const refusal = scopeRefusal(def.kind, params, ctx.known);
  if (refusal) return { text: refusal, isError: true };
  const command = {
    id: `${ctx.investigationId.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 100) || "inv"}:model-${ctx.seq()}`,
    clusterId: ctx.clusterId,
    investigationId: ctx.investigationId.slice(0, 128),
    deadline: new Date(ctx.deadlineMs).toISOString(),
    kind: def.kind,
    params,
  } as AgentCommandInput;
  const what = describeCommand(def.kind, params);
  let result: AgentResult;
  try {
    result = await ctx.execute(command);
  } catch (e) {
    return { text: `could not read ${what}: ${maskText(errorMessage(e)).slice(0, 300)}`, isError: true };
  }
  if (!result.ok) return { text: `could not read ${what}: ${result.error.code} ${maskText(result.error.message).slice(0, 300)}`, isError: true };
  let data: unknown;
  try {
    data = parseResultData(def.kind, result.data);
  } catch (e) {
    return { text: `the agent's answer for ${what} was malformed: ${errorMessage(e).slice(0, 200)}`, isError: true };
  }
  const text = capText(render(def.kind, data));
  const source = result.kubectl.join(" && ") || `kubectl (${def.kind})`;
  return { text, isError: false, evidence: { source, detail: `read by the model: ${what}: ${firstLines(text, 3, 300)}`, type: "model" } };
}

function scopeRefusal(kind: string, p: any, known: KnownResources): string | undefined {
  const inScope = (ns: string | undefined) => ns === undefined || known.namespaces.has(ns);
  const ns: string | undefined = p.namespace ?? p.ref?.namespace;
  if (!inScope(ns)) return `namespace ${ns} is outside this investigation (allowed: ${[...known.namespaces].join(", ")})`;
  if (kind === "config.changes" && p.refs.some((r: any) => !inScope(r.namespace))) return "config.changes outside this investigation's namespaces";
  if ((kind === "resource.get" && p.ref.kind === "Secret") || (kind === "resource.list" && p.kind === "Secret")) return "Secrets are never read; config_changes lists their keys";
  if (kind === "resource.list" && !p.namespace && !CLUSTER_SCOPED_KINDS.has(p.kind)) return `listing ${p.kind} needs a namespace`;
  if (kind === "events.list" && !p.namespace && !p.involvedObject) return "events_list needs a namespace or an object";
  return undefined;
}

/** Compact, masked text of a result: what a person would read in the terminal. */
export function render(kind: string, data: any): string {
  switch (kind) {
    case "logs.read":
      return maskText(`${data.pod}/${data.container}${data.previous ? " (previous)" : ""}${data.truncated ? " [truncated]" : ""}:\n${tail(data.text, MAX_RESULT_CHARS - 200)}`);
    case "events.list":
      return maskText(data.events.slice(0, 50).map((e: any) => `${e.lastTimestamp ?? e.firstTimestamp ?? ""} ${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name} (x${e.count}): ${e.message}`).join("\n") || "no events");
    case "resource.get":
      return maskText(JSON.stringify(compactObject(data.object)));
    case "resource.list":
      return maskText(data.items.slice(0, 40).map((o: any) => JSON.stringify(compactObject(o))).join("\n") || "no objects");
    default:
      return maskText(JSON.stringify(sanitizeObject(data)));
  }
}

/** Sanitized object without bulky metadata. Secret data is dropped by sanitizeObject (keys only). */
export function compactObject(o: any): any {
  const s = sanitizeObject(o) as any;
  if (s?.metadata) {
    delete s.metadata.managedFields;
    delete s.metadata.resourceVersion;
    delete s.metadata.selfLink;
  }
  return s;
}

export function capText(s: string, max = MAX_RESULT_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}\n…[cut at ${max} characters]`;
}

function tail(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max)}`;
}

function firstLines(s: string, n: number, max: number): string {
  const out = s.split("\n").filter((l) => l.trim()).slice(0, n).join(" | ");
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
