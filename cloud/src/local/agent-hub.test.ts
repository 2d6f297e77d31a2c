/**
 * The external-agent transport over real HTTP: gateway → local server long poll → agent loop → results →
 * gateway. The agent side here answers from a scenario fixture (this tests the transport, not the agent).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../adapters/memory/memory-store.js";
import { MemoryQueue } from "../adapters/memory/memory-queue.js";
import { DEFAULT_RULESET } from "../core/rules/index.js";
import type { AgentResult } from "../../../shared/src/index.js";
import { AgentHub } from "./agent-hub.js";
import { runLocalAgentLoop } from "./agent-loop.js";
import { silentLogger } from "./logger.js";
import { startLocalServer, type LocalServer } from "./server.js";

const TOKEN = "agent-hub-token-0123456789";
let hub: AgentHub;
let server: LocalServer;
beforeAll(async () => {
  hub = new AgentHub();
  server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: [TOKEN], logger: silentLogger, agentHub: hub,
    intake: { store: new MemoryStore(), queue: new MemoryQueue(), clock: { now: () => new Date() }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "local" } },
  });
});
afterAll(async () => {
  hub?.close();
  await server?.close();
});

const cmd = (id: string, ms = 5000) => ({
  id, clusterId: "local", investigationId: "inv-1", deadline: new Date(Date.now() + ms).toISOString(), kind: "resource.get" as const,
  params: { ref: { kind: "Pod", namespace: "payments", name: "p-1" } },
});

describe("AgentHub over HTTP long-poll", () => {
  it("delivers commands to a polling agent and its results back", async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const loop = runLocalAgentLoop({
      serverUrl: server.url, token: TOKEN, clusterId: "local", signal: ac.signal, logger: silentLogger, waitSeconds: 1,
      handle: async (raw: any): Promise<AgentResult> => {
        seen.push(raw.id);
        return { commandId: raw.id, clusterId: "local", investigationId: raw.investigationId, kubectl: ["kubectl get pod p-1 -n payments -o yaml"], startedAt: new Date().toISOString(), durationMs: 1, apiRequests: 1, ok: true, kind: raw.kind, data: { object: { apiVersion: "v1", kind: "Pod", metadata: { name: "p-1", namespace: "payments" } } }, truncated: false, warnings: [] };
      },
    });
    const results = await Promise.all([hub.gateway.execute(cmd("c-1")), hub.gateway.execute(cmd("c-2"))]);
    expect(results.map((r) => r.commandId)).toEqual(["c-1", "c-2"]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen.sort()).toEqual(["c-1", "c-2"]);
    // A late duplicate of an answered command is ignored.
    expect(hub.deliver([{ ...results[0] }])).toEqual({ accepted: 0, ignored: 1, invalid: 0 });
    ac.abort();
    await loop;
  });

  it("times out with AGENT_TIMEOUT when no agent polls", async () => {
    await expect(hub.gateway.execute({ ...cmd("c-3", 300), clusterId: "elsewhere" })).rejects.toMatchObject({ code: "AGENT_TIMEOUT", message: expect.stringContaining("no agent has connected") });
  });

  it("refuses an agent with a wrong token", async () => {
    const ac = new AbortController();
    await expect(runLocalAgentLoop({ serverUrl: server.url, token: "wrong-token-xxxxxxxx", clusterId: "local", signal: ac.signal, logger: silentLogger, handle: async () => { throw new Error("unreachable"); } }))
      .rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const r = await fetch(`${server.url}/agent/v1/commands?cluster=local&waitSeconds=0`);
    expect(r.status).toBe(401);
  });
});
