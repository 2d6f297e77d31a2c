import { describe, expect, it } from "vitest";
import { allowsPath, allowsResource, isDiscoveryPath, type PolicyRule } from "./rbac.js";
import { BUILTIN_TYPES } from "./resources.js";
import { forbidden } from "./status.js";

const rules: PolicyRule[] = [
  { apiGroups: [""], resources: ["pods", "pods/log", "events"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["apps"], resources: ["*"], verbs: ["get", "list"] },
  { apiGroups: [""], resources: ["configmaps"], resourceNames: ["kube-root-ca.crt"], verbs: ["get"] },
  { apiGroups: ["batch"], resources: ["*/status"], verbs: ["get"] },
  { nonResourceURLs: ["/metrics", "/logs/*"], verbs: ["get"] },
];

describe("RBAC PolicyRule matching", () => {
  it("verbs, groups and resources incl. subresources", () => {
    expect(allowsResource(rules, { verb: "list", group: "", resource: "pods", namespace: "shop" })).toBe(true);
    expect(allowsResource(rules, { verb: "get", group: "", resource: "pods", subresource: "log", name: "p", namespace: "shop" })).toBe(true);
    expect(allowsResource(rules, { verb: "get", group: "", resource: "pods", subresource: "exec", name: "p", namespace: "shop" })).toBe(false);
    expect(allowsResource(rules, { verb: "delete", group: "", resource: "pods", name: "p", namespace: "shop" })).toBe(false);
    expect(allowsResource(rules, { verb: "list", group: "", resource: "secrets", namespace: "shop" })).toBe(false);
    // a resource in another group is not covered by the core-group rule
    expect(allowsResource(rules, { verb: "list", group: "metrics.k8s.io", resource: "pods" })).toBe(false);
  });

  it("wildcards: resources *, */sub", () => {
    expect(allowsResource(rules, { verb: "list", group: "apps", resource: "deployments" })).toBe(true);
    expect(allowsResource(rules, { verb: "get", group: "apps", resource: "deployments", subresource: "scale", name: "x", namespace: "n" })).toBe(true);
    expect(allowsResource(rules, { verb: "watch", group: "apps", resource: "deployments" })).toBe(false);
    expect(allowsResource(rules, { verb: "get", group: "batch", resource: "jobs", subresource: "status", name: "j", namespace: "n" })).toBe(true);
    expect(allowsResource(rules, { verb: "get", group: "batch", resource: "jobs", name: "j", namespace: "n" })).toBe(false);
    expect(allowsResource([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], { verb: "list", group: "x.io", resource: "y" })).toBe(true);
  });

  it("resourceNames only allow named requests", () => {
    expect(allowsResource(rules, { verb: "get", group: "", resource: "configmaps", name: "kube-root-ca.crt", namespace: "n" })).toBe(true);
    expect(allowsResource(rules, { verb: "get", group: "", resource: "configmaps", name: "app-config", namespace: "n" })).toBe(false);
    expect(allowsResource(rules, { verb: "list", group: "", resource: "configmaps", namespace: "n" })).toBe(false);
  });

  it("nonResourceURLs with prefix wildcard; discovery is open to every authenticated user", () => {
    expect(allowsPath(rules, "get", "/metrics")).toBe(true);
    expect(allowsPath(rules, "get", "/logs/kubelet.log")).toBe(true);
    expect(allowsPath(rules, "get", "/debug/pprof")).toBe(false);
    for (const p of ["/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/openapi/v2"]) expect(isDiscoveryPath(p)).toBe(true);
    expect(isDiscoveryPath("/api/v1/pods")).toBe(false);
    expect(isDiscoveryPath("/metrics")).toBe(false);
  });
});

describe("403 messages", () => {
  const pods = BUILTIN_TYPES.find((t) => t.plural === "pods")!;
  const deployments = BUILTIN_TYPES.find((t) => t.plural === "deployments")!;
  const nodes = BUILTIN_TYPES.find((t) => t.plural === "nodes")!;
  const user = "system:serviceaccount:kubesleuth:kubesleuth-agent";

  it("match the API server's wording", () => {
    expect(forbidden(user, { verb: "list", t: pods, namespace: "payments", path: "" }).message).toBe(
      'pods is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot list resource "pods" in API group "" in the namespace "payments"',
    );
    expect(forbidden(user, { verb: "get", t: pods, subresource: "log", name: "p1", namespace: "payments", path: "" }).message).toBe(
      'pods "p1" is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot get resource "pods/log" in API group "" in the namespace "payments"',
    );
    expect(forbidden(user, { verb: "list", t: deployments, path: "" }).message).toBe(
      'deployments.apps is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot list resource "deployments" in API group "apps" at the cluster scope',
    );
    expect(forbidden(user, { verb: "get", t: nodes, name: "n1", path: "" }).toStatus()).toMatchObject({
      kind: "Status", status: "Failure", reason: "Forbidden", code: 403, details: { name: "n1", kind: "nodes" },
    });
    expect(forbidden(user, { verb: "get", path: "/metrics" }).message).toBe(
      'forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot get path "/metrics"',
    );
  });
});
