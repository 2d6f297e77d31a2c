import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../shared/src/index.js";
import { alertFor, contextOf, deployment, pod, refOf } from "../../../../test/fakes/k8s.js";
import { hpaMaxed } from "./hpa-maxed.js";

const hpa = (current: number, util: number): KubeObject => ({
  apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "checkout-api", namespace: "checkout" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "checkout-api" }, minReplicas: 3, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
  status: { currentReplicas: current, desiredReplicas: current, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: util } } }], conditions: current === 10 ? [{ type: "ScalingLimited", status: "True", reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" }] : [] },
}) as KubeObject;

describe("hpa-maxed", () => {
  const d = deployment("checkout", "checkout-api", [{ name: "api" }]);
  const p = pod(d, "a", [{ name: "api" }]);
  it("reports maxReplicas with utilization above target and raises the cap", () => {
    const h = hpa(10, 160);
    const [c] = hpaMaxed.analyze(contextOf({ objects: [d, p, h], target: refOf(h), alert: alertFor(refOf(h), "KubeHpaMaxedOut") }));
    expect(c).toMatchObject({ category: "resource-saturation", culprit: { kind: "HorizontalPodAutoscaler", name: "checkout-api" }, confidence: "high" });
    expect(c!.summary).toContain("maxReplicas 10");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch horizontalpodautoscaler checkout-api -n checkout --type merge -p '{"spec":{"maxReplicas":20}}'`);
  });
  it("is quiet below the cap (decoy)", () => {
    const h = hpa(6, 65);
    expect(hpaMaxed.analyze(contextOf({ objects: [d, p, h], target: refOf(d) }))).toEqual([]);
  });
});
