import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../../../test/emulator/index.js";
import { ScenarioAgent } from "../../../test/fakes/scenario-agent.js";
import { SCENARIOS_DIR, loadScenario } from "../../../test/scenarios/loader.js";
import { commandTargets, gradeReport } from "./grade.js";
import { evalScenario, summarize } from "./harness.js";
import { commandTarget, shellSplit, validateCommand } from "./validate.js";

const DIR = join(SCENARIOS_DIR, "payments-oom");

describe("command parsing", () => {
  it("splits like a POSIX shell for bare words and single quotes, rejects anything else", () => {
    expect(shellSplit(`kubectl patch cm x -n y --type merge -p '{"data":{"K":"it'\\''s"}}'`)).toEqual(["kubectl", "patch", "cm", "x", "-n", "y", "--type", "merge", "-p", `{"data":{"K":"it's"}}`]);
    expect(shellSplit("kubectl get pods; rm -rf /")).toBeUndefined();
    expect(shellSplit("kubectl get pods $(id)")).toBeUndefined();
    expect(commandTarget(shellSplit("kubectl rollout undo deployment/x -n y --to-revision=3")!)).toEqual({ kind: "deployment", name: "x", namespace: "y" });
    expect(commandTarget(shellSplit("kubectl get rolebinding -n tools -o wide")!)).toBeUndefined();
    expect(commandTargets("kubectl set resources deployment/payments-api -n payments -c a --limits=memory=1Gi", { kind: "Deployment", namespace: "payments", name: "payments-api" })).toBe(true);
    expect(commandTargets("kubectl describe pod payments-api-x -n payments", { kind: "Deployment", namespace: "payments", name: "payments-api" })).toBe(false);
  });
});

describe("validation against the emulator with the real kubectl", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startScenarioEmulator(DIR, { now: (await loadScenario(DIR)).meta.now });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("accepts valid mutating (dry-run) and read-only commands, rejects missing targets and unsafe text", async () => {
    const ok = await validateCommand("kubectl set resources deployment/payments-api -n payments -c payments-api --limits=memory=512Mi", emu.kubeconfigPath);
    expect(ok).toEqual({ command: expect.any(String), ok: true });
    expect((await validateCommand("kubectl describe deployment payments-api -n payments", emu.kubeconfigPath)).ok).toBe(true);
    const missing = await validateCommand("kubectl scale deployment/nope -n payments --replicas=2", emu.kubeconfigPath);
    expect(missing.ok).toBe(false);
    expect(missing.reason).toMatch(/not found/i);
    expect((await validateCommand("kubectl get pods -n payments | sh", emu.kubeconfigPath)).ok).toBe(false);
    expect((await validateCommand("kubectl edit deployment payments-api -n payments", emu.kubeconfigPath)).ok).toBe(false);
  });

  it("grades a whole scenario through the harness", async () => {
    const s = await loadScenario(DIR);
    const r = await evalScenario(DIR, { gatewayFactory: async () => new ScenarioAgent(s.objects, s.logs) });
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ name: "payments-oom", pass: true, got: { category: "oom-killed", confidence: "high" } });
    expect(r.commands.length).toBeGreaterThan(0);
    expect(r.commands.every((c) => c.ok)).toBe(true);
    const sum = summarize([r, { ...r, name: "x", pass: false, grade: { ...r.grade!, categoryOk: false } }]);
    expect(sum.top1Accuracy).toBe(0.5);
    expect(sum.high).toEqual({ total: 2, correct: 1, precision: 0.5 });
    // A report missing a required mention fails its grade.
    expect(gradeReport(r.report!, { category: "oom-killed", mustMention: ["no-such-text"] }).missingMentions).toEqual(["no-such-text"]);
  });
});
