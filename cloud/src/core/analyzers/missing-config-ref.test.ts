import { describe, expect, it } from "vitest";
import { contextOf, deployment, pod, refOf } from "../../../../test/fakes/k8s.js";
import { missingConfigRef } from "./missing-config-ref.js";

describe("missing-config-ref", () => {
  it("reads CreateContainerConfigError and blames the referencing workload", () => {
    const d = deployment("billing", "billing-api", [{ name: "api", envFrom: [{ configMapRef: { name: "billing-config" } }] }]);
    const p = pod(d, "a", [{ name: "api", ready: false, state: { waiting: { reason: "CreateContainerConfigError", message: 'configmap "billing-config" not found' } } }]);
    const [c] = missingConfigRef.analyze(contextOf({ objects: [d, p], target: refOf(p) }));
    expect(c).toMatchObject({ category: "missing-config-ref", culprit: { kind: "Deployment", name: "billing-api" }, confidence: "high" });
    expect(c!.summary).toContain("billing-config");
  });

  it("names a missing Secret key", () => {
    const d = deployment("auth", "auth-service", [{ name: "api", env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "auth-db", key: "password" } } }] }]);
    const p = pod(d, "a", [{ name: "api", ready: false, state: { waiting: { reason: "CreateContainerConfigError", message: "couldn't find key password in Secret auth/auth-db" } } }]);
    const [c] = missingConfigRef.analyze(contextOf({ objects: [d, p], target: refOf(p) }));
    expect(c!.summary).toContain("password");
    expect(c!.summary).toContain("auth-db");
  });

  it("ignores an unresolved optional reference on a running pod (decoy)", () => {
    const d = deployment("x", "web", [{ name: "web", envFrom: [{ configMapRef: { name: "gone" } }] }]);
    const p = pod(d, "a", [{ name: "web", restartCount: 3, lastState: { terminated: { exitCode: 1 } } }]);
    expect(missingConfigRef.analyze(contextOf({ objects: [d, p], target: refOf(p) }))).toEqual([]);
  });
});
