/**
 * Guard false positives over the whole corpus: a model that endorses the top deterministic candidate (after
 * one tool read) must be accepted everywhere, and the report's answer must equal the rules-only one.
 * Real Bedrock SDK against the local server; the scenario-backed fake agent answers the reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockConverseClient } from "../../cloud/src/adapters/bedrock/converse-client.js";
import { runInvestigation } from "../../cloud/src/core/engine/engine.js";
import { InvestigationModelStage, parseModelConfig } from "../../cloud/src/core/model/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { ScenarioAgent } from "../fakes/scenario-agent.js";
import { listScenarioDirs, loadScenario } from "../scenarios/loader.js";
import { echoModel } from "./echo-model.js";
import { ModelServer } from "./server.js";

const server = new ModelServer();
beforeAll(async () => {
  await server.start();
  server.always(echoModel);
});
afterAll(() => server.close());

describe("a model endorsing the deterministic answer is accepted on every corpus scenario", async () => {
  const dirs = await listScenarioDirs();
  it.each(dirs.map((d) => [d.split("/").pop()!, d]))("%s", async (_n, dir) => {
    const s = await loadScenario(dir);
    const alert = normalizeWebhook(s.meta.alertSource, s.alertBody, { defaultCluster: "default", receivedAt: s.meta.now }).alerts[0]!;
    const now = new Date(s.meta.now);
    const deps = () => ({ gateway: new ScenarioAgent(s.objects, s.logs, alert.cluster), clock: { now: () => now } });
    const rules = await runInvestigation(alert, { investigationId: "echo" }, deps());
    const config = parseModelConfig({ provider: "bedrock", endpoint: server.url, models: {} });
    const client = new BedrockConverseClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
    const withModel = await runInvestigation(alert, { investigationId: "echo" }, { ...deps(), modelStage: new InvestigationModelStage({ client, config: config as Exclude<typeof config, { provider: "none" }> }) });
    expect(withModel.model, withModel.model?.fallback).toMatchObject({ used: true });
    const pick = (r: typeof rules) => ({ category: r.rootCause.category, resource: r.rootCause.resource, confidence: r.rootCause.confidence });
    expect(pick(withModel)).toEqual(pick(rules));
    expect(withModel.remediation).toEqual(rules.remediation);
  });
});
