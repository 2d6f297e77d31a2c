/**
 * `--model` through the real pipeline: emulator → in-process cluster agent → engine → model stage built by
 * createModelStage from a --model spec (real Bedrock SDK) → local model server. The scripted "model" reads
 * its prompt like a model would: it reads events through a tool once, then endorses the top deterministic
 * candidate it finds in the prompt. Accuracy and kubectl-validated commands must stay what the rules give.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentGatewayFactory } from "../../cloud/src/eval/gateway.js";
import { evalScenario } from "../../cloud/src/eval/harness.js";
import { createModelStage } from "../../cloud/src/core/model/index.js";
import { echoModel } from "./echo-model.js";
import { ModelServer } from "./server.js";

const AGENT = fileURLToPath(new URL("../../cluster-agent/src/agent.ts", import.meta.url));
const SCENARIOS = fileURLToPath(new URL("../scenarios/", import.meta.url));
const server = new ModelServer();
beforeAll(() => server.start());
afterAll(() => server.close());

describe.skipIf(!existsSync(AGENT))("eval with --model (real agent, emulator, kubectl, Bedrock SDK)", () => {
  it.each(["payments-oom", "checkout-configmap-bad-value", "web-redis-no-endpoints"])("%s", async (name) => {
    server.always(echoModel);
    // The SDK's default credential chain: give it static test credentials through the environment.
    process.env.AWS_ACCESS_KEY_ID ??= "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY ??= "test";
    const modelStage = await createModelStage({
      modelId: "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      env: { AWS_REGION: "us-east-1", KUBESLEUTH_BEDROCK_ENDPOINT: server.url },
      log: () => {},
    });
    const r = await evalScenario(join(SCENARIOS, name), { gatewayFactory: agentGatewayFactory, modelStage });
    expect(r.error).toBeUndefined();
    expect(r.pass, JSON.stringify(r.got)).toBe(true);
    expect(r.commands.every((c) => c.ok)).toBe(true);
    const m = r.report!.model!;
    expect(m, m.fallback).toMatchObject({ used: true, narrative: expect.stringContaining("Agrees with") });
    expect(m.usage.map((u) => u.stage).sort()).toEqual(expect.arrayContaining(["reason", "triage"]));
    expect(r.report!.evidence.some((e) => e.type === "model" && e.detail.includes("events"))).toBe(true);
    expect(server.requests.every((q) => q.format === "converse" && q.headers.authorization?.toString().startsWith("AWS4-HMAC-SHA256"))).toBe(true);
  }, 60_000);
});
