import { describe, expect, it } from "vitest";
import { alertFor, contextOf, deployment, pod, refOf } from "../../../../test/fakes/k8s.js";
import { cpuThrottling } from "./cpu-throttling.js";

const metrics = (name: string, m: number) => ({ metrics: { available: true, items: [{ kind: "Pod" as const, namespace: "partner", name, containers: [{ name: "gw", cpu: `${m}m`, memory: "100Mi", cpuMillicores: m, memoryBytes: 100 * 2 ** 20 }], kubectl: "kubectl top pod -n partner --containers" }] } });

describe("cpu-throttling", () => {
  const d = deployment("partner", "partner-gateway", [{ name: "gw", resources: { limits: { cpu: "200m" } } }]);
  const p = pod(d, "a", [{ name: "gw" }]);
  it("compares usage with the CPU limit and raises it", () => {
    const [c] = cpuThrottling.analyze(contextOf({ objects: [d, p], target: refOf(p), alert: alertFor(refOf(p), "CPUThrottlingHigh", { container: "gw" }), evidence: metrics(p.metadata.name, 198) }));
    expect(c).toMatchObject({ category: "resource-saturation", culprit: { kind: "Deployment", name: "partner-gateway" }, confidence: "high" });
    expect(c!.summary).toContain("200m");
    expect(c!.remediation[0]!.command).toBe("kubectl set resources deployment/partner-gateway -n partner -c gw --limits=cpu=500m");
  });
  it("ignores an idle container without a throttling alert (decoy)", () => {
    expect(cpuThrottling.analyze(contextOf({ objects: [d, p], target: refOf(p), evidence: metrics(p.metadata.name, 20) }))).toEqual([]);
  });
});
