/**
 * Faults between the engine and the cluster, with real components: the real ClusterAgent against the emulator
 * (faults injected per request with setFault), and the local long-poll AgentHub for an agent that is offline,
 * late, or answers twice. Each run must end in a report (never a throw) that names what failed.
 */
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedAlert, Report } from "../../shared/src/index.js";
import { ClusterAgent } from "../../cluster-agent/src/agent.js";
import { InProcessGateway } from "../../cloud/src/adapters/local/in-process-gateway.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { AgentHub } from "../../cloud/src/local/agent-hub.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";

const DIR = join(SCENARIOS_DIR, "payments-oom");
let emu: Emulator;
let alert: NormalizedAlert;
let now: Date;

beforeAll(async () => {
  const s = await loadScenario(DIR);
  now = new Date(s.meta.now);
  alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { clusterLabel: "cluster", defaultCluster: "x", receivedAt: s.meta.now }).alerts[0]!;
  emu = await startScenarioEmulator(DIR);
});
afterEach(() => emu.setFault(undefined));
afterAll(async () => {
  await emu?.close();
});

function realAgent(): ClusterAgent {
  const kc = new KubeConfig();
  kc.loadFromFile(emu.kubeconfigPath);
  // No client-side rate limit in tests: the faults, not the token bucket, decide the timing.
  return new ClusterAgent({ kubeConfig: kc, clusterId: alert.cluster, qps: 1000, burst: 1000 });
}

const investigate = (gateway: InProcessGateway | AgentHub["gateway"], config = {}): Promise<Report> =>
  runInvestigation(alert, { investigationId: `fault-${Math.random().toString(36).slice(2)}` }, { gateway, clock: { now: () => now }, config });

const text = (r: Report) => JSON.stringify({ failures: r.failures, stages: r.stages, evidence: r.evidence.map((e) => e.detail) });

describe("Kubernetes API faults mid-investigation (real agent, emulator)", () => {
  it("baseline: the scenario is diagnosed when nothing fails", async () => {
    const r = await investigate(new InProcessGateway(realAgent()));
    expect(r.status).toBe("complete");
    expect(r.rootCause.category).toBe("oom-killed");
  });

  it("500s on pod logs and 403 on events: partial report naming both; the rest still analyzed", async () => {
    emu.setFault(({ path }) => (path.endsWith("/log") ? { status: 500 } : path.includes("/events") ? { status: 403 } : undefined));
    const r = await investigate(new InProcessGateway(realAgent()));
    expect(r.status).toBe("partial");
    const f = r.failures.join("\n");
    expect(r.failures.some((x) => /logs/.test(x)), f).toBe(true);
    expect(r.failures.some((x) => /events/.test(x) && /forbidden|403|not allowed|permission/i.test(x)), f).toBe(true);
    expect(r.stages.find((s) => s.name === "topology")?.status).toBe("ok");
  });

  it("the API server stops answering after topology (timeouts): the evidence stage is cut at its deadline", async () => {
    const agent = realAgent();
    let topologyDone = false;
    emu.setFault(() => (topologyDone ? { delayMs: 30_000 } : undefined));
    const gw = new InProcessGateway({ handle: async (raw) => {
      const res = await agent.handle(raw);
      if ((raw as { kind?: string }).kind === "topology.discover") topologyDone = true;
      return res;
    } });
    const r = await investigate(gw, { evidenceMs: 3_000 });
    expect(r.status).toBe("partial");
    // Each read cut short is named (what it was reading), and the diagnosis still comes from the topology's state.
    expect(r.failures.some((f) => /did not answer|did not finish/.test(f) && /logs/.test(f)), r.failures.join("\n")).toBe(true);
    expect(r.rootCause.category).toBe("oom-killed");
  });

  it("dropped connections on every read: partial report that says the cluster could not be read", async () => {
    emu.setFault(() => ({ dropConnection: true }));
    const r = await investigate(new InProcessGateway(realAgent()), { topologyMs: 10_000 });
    expect(r.status).toBe("partial");
    expect(r.stages.find((s) => s.name === "topology")?.status).toMatch(/failed|timeout/);
    expect(r.failures.length).toBeGreaterThan(0);
  });
});

describe("agent transport faults (local long-poll hub)", () => {
  it("agent offline: partial report within the deadline, saying no agent answered", async () => {
    const hub = new AgentHub();
    // Bounded by the 2 s stage deadline: a hang would fail on the test timeout instead.
    const r = await investigate(hub.gateway, { topologyMs: 2_000 });
    hub.close();
    expect(r.status).toBe("partial");
    expect(r.stages.find((s) => s.name === "topology")?.status).toMatch(/timeout|failed/);
    expect(text(r)).toMatch(/no agent has connected|did not answer/);
  });

  it("answers delivered twice are ignored after the first; late answers after the deadline are ignored", async () => {
    const hub = new AgentHub();
    const agent = realAgent();
    const ac = new AbortController();
    const counts = { accepted: 0, ignored: 0, invalid: 0 };
    let lateOnce = false;
    const answering: Promise<void>[] = [];
    const loop = (async () => {
      while (!ac.signal.aborted) {
        const cmds = await hub.poll(alert.cluster, 500, ac.signal).catch(() => []);
        for (const c of cmds) {
          answering.push((async () => {
            const res = await agent.handle(c);
            // The first events.list answer arrives after its deadline (the agent was slow).
            if (c.kind === "events.list" && !lateOnce) {
              lateOnce = true;
              await new Promise((r) => setTimeout(r, Date.parse(c.deadline) - Date.now() + 300));
            }
            for (const k of [1, 2]) {
              const d = hub.deliver([res]);
              counts.accepted += d.accepted;
              counts.ignored += d.ignored;
              counts.invalid += d.invalid;
              void k;
            }
          })());
        }
      }
    })();
    const r = await investigate(hub.gateway, { evidenceMs: 4_000 });
    ac.abort();
    await loop;
    await Promise.all(answering);
    hub.close();
    expect(lateOnce).toBe(true);
    expect(counts.invalid).toBe(0);
    // Every command delivered twice: each accepted once, its copy ignored; the late one ignored both times.
    expect(counts.accepted).toBe(answering.length - 1);
    expect(counts.ignored).toBe(counts.accepted + 2);
    expect(r.rootCause.category).toBe("oom-killed");
    expect(text(r)).toMatch(/did not answer|deadline|timed? ?out|did not finish/i);
  });
});
