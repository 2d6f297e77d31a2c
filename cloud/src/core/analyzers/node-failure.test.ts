import { describe, expect, it } from "vitest";
import { alertFor, contextOf, deployment, node, pod, refOf } from "../../../../test/fakes/k8s.js";
import { nodeFailure } from "./node-failure.js";

describe("node-failure", () => {
  it("blames a NotReady node the alert names", () => {
    const n = node("ip-10-0-2-91", { conditions: [{ type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." }] });
    const [c] = nodeFailure.analyze(contextOf({ objects: [n], target: refOf(n), alert: alertFor(refOf(n), "KubeNodeNotReady") }));
    expect(c).toMatchObject({ category: "node-failure", culprit: { kind: "Node", name: "ip-10-0-2-91" }, confidence: "high" });
    expect(c!.summary).toContain("Kubelet stopped posting node status");
    expect(c!.remediation[0]!.command).toBe("kubectl cordon ip-10-0-2-91");
  });
  it("blames the node that evicted the workload's pods under MemoryPressure", () => {
    const n = node("w1", { conditions: [{ type: "Ready", status: "True" }, { type: "MemoryPressure", status: "True", reason: "KubeletHasInsufficientMemory" }] });
    const d = deployment("r", "reports", [{ name: "r" }]);
    const p = pod(d, "a", [], { phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91736Ki. ", node: "w1" });
    const [c] = nodeFailure.analyze(contextOf({ objects: [n, d, p], target: refOf(d) }));
    expect(c!.summary).toContain("MemoryPressure");
  });
  it("ignores a sick node that runs none of the alerting pods (decoy)", () => {
    const sick = node("w9", { conditions: [{ type: "Ready", status: "False" }] });
    const d = deployment("r", "reports", [{ name: "r" }]);
    const p = pod(d, "a", [{ name: "r" }], { node: "w1" });
    expect(nodeFailure.analyze(contextOf({ objects: [sick, node("w1"), d, p], target: refOf(d) }))).toEqual([]);
  });
});
