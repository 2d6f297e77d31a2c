/**
 * The model stage stops answering mid-investigation: real agent against the emulator, the real Bedrock SDK client
 * against the local model server scripted to hang. The engine's model deadline (shorter than the stage's own
 * budget here) must bound it: the report is the rules-only diagnosis, says the model did not answer, and
 * the stage is marked timeout. (Timeouts inside the stage's own budget are covered in test/model-server.)
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockConverseClient } from "../../cloud/src/adapters/bedrock/converse-client.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { InvestigationModelStage, parseModelConfig } from "../../cloud/src/core/model/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { inProcessAgentGateway } from "../../cloud/src/local/gateways.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { hang, ModelServer } from "../model-server/server.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";

const DIR = join(SCENARIOS_DIR, "checkout-configmap-bad-value");
const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const FAST = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const server = new ModelServer();
let emu: Emulator;

beforeAll(async () => {
  await server.start();
  emu = await startScenarioEmulator(DIR);
});
afterAll(async () => {
  await server.close();
  await emu?.close();
});

describe("model stage timing out", () => {
  it("the engine's model deadline cuts a hanging model: rules-only report that says so", async () => {
    const s = await loadScenario(DIR);
    const alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { clusterLabel: "cluster", defaultCluster: "x", receivedAt: s.meta.now }).alerts[0]!;
    const gateway = await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId: alert.cluster });
    const rulesOnly = await runInvestigation(alert, { investigationId: "rules" }, { gateway, clock: { now: () => new Date(s.meta.now) } });

    for (let i = 0; i < 10; i++) server.script(hang());
    const config = parseModelConfig({ provider: "bedrock", endpoint: server.url, models: { strong: MODEL, fast: FAST }, triage: true, remediationCheck: true, budget: { timeoutMs: 120_000, retryBaseMs: 5 } });
    const modelStage = new InvestigationModelStage({
      client: new BedrockConverseClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "test" } }),
      config: config as Exclude<typeof config, { provider: "none" }>,
    });
    const r = await runInvestigation(alert, { investigationId: "model-hang" }, { gateway, clock: { now: () => new Date(s.meta.now) }, modelStage, config: { modelMs: 1_500 } });
    expect(server.requests.length).toBeGreaterThan(0);
    // The stage sees the engine's deadline and gives up itself just before it (reported as a fallback: "failed");
    // if it did not, the engine's own cut would mark it "timeout". Either way the message says it timed out.
    const st = r.stages.find((x) => x.name === "model");
    expect(["timeout", "failed"]).toContain(st?.status);
    expect(st?.message).toMatch(/timed out|did not answer/);
    expect(r.model?.used).toBe(false);
    expect(r.model?.fallback).toMatch(/did not answer|timed out/);
    expect(r.rootCause).toEqual(rulesOnly.rootCause);
    expect(r.remediation).toEqual(rulesOnly.remediation);
  });
});
