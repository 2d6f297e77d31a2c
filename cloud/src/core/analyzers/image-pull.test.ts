import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, pod, refOf } from "../../../../test/fakes/k8s.js";
import { imagePull } from "./image-pull.js";

describe("image-pull", () => {
  const d = deployment("web", "frontend", [{ name: "frontend", image: "registry.example.com/frontend:2.31.0" }]);
  it("finds a missing tag and rolls back to the previous image", () => {
    const p = pod(d, "a", [{ name: "frontend", ready: false, state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "registry.example.com/frontend:2.31.0"' } } }]);
    const ev = event(p, "Failed", 'Failed to pull image "registry.example.com/frontend:2.31.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/frontend:2.31.0": not found');
    const rollouts = [{ workload: refOf(d), revisions: [{ revision: 4, name: "frontend-a", images: ["registry.example.com/frontend:v2.30.0"] }, { revision: 5, name: "frontend-b", images: ["registry.example.com/frontend:2.31.0"] }], diffs: [{ fromRevision: 4, toRevision: 5, changes: [{ path: "containers[frontend].image", before: "registry.example.com/frontend:v2.30.0", after: "registry.example.com/frontend:2.31.0" }] }], kubectl: "kubectl rollout history deployment/frontend -n web" }];
    const [c] = imagePull.analyze(contextOf({ objects: [d, p], target: refOf(p), events: [ev], rollouts }));
    expect(c).toMatchObject({ category: "image-pull", culprit: { kind: "Deployment", name: "frontend" }, confidence: "high" });
    expect(c!.remediation.map((r) => r.command)).toContain("kubectl rollout undo deployment/frontend -n web --to-revision=4");
  });
  it("does nothing for running pods (decoy: an old pull event)", () => {
    const p = pod(d, "b", [{ name: "frontend" }]);
    expect(imagePull.analyze(contextOf({ objects: [d, p], target: refOf(p), events: [event(p, "Failed", 'Failed to pull image "x": timeout')] }))).toEqual([]);
  });
});
