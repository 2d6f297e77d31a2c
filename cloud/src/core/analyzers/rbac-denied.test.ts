import { describe, expect, it } from "vitest";
import { contextOf, deployment, log, pod, refOf } from "../../../../test/fakes/k8s.js";
import { rbacDenied } from "./rbac-denied.js";

describe("rbac-denied", () => {
  const d = deployment("tools", "config-reloader", [{ name: "r" }]);
  const p = pod(d, "a", [{ name: "r", restartCount: 3, lastState: { terminated: { exitCode: 1 } } }]);
  it("reads the apiserver's forbidden text and grants exactly that verb", () => {
    const line = 'E1120 02:50:00.1 reflector.go:158] failed to list *v1.ConfigMap: configmaps is forbidden: User "system:serviceaccount:tools:config-reloader" cannot list resource "configmaps" in API group "" in the namespace "tools"';
    const [c] = rbacDenied.analyze(contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "r", line, true)] }));
    expect(c).toMatchObject({ category: "rbac-denied", culprit: { kind: "ServiceAccount", namespace: "tools", name: "config-reloader" }, confidence: "high" });
    expect(c!.remediation[0]!.command).toBe("kubectl create role config-reloader-configmaps-list -n tools --verb=list --resource=configmaps");
    expect(c!.remediation[1]!.command).toBe("kubectl create rolebinding config-reloader-configmaps-list -n tools --role=config-reloader-configmaps-list --serviceaccount=tools:config-reloader");
  });
  it("ignores HTTP 403s of the app's own API (decoy)", () => {
    expect(rbacDenied.analyze(contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "r", "ERROR upstream answered 403 Forbidden")] }))).toEqual([]);
  });
});
