import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../shared/src/index.js";
import { contextOf, deployment, endpoints, log, pod, refOf, service } from "../../../../test/fakes/k8s.js";
import { ScenarioAgent } from "../../../../test/fakes/scenario-agent.js";
import { networkPolicy } from "./network-policy.js";

const denyEgress = (allowDns: boolean): KubeObject => ({
  apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny-egress", namespace: "metrics" },
  spec: { podSelector: {}, policyTypes: ["Egress"], egress: allowDns ? [{ ports: [{ port: 53, protocol: "UDP" }] }] : [] },
}) as KubeObject;

function setup(np: KubeObject[]) {
  const api = deployment("metrics", "metrics-api", [{ name: "api" }]);
  const p = pod(api, "a", [{ name: "api", ready: false }]);
  const pg = deployment("data", "postgres", [{ name: "pg" }]);
  const pgp = pod(pg, "0", [{ name: "pg" }]);
  const svc = service("data", "postgres", { app: "postgres" }, [{ port: 5432, targetPort: 5432 }]);
  const objects = [api, p, pg, pgp, svc, endpoints("data", "postgres", ["10.1.1.1"]), ...np];
  const dep = new ScenarioAgent(objects, new Map()).discover(refOf(svc));
  return contextOf({ objects, target: refOf(p), logs: [log(p, "api", "2026-11-20T02:55:00Z ERROR dial tcp postgres.data.svc.cluster.local:5432: i/o timeout")], evidence: { dependencies: [{ host: "postgres.data.svc.cluster.local", service: refOf(svc), graph: dep }] } });
}

describe("network-policy", () => {
  it("blames a default-deny egress policy when the healthy dependency times out", () => {
    const [c] = networkPolicy.analyze(setup([denyEgress(true)]));
    expect(c).toMatchObject({ category: "network-policy", culprit: { kind: "NetworkPolicy", name: "default-deny-egress" }, confidence: "high" });
    expect(c!.summary).toContain("postgres.data.svc.cluster.local");
  });
  it("stays out without a policy (decoy: the timeout has another cause)", () => {
    expect(networkPolicy.analyze(setup([]))).toEqual([]);
  });
});
