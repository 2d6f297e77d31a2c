import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, pod, refOf, replicaSet } from "../../../../test/fakes/k8s.js";
import { quotaExceeded } from "./quota-exceeded.js";

describe("quota-exceeded", () => {
  const d = deployment("batch", "batch-api", [{ name: "api" }]);
  const rs = replicaSet(d, "abc12", 3);
  const p = pod(d, "a", [{ name: "api" }]);
  it("parses the quota text and raises the quota", () => {
    const ev = event(rs, "FailedCreate", 'Error creating: pods "batch-api-abc12-x" is forbidden: exceeded quota: compute-quota, requested: limits.memory=1Gi, used: limits.memory=3584Mi, limited: limits.memory=4Gi');
    const [c] = quotaExceeded.analyze(contextOf({ objects: [d, rs, p], target: refOf(d), events: [ev] }));
    expect(c).toMatchObject({ category: "quota-exceeded", culprit: { kind: "ResourceQuota", namespace: "batch", name: "compute-quota" }, confidence: "high" });
    expect(c!.summary).toContain("limits.memory");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch resourcequota compute-quota -n batch --type merge -p '{"spec":{"hard":{"limits.memory":"5Gi"}}}'`);
  });
  it("ignores FailedCreate for other reasons (decoy)", () => {
    const ev = event(rs, "FailedCreate", 'Error creating: pods "x" is forbidden: error looking up service account batch/runner: serviceaccount "runner" not found');
    expect(quotaExceeded.analyze(contextOf({ objects: [d, rs, p], target: refOf(d), events: [ev] }))).toEqual([]);
  });
});
