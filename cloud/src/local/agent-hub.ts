/**
 * Local transport for a separate agent process (`kubesleuth serve --agent external` + `kubesleuth agent`):
 * HTTP long-poll on the local server, outbound from the agent's point of view like SQS is in AWS.
 * The investigation side sees a ClusterGateway; the agent polls GET /agent/v1/commands and posts results to
 * POST /agent/v1/results. Commands wait in memory: if the agent is away they time out at their deadline
 * (AGENT_TIMEOUT → a partial report saying so), never block the server.
 */
import {
  AgentCommandSchema, AgentResultSchema, KubesleuthError, errorMessage,
  type AgentCommand, type AgentCommandInput, type AgentResult,
} from "../../../shared/src/index.js";
import type { ClusterGateway } from "../core/ports.js";

interface Waiter {
  resolve(r: AgentResult): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

export const MAX_POLL_WAIT_MS = 20_000;
const BATCH = 10;

export class AgentHub {
  private pending = new Map<string, AgentCommand[]>();
  private waiters = new Map<string, Waiter>();
  private pollers = new Map<string, Set<() => void>>();
  private lastSeen = new Map<string, string>();
  private closed = false;

  /** Gateway the investigation engine uses for a cluster served by an external agent. */
  readonly gateway: ClusterGateway = { execute: (c) => this.execute(c) };

  async execute(input: AgentCommandInput): Promise<AgentResult> {
    if (this.closed) throw new KubesleuthError("QUEUE_UNAVAILABLE", "local agent transport is shut down");
    const parsed = AgentCommandSchema.safeParse(input);
    if (!parsed.success) throw new KubesleuthError("BAD_REQUEST", `invalid agent command: ${errorMessage(parsed.error)}`);
    const cmd = parsed.data;
    if (this.waiters.has(cmd.id)) throw new KubesleuthError("BAD_REQUEST", `agent command ${cmd.id} is already in flight`);
    const ms = Math.max(0, Date.parse(cmd.deadline) - Date.now());
    return new Promise<AgentResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(cmd.id);
        this.drop(cmd.clusterId, cmd.id);
        const seen = this.lastSeen.get(cmd.clusterId);
        reject(new KubesleuthError("AGENT_TIMEOUT", `cluster agent for ${cmd.clusterId} did not answer ${cmd.kind} in ${Math.round(ms / 1000)} s (${seen ? `last poll ${seen}` : "no agent has connected yet"})`));
      }, ms);
      this.waiters.set(cmd.id, { resolve, reject, timer });
      const q = this.pending.get(cmd.clusterId) ?? [];
      q.push(cmd);
      this.pending.set(cmd.clusterId, q);
      for (const wake of this.pollers.get(cmd.clusterId) ?? []) wake();
    });
  }

  /** The agent's long poll: commands for its cluster, waiting up to `waitMs` for one to arrive. */
  async poll(clusterId: string, waitMs: number, signal?: AbortSignal): Promise<AgentCommand[]> {
    this.lastSeen.set(clusterId, new Date().toISOString());
    const take = () => {
      const q = this.pending.get(clusterId) ?? [];
      const out = q.splice(0, BATCH);
      if (!q.length) this.pending.delete(clusterId);
      return out;
    };
    const now = take();
    if (now.length || waitMs <= 0 || this.closed) return now;
    await new Promise<void>((resolve) => {
      const set = this.pollers.get(clusterId) ?? new Set();
      this.pollers.set(clusterId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(waitMs, MAX_POLL_WAIT_MS));
      set.add(done);
      signal?.addEventListener("abort", done);
    });
    return take();
  }

  /** Results posted by the agent. Unknown ids (late, duplicate) are counted and ignored. */
  deliver(raw: unknown[]): { accepted: number; ignored: number; invalid: number } {
    let accepted = 0, ignored = 0, invalid = 0;
    for (const item of raw) {
      const r = AgentResultSchema.safeParse(item);
      if (!r.success) {
        invalid++;
        continue;
      }
      const w = this.waiters.get(r.data.commandId);
      if (!w) {
        ignored++;
        continue;
      }
      this.waiters.delete(r.data.commandId);
      clearTimeout(w.timer);
      w.resolve(r.data);
      accepted++;
    }
    return { accepted, ignored, invalid };
  }

  status(): { clusters: { clusterId: string; lastPoll: string }[]; inFlight: number } {
    return { clusters: [...this.lastSeen].map(([clusterId, lastPoll]) => ({ clusterId, lastPoll })), inFlight: this.waiters.size };
  }

  close(): void {
    this.closed = true;
    for (const set of this.pollers.values()) for (const wake of set) wake();
    for (const [id, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new KubesleuthError("QUEUE_UNAVAILABLE", `local agent transport shut down before command ${id} was answered`));
    }
    this.waiters.clear();
    this.pending.clear();
  }

  private drop(clusterId: string, id: string): void {
    const q = this.pending.get(clusterId);
    if (q) this.pending.set(clusterId, q.filter((c) => c.id !== id));
  }
}
