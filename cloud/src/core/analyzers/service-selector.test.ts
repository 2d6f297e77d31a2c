import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellSplit } from "../../eval/validate.js";
import { contextOf, deployment, endpoints, pod, refOf, service } from "../../../../test/fakes/k8s.js";
import { serviceSelectorMismatch } from "./service-selector.js";

describe("service-selector-mismatch", () => {
  it("shows the near-miss label and patches the selector", () => {
    const d = deployment("catalog", "catalog-api", [{ name: "api" }], { labels: { app: "catalog-api" } });
    const p = pod(d, "a", [{ name: "api" }]);
    const svc = service("catalog", "catalog", { app: "catalogue-api" });
    const ctx = contextOf({ objects: [d, p, svc, endpoints("catalog", "catalog", [])], target: refOf(svc), extra: [p] });
    const [c] = serviceSelectorMismatch.analyze(ctx);
    expect(c).toMatchObject({ category: "service-selector-mismatch", culprit: { kind: "Service", name: "catalog" }, confidence: "high" });
    expect(c!.summary).toContain("catalogue-api");
    expect(c!.summary).toContain("catalog-api");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch service catalog -n catalog --type merge -p '{"spec":{"selector":{"app":"catalog-api"}}}'`);
  });
  it("shell-quotes a label value with metacharacters (never an unsafe command)", () => {
    const d = deployment("x", "evil", [{ name: "api" }], { labels: { app: "a'b;rm -rf /" } });
    const p = pod(d, "a", [{ name: "api" }]);
    const svc = service("x", "web", { app: "a'b;rm -rf /x" });
    const [c] = serviceSelectorMismatch.analyze(contextOf({ objects: [d, p, svc], target: refOf(svc), extra: [p] }));
    expect(c!.remediation[0]!.command).toBe(`kubectl patch service web -n x --type merge -p '{"spec":{"selector":{"app":"a'\\''b;rm -rf /"}}}'`);
  });
  it("any label value yields either no command or one a shell splits back to exactly the intended patch", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !v.includes("\0")), (value) => {
      const d = deployment("x", "evil", [{ name: "api" }], { labels: { app: value } });
      const p = pod(d, "a", [{ name: "api" }]);
      const svc = service("x", "web", { app: `${value}z` });
      const [c] = serviceSelectorMismatch.analyze(contextOf({ objects: [d, p, svc], target: refOf(svc), extra: [p] }));
      const cmd = c?.remediation[0]?.command;
      if (!cmd) return;
      const argv = shellSplit(cmd);
      expect(argv, cmd).toBeDefined();
      expect(JSON.parse(argv!.at(-1)!)).toEqual({ spec: { selector: { app: value } } });
    }), { numRuns: 200 });
  });

  it("is silent when the selector matches ready pods (decoy)", () => {
    const d = deployment("catalog", "catalog-api", [{ name: "api" }]);
    const p = pod(d, "a", [{ name: "api" }]);
    const svc = service("catalog", "catalog-api", { app: "catalog-api" });
    expect(serviceSelectorMismatch.analyze(contextOf({ objects: [d, p, svc, endpoints("catalog", "catalog-api", ["10.0.0.1"])], target: refOf(svc) }))).toEqual([]);
  });
});
