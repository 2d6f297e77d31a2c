/**
 * The agent side of the local long-poll transport: poll the local server for commands of this cluster,
 * run them with the cluster agent, post the results. Outbound only (the agent opens every connection), like
 * the SQS loop in AWS. Transport errors back off (1 s → 30 s); a wrong token stops the loop with an error.
 */
import pLimit from "p-limit";
import { AgentResultSchema, KubesleuthError, errorMessage, type AgentResult } from "../../../shared/src/index.js";
import type { Logger } from "./logger.js";
import { abortableSleep } from "../core/sleep.js";

export interface LocalAgentLoopOptions {
  serverUrl: string;
  token: string;
  clusterId: string;
  /** The agent's command handler (ClusterAgent.handle). */
  handle(raw: unknown): Promise<AgentResult>;
  signal: AbortSignal;
  logger: Logger;
  concurrency?: number;
  waitSeconds?: number;
}

export async function runLocalAgentLoop(o: LocalAgentLoopOptions): Promise<{ commands: number }> {
  const base = o.serverUrl.replace(/\/$/, "");
  const headers = { authorization: `Bearer ${o.token}` };
  const limit = pLimit(o.concurrency ?? 4);
  let backoff = 1000;
  let handled = 0;
  const inflight = new Set<Promise<void>>();

  const post = async (results: AgentResult[]) => {
    const r = await fetch(`${base}/agent/v1/results`, {
      method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ results }),
    });
    if (!r.ok) throw new KubesleuthError("AGENT_ERROR", `posting results: HTTP ${r.status}`);
  };

  while (!o.signal.aborted) {
    let commands: unknown[];
    try {
      const r = await fetch(`${base}/agent/v1/commands?cluster=${encodeURIComponent(o.clusterId)}&waitSeconds=${o.waitSeconds ?? 20}`, { headers, signal: o.signal });
      if (r.status === 401) throw new KubesleuthError("UNAUTHORIZED", "the local server refused the agent's token (KUBESLEUTH_TOKEN must match the server's)");
      if (!r.ok) throw new Error(`HTTP ${r.status}: ${(await r.text()).slice(0, 200)}`);
      commands = ((await r.json()) as { commands?: unknown[] }).commands ?? [];
      backoff = 1000;
    } catch (e) {
      if (o.signal.aborted) break;
      if (e instanceof KubesleuthError && e.code === "UNAUTHORIZED") throw e;
      o.logger.warn("cannot reach the local server; retrying", { error: errorMessage(e), retryInMs: backoff });
      await abortableSleep(backoff, o.signal);
      backoff = Math.min(backoff * 2, 30_000);
      continue;
    }
    for (const raw of commands) {
      const p = limit(async () => {
        const result = await o.handle(raw);
        AgentResultSchema.parse(result);
        handled++;
        try {
          await post([result]);
        } catch (e) {
          // The investigation times the command out and says so; one retry covers a blip.
          await abortableSleep(500, o.signal);
          await post([result]).catch((e2) => o.logger.warn("could not deliver a result", { commandId: result.commandId, error: errorMessage(e2), first: errorMessage(e) }));
        }
      }).catch((e) => o.logger.error("command failed in the agent", { error: errorMessage(e) }));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
  }
  await Promise.allSettled([...inflight]);
  return { commands: handled };
}
