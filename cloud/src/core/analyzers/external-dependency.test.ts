import { describe, expect, it } from "vitest";
import { contextOf, deployment, log, pod, refOf } from "../../../../test/fakes/k8s.js";
import { externalDependency } from "./external-dependency.js";

describe("external-dependency", () => {
  const d = deployment("checkout", "checkout", [{ name: "c" }]);
  const p = pod(d, "a", [{ name: "c" }]);
  it("names the external host that times out, with no culprit", () => {
    const text = [1, 2, 3].map((i) => `2026-11-20T02:5${i}:00Z ERROR charge failed: Post "https://api.stripe.com/v1/charges": context deadline exceeded`).join("\n");
    const [c] = externalDependency.analyze(contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "c", text)] }));
    expect(c).toMatchObject({ category: "external-dependency", confidence: "medium" });
    expect(c!.culprit).toBeUndefined();
    expect(c!.summary).toContain("api.stripe.com");
  });
  it("does not treat in-cluster service names as external (decoy)", () => {
    const [c] = externalDependency.analyze(contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "c", "ERROR dial tcp redis.web.svc.cluster.local:6379: connect: connection refused")] }));
    expect(c).toBeUndefined();
  });
});
