import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, pod, refOf } from "../../../../test/fakes/k8s.js";
import { unschedulableResources } from "./unschedulable-resources.js";
import { parseFailedScheduling } from "./scheduling.js";

const MSG = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";

describe("unschedulable-resources", () => {
  it("parses the scheduler text, braces included", () => {
    expect(parseFailedScheduling(MSG)).toEqual({ total: 4, reasons: [{ count: 1, text: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }" }, { count: 3, text: "Insufficient cpu" }] });
  });
  it("blames the workload's requests", () => {
    const d = deployment("etl", "etl-transformer", [{ name: "t", resources: { requests: { cpu: "2500m" } } }]);
    const p = pod(d, "a", [], { phase: "Pending", node: "", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] });
    const [c] = unschedulableResources.analyze(contextOf({ objects: [d, p], target: refOf(d), events: [event(p, "FailedScheduling", MSG)] }));
    expect(c).toMatchObject({ category: "unschedulable-resources", culprit: { kind: "Deployment", name: "etl-transformer" }, confidence: "high" });
    expect(c!.summary).toContain("2500m");
    expect(c!.remediation[0]!.command).toMatch(/^kubectl set resources deployment\/etl-transformer -n etl -c t --requests=cpu=/);
  });
  it("ignores scheduled pods with an old FailedScheduling event (decoy)", () => {
    const d = deployment("etl", "etl-b", [{ name: "t" }]);
    const p = pod(d, "a", [{ name: "t" }]);
    expect(unschedulableResources.analyze(contextOf({ objects: [d, p], target: refOf(d), events: [event(p, "FailedScheduling", MSG)] }))).toEqual([]);
  });
});
