import { describe, expect, it } from "vitest";
import { contextOf, deployment, pod, refOf } from "../../../../test/fakes/k8s.js";
import { unknownCause } from "./unknown.js";

describe("unknown", () => {
  it("always offers a low-confidence fallback that says what was checked, with no culprit", () => {
    const d = deployment("web", "web", [{ name: "w" }]);
    const p = pod(d, "a", [{ name: "w" }]);
    const [c] = unknownCause.analyze(contextOf({ objects: [d, p], target: refOf(d) }));
    expect(c).toMatchObject({ category: "unknown", confidence: "low", specificity: 0 });
    expect(c!.culprit).toBeUndefined();
    expect(c!.summary).toMatch(/checked \d+ related resources/);
  });
});
