/**
 * Typed, deadline-bound access to the cluster agent for one investigation. Every failure becomes a plain
 * sentence ("cluster agent did not answer in 30 s", "could not read logs of pod x: forbidden") and never a throw.
 */
import {
  errorMessage, isKubesleuthError, parseResultData, type AgentCommandInput, type CommandKind, type ResultData,
} from "../../../../shared/src/index.js";
import type { Clock, ClusterGateway } from "../ports.js";
import { StageTimeout, formatMs, withDeadline } from "./deadline.js";

export type CallResult<K extends CommandKind> =
  | { ok: true; data: ResultData<K>; kubectl: string; warnings: string[] }
  | { ok: false; code: string; message: string };

type ParamsOf<K extends CommandKind> = Extract<AgentCommandInput, { kind: K }>["params"];

/** What a command reads, in words. */
export function describeCommand(kind: string, p: any): string {
  const ns = p?.namespace ? ` in ${p.namespace}` : "";
  switch (kind) {
    case "topology.discover": return `the topology of ${p.target.kind.toLowerCase()}/${p.target.name}${p.target.namespace ? ` in ${p.target.namespace}` : ""}`;
    case "logs.read": return `${p.previous ? "previous " : ""}logs of pod ${p.pod}${p.container ? ` (container ${p.container})` : ""}${ns}`;
    case "events.list": return p.involvedObject ? `events of ${p.involvedObject.kind?.toLowerCase() ?? "object"} ${p.involvedObject.name}${ns}` : `events${ns}`;
    case "metrics.read": return `${p.kind.toLowerCase()} metrics${p.name ? ` of ${p.name}` : ""}${ns}`;
    case "rollout.history": return `the rollout history of ${p.ref.kind.toLowerCase()}/${p.ref.name}`;
    case "config.changes": return `config changes of ${p.refs.length} ConfigMap/Secret(s)`;
    case "resource.get": return `${p.ref.kind} ${p.ref.name}${p.ref.namespace ? ` in ${p.ref.namespace}` : ""}`;
    case "resource.list": return `${p.kind}s${ns}${p.labelSelector ? ` (${p.labelSelector})` : ""}`;
    default: return kind;
  }
}

export class AgentClient {
  apiRequests = 0;
  private seq = 0;
  private readonly idBase: string;

  constructor(
    private readonly gateway: ClusterGateway,
    private readonly clusterId: string,
    private readonly investigationId: string,
    private readonly wall: Clock,
  ) {
    this.idBase = investigationId.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 100) || "inv";
  }

  async call<K extends CommandKind>(kind: K, params: ParamsOf<K>, timeoutMs: number): Promise<CallResult<K>> {
    const what = describeCommand(kind, params);
    const command = {
      id: `${this.idBase}:${++this.seq}`,
      clusterId: this.clusterId,
      investigationId: this.investigationId.slice(0, 128),
      deadline: new Date(this.wall.now().getTime() + timeoutMs).toISOString(),
      kind,
      params,
    } as AgentCommandInput;
    try {
      const result = await withDeadline(this.gateway.execute(command), timeoutMs + 250);
      this.apiRequests += result.apiRequests ?? 0;
      if (!result.ok) {
        const code = result.error.code;
        const reason = code === "FORBIDDEN" ? "forbidden" : code === "NOT_FOUND" ? "not found" : code === "DEADLINE_EXCEEDED" ? `the agent dropped it past its ${formatMs(timeoutMs)} deadline` : result.error.message;
        return { ok: false, code, message: `could not read ${what}: ${reason}` };
      }
      let data: ResultData<K>;
      try {
        data = parseResultData(kind, result.data);
      } catch (e) {
        return { ok: false, code: "INVALID_RESULT", message: `the agent's answer for ${what} was malformed: ${errorMessage(e).slice(0, 200)}` };
      }
      return { ok: true, data, kubectl: result.kubectl.join(" && ") || `kubectl (${kind})`, warnings: result.warnings ?? [] };
    } catch (e) {
      if (e instanceof StageTimeout || (isKubesleuthError(e) && e.code === "AGENT_TIMEOUT")) {
        return { ok: false, code: "AGENT_TIMEOUT", message: `cluster agent did not answer in ${formatMs(timeoutMs)} (reading ${what})` };
      }
      return { ok: false, code: isKubesleuthError(e) ? e.code : "AGENT_ERROR", message: `could not read ${what}: ${errorMessage(e)}` };
    }
  }
}
