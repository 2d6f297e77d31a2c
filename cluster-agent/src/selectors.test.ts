import { describe, expect, it } from "vitest";
import { labelSelectorMatches, mapSelectorMatches, selectorString } from "./selectors.js";

describe("label selectors", () => {
  const labels = { app: "web", tier: "frontend", canary: "" };

  it("matchLabels and every operator", () => {
    expect(labelSelectorMatches({ matchLabels: { app: "web" } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: "api" } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "tier", operator: "In", values: ["frontend", "edge"] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "tier", operator: "In", values: ["backend"] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["backend"] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "canary", operator: "Exists" }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: "app", operator: "Bogus" }] }, labels)).toBe(false);
  });

  it("an empty LabelSelector selects everything, a null one nothing (NetworkPolicy podSelector: {})", () => {
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches(null, labels)).toBe(false);
  });

  it("a Service's map selector: empty or absent selects nothing", () => {
    expect(mapSelectorMatches({ app: "web" }, labels)).toBe(true);
    expect(mapSelectorMatches({ app: "web", tier: "backend" }, labels)).toBe(false);
    expect(mapSelectorMatches({}, labels)).toBe(false);
    expect(mapSelectorMatches(undefined, labels)).toBe(false);
    expect(mapSelectorMatches({ app: "web" }, undefined)).toBe(false);
  });

  it("renders the API server's labelSelector syntax", () => {
    expect(selectorString({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }, { key: "x", operator: "DoesNotExist" }, { key: "y", operator: "Exists" }, { key: "z", operator: "NotIn", values: ["q"] }] }))
      .toBe("app=web,tier in (a,b),!x,y,z notin (q)");
    expect(selectorString({ app: "web", tier: "fe" })).toBe("app=web,tier=fe");
    expect(selectorString({ matchExpressions: [{ key: "a", operator: "Bogus" }] })).toBeUndefined();
    expect(selectorString({})).toBe("");
  });
});
