import { describe, expect, it } from "vitest";
import { ago, contextOf, deployment, log, pod, refOf, replicaSet } from "../../../../test/fakes/k8s.js";
import { badRollout } from "./bad-rollout.js";

function setup(newRsMinAgo: number) {
  const d = deployment("cart", "cart", [{ name: "cart", image: "registry.example.com/cart:4.8.0" }]);
  const oldRs = replicaSet(d, "old11", 18, { createdMinAgo: 9 * 24 * 60, containers: [{ name: "cart", image: "registry.example.com/cart:4.7.2" }] as any });
  const newRs = replicaSet(d, "new22", 19, { createdMinAgo: newRsMinAgo });
  const bad = pod(d, "new22-a", [{ name: "cart", ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error" } } }]);
  bad.metadata.labels!["pod-template-hash"] = "new22";
  const good = pod(d, "old11-a", [{ name: "cart" }]);
  good.metadata.labels!["pod-template-hash"] = "old11";
  const rollouts = [{
    workload: refOf(d),
    revisions: [{ revision: 18, name: oldRs.metadata.name, createdAt: oldRs.metadata.creationTimestamp, images: ["registry.example.com/cart:4.7.2"], templateHash: "old11" }, { revision: 19, name: newRs.metadata.name, createdAt: newRs.metadata.creationTimestamp, images: ["registry.example.com/cart:4.8.0"], templateHash: "new22" }],
    diffs: [{ fromRevision: 18, toRevision: 19, changes: [{ path: "containers[cart].image", before: "registry.example.com/cart:4.7.2", after: "registry.example.com/cart:4.8.0" }] }],
    kubectl: "kubectl rollout history deployment/cart -n cart",
  }];
  return contextOf({ objects: [d, oldRs, newRs, bad, good], target: refOf(d), rollouts, logs: [log(bad, "cart", `${ago(14)} Error: Cannot find module '/app/dist/server.js'`, true)] });
}

describe("bad-rollout", () => {
  it("blames the newest revision when only its pods fail, and undoes to the last healthy one", () => {
    const [c] = badRollout.analyze(setup(20));
    expect(c).toMatchObject({ category: "bad-rollout", culprit: { kind: "Deployment", name: "cart" }, confidence: "high" });
    expect(c!.remediation[0]!.command).toBe("kubectl rollout undo deployment/cart -n cart --to-revision=18");
    expect(c!.evidence.some((e) => e.type === "diff" && e.detail.includes("4.8.0"))).toBe(true);
  });
  it("does not blame a rollout from long before the alert (decoy)", () => {
    expect(badRollout.analyze(setup(3 * 24 * 60))).toEqual([]);
  });
});
