import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../shared/src/index.js";
import { contextOf, deployment, pod, refOf, service } from "../../../../test/fakes/k8s.js";
import { ingressBackend } from "./ingress-backend.js";

const ing = (svc: string, port: any, tls?: string): KubeObject => ({
  apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "shop", namespace: "shop" },
  spec: { ingressClassName: "nginx", rules: [{ host: "shop.acme.io", http: { paths: [{ path: "/cart", pathType: "Prefix", backend: { service: { name: svc, port } } }] } }], ...(tls ? { tls: [{ hosts: ["shop.acme.io"], secretName: tls }] } : {}) },
}) as KubeObject;

describe("ingress-backend", () => {
  const d = deployment("shop", "cart-api", [{ name: "c", ports: [{ containerPort: 8080 }] }]);
  const p = pod(d, "a", [{ name: "c" }]);
  const svc = service("shop", "cart-api", { app: "cart-api" }, [{ name: "http", port: 80, targetPort: 8080 }]);
  it("reports a backend Service that does not exist and suggests the nearest one", () => {
    const i = ing("cart", { number: 80 });
    const [c] = ingressBackend.analyze(contextOf({ objects: [d, p, svc, i], target: refOf(i), extra: [svc] }));
    expect(c).toMatchObject({ category: "ingress-backend", culprit: { kind: "Ingress", name: "shop" }, confidence: "high" });
    expect(c!.summary).toContain("cart");
    expect(c!.remediation[0]!.command).toContain('"value":"cart-api"');
  });
  it("reports a port the Service does not expose", () => {
    const i = ing("cart-api", { number: 8443 });
    const [c] = ingressBackend.analyze(contextOf({ objects: [d, p, svc, i], target: refOf(i) }));
    expect(c!.summary).toContain("8443");
  });
  it("is quiet for a correct Ingress (decoy)", () => {
    const i = ing("cart-api", { number: 80 });
    expect(ingressBackend.analyze(contextOf({ objects: [d, p, svc, i], target: refOf(i) }))).toEqual([]);
  });
});
