import { describe, expect, it } from "vitest";
import { contextOf, deployment, pod, refOf } from "../../../../test/fakes/k8s.js";
import { oomKilled } from "./oom-killed.js";

const d = deployment("payments", "payments-api", [{ name: "payments-api", resources: { limits: { memory: "256Mi" } } }]);
const oomStatus = { name: "payments-api", ready: false, restartCount: 7, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: "2026-11-20T02:50:00Z" } } };

describe("oom-killed", () => {
  it("names the workload, exit 137, the limit vs usage and a sized set-resources command", () => {
    const p = pod(d, "a", [oomStatus]);
    const ctx = contextOf({ objects: [d, p], target: refOf(p), evidence: { metrics: { available: true, items: [{ kind: "Pod", namespace: "payments", name: p.metadata.name, containers: [{ name: "payments-api", cpu: "20m", memory: "250Mi", cpuMillicores: 20, memoryBytes: 250 * 2 ** 20 }], kubectl: "kubectl top pod -n payments --containers" }] } } });
    const [c] = oomKilled.analyze(ctx);
    expect(c).toMatchObject({ category: "oom-killed", culprit: { kind: "Deployment", namespace: "payments", name: "payments-api" }, confidence: "high" });
    expect(c!.summary).toContain("137");
    expect(c!.summary).toContain("256Mi");
    expect(c!.evidence.some((e) => e.detail.includes("250Mi"))).toBe(true);
    expect(c!.remediation[0]!.command).toBe("kubectl set resources deployment/payments-api -n payments -c payments-api --limits=memory=384Mi");
  });

  it("ignores exit 1 crashes and healthy pods (decoy)", () => {
    const p = pod(d, "b", [{ name: "payments-api", restartCount: 2, lastState: { terminated: { exitCode: 1, reason: "Error" } } }]);
    const q = pod(d, "c", [{ name: "payments-api" }]);
    expect(oomKilled.analyze(contextOf({ objects: [d, p, q], target: refOf(d) }))).toEqual([]);
  });
});
