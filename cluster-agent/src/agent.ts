/**
 * The cluster agent's command handler: validate (zod allowlist), drop past-deadline commands, answer a duplicate
 * id once, run the read-only command, sanitize, fit the size cap, and say what it cost (API requests, time) and
 * which kubectl command it equals. It never throws: every outcome is an AgentResult.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import {
  AgentCommandSchema, AgentResultSchema, MAX_RESULT_BYTES, RESULT_DATA_SCHEMAS, errorMessage, maskText, sanitizeObject,
  type AgentCommand, type AgentErrorCode, type AgentResult,
} from "../../shared/src/index.js";
import { ResultMemo } from "./dedup.js";
import { CommandError } from "./errors.js";
import { configChanges, ConfigMemory } from "./evidence/config-changes.js";
import { listEvents } from "./evidence/events.js";
import { readLogs } from "./evidence/logs.js";
import { readMetrics } from "./evidence/metrics.js";
import { getResource, listResources } from "./evidence/resources.js";
import { rolloutHistory } from "./evidence/rollout.js";
import { fitToSize } from "./fit.js";
import { ReadCache } from "./k8s/cache.js";
import { ReadOnlyClient } from "./k8s/client.js";
import { K8sApiError } from "./k8s/errors.js";
import { kindInfo } from "./k8s/kinds.js";
import { Reader } from "./k8s/reader.js";
import { SecretAccess } from "./k8s/secrets.js";
import { kubectlFor } from "./kubectl.js";
import { discoverTopology } from "./topology/discover.js";

export interface ClusterAgentOptions {
  kubeConfig: KubeConfig;
  clusterId: string;
  /** Client-side API rate limit (token bucket) and concurrent requests. Defaults 20 / 40 / 4: one investigation (≤ 30 requests) fits the burst; the Helm chart sets its own (5 / 10 / 4). */
  qps?: number;
  burst?: number;
  concurrency?: number;
  /** May the agent read Secret metadata? true/false: the operator decided; undefined: try once and remember a 403. */
  secretMetadata?: boolean;
  /** The clock deadlines are checked against (a replayed scenario's `now`). */
  clock?: () => Date;
  /**
   * Namespaces the agent's Roles cover (Helm rbac.namespaces) when it has no cluster-wide role: a command about
   * another namespace is refused (FORBIDDEN) without asking the API server. Unset: cluster-wide.
   */
  namespaces?: string[];
}

interface Outcome {
  data: unknown;
  warnings?: string[];
  truncated?: boolean;
  /** Container chosen when the command named none (for the kubectl equivalent). */
  container?: string;
}

export class ClusterAgent {
  readonly clusterId: string;
  private readonly client: ReadOnlyClient;
  private readonly cache = new ReadCache();
  private readonly memo = new ResultMemo();
  private readonly secrets: SecretAccess;
  private readonly configMemory = new ConfigMemory();
  private readonly clock: () => Date;
  private readonly namespaces: Set<string> | undefined;
  private handled = 0;

  constructor(opts: ClusterAgentOptions) {
    this.clusterId = opts.clusterId;
    this.clock = opts.clock ?? (() => new Date());
    this.client = new ReadOnlyClient({ kubeConfig: opts.kubeConfig, qps: opts.qps, burst: opts.burst, concurrency: opts.concurrency });
    this.secrets = new SecretAccess(opts.secretMetadata);
    this.namespaces = opts.namespaces?.length ? new Set(opts.namespaces) : undefined;
  }

  /** Kubernetes API requests sent since start (all commands). */
  get apiRequests(): number {
    return this.client.requests;
  }

  get commandsHandled(): number {
    return this.handled;
  }

  async handle(raw: unknown): Promise<AgentResult> {
    const startedAt = this.clock().toISOString();
    const t0 = performance.now();
    const parsed = AgentCommandSchema.safeParse(raw);
    if (!parsed.success) return this.invalid(raw, `invalid command: ${errorMessage(parsed.error)}`, startedAt, t0);
    const cmd = parsed.data;
    if (cmd.clusterId !== this.clusterId) return this.invalid(raw, `command for cluster "${cmd.clusterId}" reached the agent of cluster "${this.clusterId}"`, startedAt, t0);
    return this.memo.once(cmd.id, () => this.run(cmd)).result;
  }

  private async run(cmd: AgentCommand): Promise<AgentResult> {
    this.handled++;
    const startedAt = this.clock().toISOString();
    const t0 = performance.now();
    const base = { commandId: cmd.id, clusterId: this.clusterId, ...(cmd.investigationId ? { investigationId: cmd.investigationId } : {}), kubectl: kubectlFor(cmd), startedAt };
    if (this.clock().getTime() > Date.parse(cmd.deadline)) {
      return { ...base, ok: false, kind: cmd.kind, durationMs: elapsed(t0), apiRequests: 0, error: { code: "DEADLINE_EXCEEDED", message: `received after its deadline ${cmd.deadline}: dropped, not executed` } };
    }
    const outside = this.namespaces ? namespacesOf(cmd).filter((ns) => !this.namespaces!.has(ns)) : [];
    if (outside.length) {
      return { ...base, ok: false, kind: cmd.kind, durationMs: elapsed(t0), apiRequests: 0, error: { code: "FORBIDDEN", message: `namespace ${outside[0]} is outside the namespaces this agent may read (${[...this.namespaces!].join(", ")})` } };
    }
    this.cache.sweep();
    const reader = new Reader(this.client, this.cache, cmd.investigationId);
    try {
      const out = await this.execute(cmd, reader);
      const kubectl = out.container ? kubectlFor(cmd, { container: out.container }) : base.kubectl;
      const data = sanitizeObject(out.data);
      const envelope = { ...base, kubectl, ok: true as const, kind: cmd.kind, data: null, truncated: !!out.truncated, warnings: (out.warnings ?? []).map(maskText), durationMs: 0, apiRequests: 0 };
      const fitted = fitToSize(data, MAX_RESULT_BYTES - Buffer.byteLength(JSON.stringify(envelope)) - 4096);
      if (!fitted) return this.error(base, cmd, "TOO_LARGE", "the result does not fit one message even after truncation", t0, reader);
      const check = RESULT_DATA_SCHEMAS[cmd.kind].safeParse(fitted.value);
      if (!check.success) return this.error(base, cmd, "INTERNAL", `result failed its schema: ${errorMessage(check.error)}`, t0, reader);
      const result: AgentResult = {
        ...envelope, data: fitted.value, truncated: envelope.truncated || fitted.truncated, warnings: [...envelope.warnings, ...fitted.warnings],
        durationMs: elapsed(t0), apiRequests: reader.requests,
      };
      return AgentResultSchema.parse(result);
    } catch (e) {
      const [code, message] = classify(e);
      return this.error(base, cmd, code, message, t0, reader);
    }
  }

  private execute(cmd: AgentCommand, r: Reader): Promise<Outcome> {
    switch (cmd.kind) {
      case "topology.discover": {
        const t = cmd.params.target;
        if (!kindInfo(t.kind)) throw new CommandError("INVALID_COMMAND", `the agent does not read ${t.kind}`);
        if (kindInfo(t.kind)!.namespaced && !t.namespace) throw new CommandError("INVALID_COMMAND", `${t.kind} is namespaced: target.namespace is required`);
        if (t.kind === "Secret" && !this.secrets.allowed) throw new CommandError("FORBIDDEN", "reading Secrets is not permitted for this agent");
        return discoverTopology(r, this.secrets, t, cmd.params.maxPods).then((g) => ({ data: g, warnings: g.warnings }));
      }
      case "resource.get": return getResource(r, this.secrets, cmd.params).then((data) => ({ data }));
      case "resource.list": return listResources(r, this.secrets, cmd.params);
      case "logs.read": return readLogs(r, cmd.params).then((o) => ({ data: o.data, warnings: o.warnings, truncated: o.data.truncated, container: cmd.params.container ? undefined : o.data.container }));
      case "events.list": return listEvents(r, cmd.params).then((o) => ({ data: { events: o.events }, warnings: o.warnings }));
      case "metrics.read": return readMetrics(r, cmd.params);
      case "rollout.history": return rolloutHistory(r, cmd.params);
      case "config.changes": return configChanges(r, this.secrets, this.configMemory, cmd.params);
    }
  }

  private error(base: Omit<AgentResult, "ok" | "kind" | "durationMs" | "apiRequests" | "error" | "data" | "truncated" | "warnings">, cmd: AgentCommand, code: AgentErrorCode, message: string, t0: number, r: Reader): AgentResult {
    return { ...base, ok: false, kind: cmd.kind, durationMs: elapsed(t0), apiRequests: r.requests, error: { code, message: maskText(message).slice(0, 4000) } };
  }

  private invalid(raw: unknown, message: string, startedAt: string, t0: number): AgentResult {
    const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const str = (v: unknown, fallback: string) => (typeof v === "string" && v.length > 0 ? v.slice(0, 128) : fallback);
    const investigationId = typeof r.investigationId === "string" ? r.investigationId.slice(0, 128) : undefined;
    return {
      commandId: str(r.id, "unknown"), clusterId: this.clusterId, ...(investigationId ? { investigationId } : {}),
      kubectl: [], startedAt, durationMs: elapsed(t0), apiRequests: 0, ok: false, kind: str(r.kind, "unknown").slice(0, 64),
      error: { code: "INVALID_COMMAND", message: maskText(message).slice(0, 4000) },
    };
  }
}

/** Namespaces a command reads in (cluster-scoped commands: none). */
function namespacesOf(cmd: AgentCommand): string[] {
  const p = cmd.params as any;
  const all = [p.target?.namespace, p.ref?.namespace, p.namespace, ...(p.refs ?? []).map((r: any) => r.namespace)];
  return [...new Set(all.filter((n): n is string => typeof n === "string"))];
}

function elapsed(t0: number): number {
  return Math.max(0, Math.round((performance.now() - t0) * 100) / 100);
}

/** API errors → the protocol's codes. */
export function classify(e: unknown): [AgentErrorCode, string] {
  if (e instanceof CommandError) return [e.code, e.message];
  if (e instanceof K8sApiError) {
    if (e.status === 403) return ["FORBIDDEN", e.message];
    if (e.status === 404) return ["NOT_FOUND", e.message];
    if (e.status === 400 && e.reason === "UnsupportedKind") return ["INVALID_COMMAND", e.message];
    return ["API_ERROR", e.status ? `API server answered ${e.status} ${e.reason}: ${e.message}` : e.message];
  }
  return ["INTERNAL", errorMessage(e)];
}
