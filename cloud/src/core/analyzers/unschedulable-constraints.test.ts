import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, node, pod, refOf } from "../../../../test/fakes/k8s.js";
import { unschedulableConstraints } from "./unschedulable-constraints.js";

describe("unschedulable-constraints", () => {
  it("shows the nodeSelector near miss and patches it", () => {
    const d = deployment("ml", "gpu-worker", [{ name: "w" }], { podSpec: { nodeSelector: { "gpu-type": "nvidia-tesla-a10g" } } });
    const p = pod(d, "a", [], { phase: "Pending", node: "" });
    const msg = "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
    const [c] = unschedulableConstraints.analyze(contextOf({ objects: [d, p], target: refOf(d), events: [event(p, "FailedScheduling", msg)], extra: [node("n1", { labels: { "gpu-type": "nvidia-a10g" } })] }));
    expect(c).toMatchObject({ category: "unschedulable-constraints", culprit: { kind: "Deployment", name: "gpu-worker" }, confidence: "high" });
    expect(c!.summary).toContain("nvidia-tesla-a10g");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch deployment gpu-worker -n ml --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"gpu-type":"nvidia-a10g"}}}}}'`);
  });
  it("leaves resource shortages to the other analyzer (decoy)", () => {
    const d = deployment("ml", "big", [{ name: "w" }]);
    const p = pod(d, "a", [], { phase: "Pending", node: "" });
    expect(unschedulableConstraints.analyze(contextOf({ objects: [d, p], target: refOf(d), events: [event(p, "FailedScheduling", "0/3 nodes are available: 3 Insufficient memory.")] }))).toEqual([]);
  });
});
