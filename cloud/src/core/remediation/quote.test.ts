import fc from "fast-check";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as k from "./kubectl.js";
import { k8sName, shq, tryCommand } from "./quote.js";
import { recommendMemoryLimit, roundCpu, roundMemory } from "./sizes.js";

describe("shell quoting", () => {
  it("leaves plain tokens bare and single-quotes the rest", () => {
    expect(shq("memory=512Mi")).toBe("memory=512Mi");
    expect(shq(`{"a":1}`)).toBe(`'{"a":1}'`);
    expect(shq("it's")).toBe(`'it'\\''s'`);
  });
  it("round-trips any string through a real POSIX shell unchanged", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !s.includes("\0")), (s) => {
      expect(execFileSync("/bin/sh", ["-c", `printf %s ${shq(s)}`]).toString()).toBe(s);
    }), { numRuns: 60 });
  });
  it("rejects names that are not Kubernetes names instead of building an unsafe command", () => {
    expect(() => k8sName("x; rm -rf /")).toThrow(/unsafe/);
    expect(tryCommand(() => k.scale({ kind: "Deployment", namespace: "a$(id)", name: "web" }, 1))).toBeUndefined();
    expect(k.patchMerge({ kind: "ConfigMap", namespace: "shop", name: "cfg" }, { data: { K: "$(reboot)'`" } })).toBe(`kubectl patch configmap cfg -n shop --type merge -p '{"data":{"K":"$(reboot)'\\''\`"}}'`);
  });
  it("builds the exact documented commands", () => {
    expect(k.setResources({ kind: "Deployment", namespace: "payments", name: "payments-api" }, "payments-api", { limits: { memory: "512Mi" } })).toBe("kubectl set resources deployment/payments-api -n payments -c payments-api --limits=memory=512Mi");
    expect(k.rolloutUndo({ kind: "Deployment", namespace: "y", name: "x" }, 7)).toBe("kubectl rollout undo deployment/x -n y --to-revision=7");
  });
});

describe("sizes", () => {
  it("rounds up to sizes people configure", () => {
    expect(roundMemory(300 * 2 ** 20)).toBe("384Mi");
    expect(roundMemory(2 * 2 ** 30)).toBe("2Gi");
    expect(recommendMemoryLimit(256 * 2 ** 20)).toBe("384Mi");
    expect(recommendMemoryLimit(512 * 2 ** 20, 900 * 2 ** 20)).toBe("1536Mi");
    expect(roundCpu(0.42)).toBe("500m");
    expect(roundCpu(2)).toBe("2");
  });
});
