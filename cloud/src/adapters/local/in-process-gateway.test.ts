/**
 * InProcessGateway: results pass through; no result by the command's deadline → AGENT_TIMEOUT; a handler that
 * throws → AGENT_ERROR; the agent gets a copy. The timeout case also runs against the real agent and an
 * emulator that stalls.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubesleuthError, type AgentCommandInput, type AgentResult } from "../../../../shared/src/index.js";
import { ClusterAgent } from "../../../../cluster-agent/src/agent.js";
import { startScenarioEmulator, type Emulator } from "../../../../test/emulator/index.js";
import { SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { InProcessGateway } from "./in-process-gateway.js";

const cmd = (ms: number, id = "c1"): AgentCommandInput => ({ id, clusterId: "c", deadline: new Date(Date.now() + ms).toISOString(), kind: "events.list", params: { namespace: "payments" } });
const answer = (raw: any): AgentResult => ({ commandId: raw.id, clusterId: "c", kubectl: [], startedAt: new Date().toISOString(), durationMs: 1, apiRequests: 1, ok: true, kind: "events.list", data: { events: [] }, truncated: false, warnings: [] });

describe("InProcessGateway (unit)", () => {
  it("passes results through and hands the agent a copy", async () => {
    let seen: any;
    const gw = new InProcessGateway({ handle: async (raw) => { seen = raw; (raw as any).params.namespace = "mutated"; return answer(raw); } });
    const c = cmd(5000);
    const r = await gw.execute(c);
    expect(r.commandId).toBe("c1");
    expect(seen).not.toBe(c);
    expect(c.params).toEqual({ namespace: "payments" });
  });

  it("AGENT_TIMEOUT when nothing arrives by the deadline", async () => {
    const gw = new InProcessGateway({ handle: () => new Promise(() => undefined) });
    const e = await gw.execute(cmd(100)).catch((x) => x);
    expect(e).toBeInstanceOf(KubesleuthError);
    expect(e.code).toBe("AGENT_TIMEOUT");
  });

  it("AGENT_ERROR when the handler throws", async () => {
    const gw = new InProcessGateway({ handle: async () => { throw new Error("boom"); } });
    const e = await gw.execute(cmd(5000)).catch((x) => x);
    expect(e.code).toBe("AGENT_ERROR");
    expect(e.message).toContain("boom");
  });

  it("uses the injected clock for the time left", async () => {
    const gw = new InProcessGateway({ handle: () => new Promise(() => undefined) }, { clock: { now: () => new Date(Date.now() + 10_000) } });
    const e = await gw.execute(cmd(5_000)).catch((x) => x); // already 5 s late by that clock
    expect(e.code).toBe("AGENT_TIMEOUT");
  });
});

describe("InProcessGateway with the real agent", () => {
  let emu: Emulator;
  beforeAll(async () => { emu = await startScenarioEmulator(`${SCENARIOS_DIR}/payments-oom`); });
  afterAll(async () => emu?.close());

  it("answers, and times out when the API server stalls past the deadline", async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(emu.kubeconfigPath);
    const gw = new InProcessGateway(new ClusterAgent({ kubeConfig, clusterId: "c" }));
    const r = await gw.execute(cmd(10_000, "ok-1"));
    expect(r.ok).toBe(true);
    emu.setFault(() => ({ delayMs: 3000 }));
    try {
      const e = await gw.execute(cmd(500, "slow-1")).catch((x) => x);
      expect(e.code).toBe("AGENT_TIMEOUT");
    } finally {
      emu.setFault(undefined);
    }
  });
});
