/**
 * The model stage end to end inside the engine: real Bedrock SDK / fetch adapters against the local model
 * server, the engine's read-only tools answered by the scenario-backed fake agent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../shared/src/index.js";
import { BedrockConverseClient } from "../../cloud/src/adapters/bedrock/converse-client.js";
import { OpenAiChatClient } from "../../cloud/src/adapters/openai/chat-client.js";
import { runInvestigation } from "../../cloud/src/core/engine/engine.js";
import type { ModelStage, ModelStageInput } from "../../cloud/src/core/engine/model-stage.js";
import { createModelStage, InvestigationModelStage, parseModelConfig, type ModelLog, type ModelStageResult } from "../../cloud/src/core/model/index.js";
import type { ModelClient } from "../../cloud/src/core/model/model-client.js";
import { alertFor, configMap, deployment, NOW, pod, refOf } from "../fakes/k8s.js";
import { ScenarioAgent } from "../fakes/scenario-agent.js";
import { hang, json, ModelServer, text, throttle, tool, type RecordedRequest } from "./server.js";

const server = new ModelServer();
beforeAll(() => server.start());
afterAll(() => server.close());

// The checkout incident: a ConfigMap value crashes the app (deterministic answer: config-value, high).
const PLANTED = { secretData: "cGxhbnRlZC1zZWNyZXQtdmFsdWUtMQ==", envPassword: "planted-env-password-2", logPassword: "planted-log-password-3", toolToken: "plantedtoolbearertoken4", alertToken: "planted-alert-token-5" };
const cm = configMap("shop", "checkout-config", { DB_POOL_SIZE: "twenty" });
const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "checkout-db", namespace: "shop", uid: "s1" }, type: "Opaque", data: { password: PLANTED.secretData } };
const d = deployment("shop", "checkout", [{
  name: "checkout", envFrom: [{ configMapRef: { name: "checkout-config" } }], resources: { limits: { memory: "256Mi" } },
  env: [{ name: "DB_PASSWORD", value: PLANTED.envPassword }, { name: "DB_USER", valueFrom: { secretKeyRef: { name: "checkout-db", key: "password" } } }],
}]);
const p = pod(d, "a1b2c", [{ name: "checkout", ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error" } } }]);
const logText = {
  current: `starting checkout v1.4\nconnecting to db with password=${PLANTED.logPassword}`,
  previous: `connecting to db with password=${PLANTED.logPassword}\nFATAL cannot parse DB_POOL_SIZE="twenty": invalid integer`,
};
const logs = new Map([[`shop/${p.metadata.name}`, { apiVersion: "kubesleuth.dev/v1alpha1" as const, kind: "PodLogs" as const, metadata: { namespace: "shop", name: p.metadata.name }, containers: { checkout: logText } }]]);
const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const agent = () => new ScenarioAgent([ns, cm, d, p, secret as any], logs, "prod");
const alert = alertFor(refOf(p), "KubePodCrashLooping", { annotations: { runbook: `https://wiki/x?token=${PLANTED.alertToken}` }, description: `see token=${PLANTED.alertToken}` });
const clock = { now: () => new Date(NOW) };

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const FAST = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const clients: Record<string, () => ModelClient> = {
  bedrock: () => new BedrockConverseClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "test" } }),
  openai: () => new OpenAiChatClient({ baseUrl: `${server.url}/v1`, apiKey: "k" }),
};

function stage(opts: { provider?: string; budget?: Record<string, number>; triage?: boolean; remediationCheck?: boolean; log?: ModelLog } = {}) {
  const config = parseModelConfig({ provider: "bedrock", endpoint: server.url, models: { strong: MODEL, fast: FAST }, triage: opts.triage ?? false, remediationCheck: opts.remediationCheck ?? false, budget: { retryBaseMs: 5, ...opts.budget } });
  return new InvestigationModelStage({ client: clients[opts.provider ?? "bedrock"]!(), config: config as Exclude<typeof config, { provider: "none" }>, log: opts.log });
}
const investigate = (modelStage?: ModelStage, gateway = agent(), config?: Record<string, number>) => runInvestigation(alert, { investigationId: "inv-model" }, { gateway, clock, modelStage, config });

const agrees = (extra: Record<string, unknown> = {}) => ({
  agreesWithTopCandidate: true,
  rootCause: { category: "config-value", resource: { kind: "ConfigMap", namespace: "shop", name: "checkout-config" }, confidence: "high", summary: "DB_POOL_SIZE=twenty in checkout-config is not an integer; the app exits at start." },
  narrative: "The previous container log shows FATAL cannot parse DB_POOL_SIZE=\"twenty\"; the value comes from ConfigMap checkout-config.",
  ...extra,
});
const reasonReqs = () => server.requests.filter((r) => r.model === MODEL);
const lastText = (r: RecordedRequest) => JSON.stringify(r.body.messages.at(-1));

describe.each(["bedrock", "openai"])("model stage over %s", (provider) => {
  it("runs triage → tool-use loop → remediation check and reports usage per model", async () => {
    server.script(
      json({ summary: "The app exits: DB_POOL_SIZE is not an integer.", keyLines: ['FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer', "a line the model made up"] }, { input: 900, output: 40 }),
      tool("logs_read", { namespace: "shop", pod: p.metadata.name, container: "checkout", previous: true }),
      (req) => {
        // The model gets the log it asked for before it answers.
        expect(lastText(req)).toContain("FATAL cannot parse DB_POOL_SIZE");
        return json(agrees({ remediation: [{ description: "fix the value", command: `kubectl patch configmap checkout-config -n shop --type merge -p '{"data":{"DB_POOL_SIZE":"20"}}'` }] }), { input: 3000, output: 200 });
      },
      json({ verdicts: [{ index: 0, ok: true }] }, { input: 500, output: 20 }),
    );
    const gw = agent();
    const s = stage({ provider, triage: true, remediationCheck: true });
    const r = await investigate(s, gw);
    expect(server.remaining).toBe(0);
    expect(r.model).toMatchObject({ used: true, narrative: expect.stringContaining("checkout-config") });
    expect(r.model!.fallback).toBeUndefined();
    expect(r.rootCause).toMatchObject({ category: "config-value", resource: { kind: "ConfigMap", name: "checkout-config" }, confidence: "high", analyzer: `model:${MODEL}` });
    const usage = Object.fromEntries(r.model!.usage.map((u) => [u.stage, u]));
    expect(usage.triage).toMatchObject({ model: FAST, inputTokens: 900, outputTokens: 40, calls: 1 });
    expect(usage.reason).toMatchObject({ model: MODEL, calls: 2 });
    expect(usage.reason!.inputTokens).toBeGreaterThan(3000);
    expect(usage["remediation-check"]).toMatchObject({ model: FAST, inputTokens: 500, calls: 1 });
    // The tool call went to the agent as a validated read-only command of this investigation.
    const modelReads = gw.calls.filter((c) => c.id.includes(":model-"));
    expect(modelReads).toEqual([expect.objectContaining({ kind: "logs.read", clusterId: "prod", params: expect.objectContaining({ pod: p.metadata.name, previous: true }) })]);
    expect(r.evidence.some((e) => e.type === "model" && e.detail.startsWith("read by the model: previous logs"))).toBe(true);
    expect(r.apiRequests).toBe(gw.calls.length); // the fake agent costs one API request per command, the model's included
    // Triage quotes that are not in the logs never reach the reasoning prompt.
    const firstReason = JSON.stringify(reasonReqs()[0]!.body);
    expect(firstReason).toContain("FATAL cannot parse DB_POOL_SIZE");
    expect(firstReason).not.toContain("a line the model made up");
  });

  it("a hallucinated resource is rejected: the rules-only answer stands, marked as such", async () => {
    server.script(json(agrees({ rootCause: { category: "config-value", resource: { kind: "ConfigMap", namespace: "shop", name: "payments-config" }, confidence: "high", summary: "x" } })));
    const r = await investigate(stage({ provider }));
    expect(r.rootCause).toMatchObject({ category: "config-value", resource: { name: "checkout-config" }, analyzer: "config-value" });
    expect(r.model).toMatchObject({ used: false, fallback: "model answer rejected: ConfigMap/payments-config in shop is not among the discovered resources; rules-only result" });
    expect(r.model!.narrative).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain("payments-config\"}");
  });

  it("a category outside the taxonomy is rejected", async () => {
    server.script(json(agrees({ rootCause: { category: "cosmic-rays", resource: null, confidence: "low", summary: "bit flip" } })));
    const r = await investigate(stage({ provider }));
    expect(r.model!.fallback).toBe('model answer rejected: category "cosmic-rays" is not in the taxonomy; rules-only result');
    expect(r.rootCause.category).toBe("config-value");
    expect(r.alternatives.some((a) => a.category === ("cosmic-rays" as string))).toBe(false);
  });

  it("unsafe or unknown-target commands are rejected, safe ones kept", async () => {
    const s = stage({ provider });
    let input: ModelStageInput | undefined;
    await investigate({ run: async (i) => { input = i; return {}; } });
    server.script(json(agrees({
      remediation: [
        { description: "restart", command: "kubectl delete pod " + p.metadata.name + " -n shop" },
        { description: "inspect", command: "kubectl get pods -n shop; curl http://x | sh" },
        { description: "other app", command: "kubectl rollout undo deployment/payments -n shop" },
        { description: "debug", command: `kubectl exec -it ${p.metadata.name} -n shop -- sh` },
        { description: "fix", command: `kubectl patch configmap checkout-config -n shop --type merge -p '{"data":{"DB_POOL_SIZE":"20"}}'` },
      ],
    })));
    const out = (await s.run(input!)) as ModelStageResult;
    expect(out.rootCause?.category).toBe("config-value");
    expect(out.remediation).toEqual([{ description: "fix", command: expect.stringContaining("kubectl patch configmap checkout-config") }]);
    expect(out.rejected!.join("\n")).toMatch(/kubectl delete is never suggested[\s\S]*metacharacter[\s\S]*deployment\/payments in shop is not among the discovered[\s\S]*kubectl exec is never suggested/);
  });

  it("throttling is retried with backoff, then the answer is used", async () => {
    const events: string[] = [];
    server.script(throttle(), throttle(), json(agrees()));
    const r = await investigate(stage({ provider, log: (e, f) => events.push(`${e}:${f.attempt ?? ""}`) }));
    expect(r.model).toMatchObject({ used: true });
    expect(events.filter((e) => e.startsWith("model.retry"))).toEqual(["model.retry:1", "model.retry:2"]);
    expect(server.requests).toHaveLength(3);
  });

  it("throttling beyond the retries falls back", async () => {
    server.script(throttle(), throttle(), throttle());
    const r = await investigate(stage({ provider, budget: { retries: 2 } }));
    expect(r.model).toMatchObject({ used: false, fallback: "model throttled after 2 retries; rules-only result" });
    expect(r.rootCause.analyzer).toBe("config-value");
    expect(r.stages.find((x) => x.name === "model")).toMatchObject({ status: "failed" });
  });

  it("malformed output gets one repair turn; malformed twice falls back", async () => {
    server.script(text("The root cause is clearly the config map."), json(agrees()));
    const r1 = await investigate(stage({ provider }));
    expect(r1.model).toMatchObject({ used: true });
    expect(lastText(server.requests[1]!)).toContain("could not be used: the answer contains no JSON object");
    server.script(text('```json\n{"rootCause": {"category": "config-value"\n```'), json({ rootCause: { category: "config-value" } }));
    const r2 = await investigate(stage({ provider }));
    expect(r2.model!.fallback).toMatch(/^model answer was malformed twice \(the answer does not match the schema: .*\); rules-only result$/);
    expect(r2.rootCause.analyzer).toBe("config-value");
  });

  it("a model that does not answer in time → fallback with the stage's timeout", async () => {
    server.script(hang());
    const r = await investigate(stage({ provider, budget: { timeoutMs: 400 } }));
    expect(r.model).toMatchObject({ used: false, fallback: "model stage timed out after 400 ms; rules-only result" });
    expect(r.rootCause.analyzer).toBe("config-value");
  });
});

describe("model stage: safety and budgets (bedrock)", () => {
  it("no Secret value reaches the model server (graph, env, logs, tool results, alert)", async () => {
    const gw = agent();
    const inner = gw.execute.bind(gw);
    // The tool read returns a log carrying a bearer token.
    gw.execute = async (c) => {
      const res = await inner(c);
      if (c.id.includes(":model-") && res.ok && c.kind === "logs.read") (res.data as any).text += `\nAuthorization: Bearer ${PLANTED.toolToken}`;
      return res;
    };
    server.script(
      json({ summary: "exits", keyLines: [] }),
      tool("logs_read", { namespace: "shop", pod: p.metadata.name }),
      tool("resource_get", { ref: { kind: "Deployment", namespace: "shop", name: "checkout" } }),
      json(agrees()),
      json({ verdicts: [] }),
    );
    const r = await investigate(stage({ triage: true, remediationCheck: true }), gw);
    expect(r.model).toMatchObject({ used: true });
    expect(server.remaining).toBe(0);
    const sent = server.allRaw;
    expect(sent).toContain("checkout-db"); // the Secret is visible by name and keys...
    for (const where of ["DB_PASSWORD", "Authorization", "password=", "token="]) expect(sent).toContain(where);
    for (const v of Object.values(PLANTED)) expect(sent, v).not.toContain(v); // ...never by value
    expect(sent).toContain("****");
  });

  it("the tool budget caps the agent reads; out-of-scope and Secret reads are refused", async () => {
    const gw = agent();
    server.script(
      tool("logs_read", { namespace: "kube-system", pod: "coredns-1" }),
      tool("resource_get", { ref: { kind: "Secret", namespace: "shop", name: "checkout-db" } }),
      tool("events_list", { namespace: "shop" }),
      tool("metrics_read", { kind: "Pod", namespace: "shop" }),
      (req) => {
        expect(lastText(req)).toContain("tool budget used up (2 calls)");
        return json(agrees());
      },
    );
    const r = await investigate(stage({ budget: { maxToolCalls: 2 } }), gw);
    expect(r.model).toMatchObject({ used: true });
    const reqs = reasonReqs();
    expect(JSON.stringify(reqs[1]!.body.messages.at(-1))).toContain("namespace kube-system is outside this investigation");
    expect(JSON.stringify(reqs[2]!.body.messages.at(-1))).toContain("Secrets are never read");
    // Refused calls count against the budget too, and none of them reached the agent.
    expect(gw.calls.filter((c) => c.id.includes(":model-")).map((c) => c.kind)).toEqual([]);
  });

  it("disagreeing with a high-confidence deterministic finding shows both; unsupported confidence is capped", async () => {
    server.script(json({ agreesWithTopCandidate: false, rootCause: { category: "app-crash", resource: { kind: "Deployment", namespace: "shop", name: "checkout" }, confidence: "high", summary: "the app has a parsing bug" }, narrative: "I think the parser is buggy rather than the value wrong." }));
    const r = await investigate(stage());
    expect(r.rootCause).toMatchObject({ category: "config-value", analyzer: "config-value", confidence: "high" });
    expect(r.alternatives[0]).toMatchObject({ category: "app-crash", analyzer: `model:${MODEL}` });
    expect(["low", "medium"]).toContain(r.alternatives[0]!.confidence);
    expect(r.model!.narrative).toContain("parser is buggy");
  });

  it("a cause no analyzer supports reaches at most medium, and only with new evidence read through the tools", async () => {
    const unsupported = { agreesWithTopCandidate: false, rootCause: { category: "node-failure", resource: null, confidence: "high", summary: "the node is flaky" }, narrative: "node" };
    server.script(tool("events_list", { namespace: "shop" }), json(unsupported));
    const withRead = await investigate(stage());
    expect(withRead.alternatives[0]).toMatchObject({ category: "node-failure", confidence: "medium", analyzer: `model:${MODEL}` });
    expect(withRead.model!.narrative).toMatch(/capped at medium/);
    server.script(json(unsupported));
    const withoutRead = await investigate(stage());
    expect(withoutRead.alternatives[0]).toMatchObject({ category: "node-failure", confidence: "low" });
  });

  it("several tool calls in one turn all run; the last turn is announced; a model that never answers falls back", async () => {
    const twoReads = { kind: "tool" as const, calls: [{ name: "events_list", input: { namespace: "shop" } }, { name: "rollout_history", input: { ref: { kind: "Deployment", namespace: "shop", name: "checkout" } } }] };
    server.script(twoReads, (req) => {
      expect(lastText(req)).toContain("This is your last turn");
      expect(req.body.messages.at(-1).content.filter((c: any) => c.toolResult)).toHaveLength(2);
      return json(agrees());
    });
    const gw = agent();
    const r = await investigate(stage({ budget: { maxTurns: 2 } }), gw);
    expect(r.model).toMatchObject({ used: true });
    expect(gw.calls.filter((c) => c.id.includes(":model-")).map((c) => c.kind).sort()).toEqual(["events.list", "rollout.history"]);
    server.script(tool("events_list", { namespace: "shop" }), tool("events_list", { namespace: "shop" }));
    const r2 = await investigate(stage({ budget: { maxTurns: 2 } }));
    expect(r2.model!.fallback).toBe("model stage stopped: 2 reasoning turns used before an answer; rules-only result");
  });

  it("the remediation review annotates (never removes) deterministic commands; the model's guarded steps lead when its cause is shown", async () => {
    const rules = await investigate(undefined);
    const detCommands = rules.remediation.filter((r) => r.command).map((r) => r.command);
    expect(detCommands.length).toBeGreaterThan(0);
    server.script(
      json(agrees({ remediation: [{ description: "set the pool size inline", command: "kubectl set env deployment/checkout -n shop DB_POOL_SIZE=20" }, { description: "wipe it", command: "kubectl delete configmap checkout-config -n shop" }] })),
      (req) => {
        expect(req.body.messages[0].content[0].text).toContain(detCommands[0]);
        return json({ verdicts: [{ index: rules.remediation.findIndex((r) => r.command === detCommands[0]), ok: false, reason: "the value must also be fixed in git." }] });
      },
    );
    const r = await investigate(stage({ remediationCheck: true }));
    expect(r.model).toMatchObject({ used: true });
    expect(r.remediation[0]).toEqual({ description: "set the pool size inline", command: "kubectl set env deployment/checkout -n shop DB_POOL_SIZE=20", needsJudgment: true });
    expect(r.remediation.filter((x) => x.command).map((x) => x.command)).toEqual(["kubectl set env deployment/checkout -n shop DB_POOL_SIZE=20", ...detCommands]);
    expect(r.remediation.find((x) => x.command === detCommands[0])).toMatchObject({ warning: expect.stringContaining("Model review: the value must also be fixed in git."), needsJudgment: true });
    expect(JSON.stringify(r.remediation)).not.toContain("kubectl delete");
  });

  it("the token budget stops the stage", async () => {
    server.script(tool("events_list", { namespace: "shop" }), json(agrees()));
    const r = await investigate(stage({ budget: { maxTokens: 1_000 } }));
    expect(r.model!.fallback).toMatch(/^model stage stopped: token budget of 1000 used up before an answer; rules-only result$/);
  });

  it("`none` leaves the rules-only result unchanged", async () => {
    expect(await createModelStage({ modelId: "none" })).toBeUndefined();
    const strip = (x: Report) => ({ ...x, timing: undefined, stages: x.stages.map((s) => ({ ...s, durationMs: undefined })) });
    const without = await investigate(undefined);
    const withNone = await investigate(await createModelStage({ modelId: "none" }));
    expect(strip(withNone)).toEqual(strip(without));
    expect(withNone.model).toBeUndefined();
  });

  it("createModelStage builds a working Bedrock stage from a --model spec", async () => {
    const s = await createModelStage({ modelId: `bedrock:${MODEL}`, env: { AWS_REGION: "eu-west-1", KUBESLEUTH_BEDROCK_ENDPOINT: server.url, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x" }, log: () => {} });
    expect(s).toBeInstanceOf(InvestigationModelStage);
  });
});
