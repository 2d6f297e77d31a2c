import { describe, expect, it } from "vitest";
import { contextOf, deployment, pod, refOf, service } from "../../../../test/fakes/k8s.js";
import { servicePortMismatch } from "./service-port.js";

describe("service-port-mismatch", () => {
  const d = deployment("payments", "payments-gateway", [{ name: "gw", ports: [{ containerPort: 3000, name: "http" }] }]);
  const p = pod(d, "a", [{ name: "gw" }]);
  it("compares targetPort with the containerPorts and patches it", () => {
    const svc = service("payments", "payments-gateway", { app: "payments-gateway" }, [{ name: "http", port: 80, targetPort: 8080 }]);
    const [c] = servicePortMismatch.analyze(contextOf({ objects: [d, p, svc], target: refOf(svc) }));
    expect(c).toMatchObject({ category: "service-port-mismatch", culprit: { kind: "Service", name: "payments-gateway" }, confidence: "high" });
    expect(c!.summary).toContain("8080");
    expect(c!.summary).toContain("3000");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch service payments-gateway -n payments --type json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":3000}]'`);
  });
  it("accepts a named targetPort that exists (decoy)", () => {
    const svc = service("payments", "pg2", { app: "payments-gateway" }, [{ name: "http", port: 80, targetPort: "http" }]);
    expect(servicePortMismatch.analyze(contextOf({ objects: [d, p, svc], target: refOf(svc) }))).toEqual([]);
  });
});
