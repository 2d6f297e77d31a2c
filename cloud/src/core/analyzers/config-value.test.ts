import { describe, expect, it } from "vitest";
import { configMap, contextOf, deployment, log, pod, refOf } from "../../../../test/fakes/k8s.js";
import { configValue } from "./config-value.js";

const crash = { name: "checkout", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error" } } };

describe("config-value", () => {
  it("points at the ConfigMap holding the key the crash log names", () => {
    const cm = configMap("shop", "checkout-config", { DB_POOL_SIZE: "twenty", LOG_LEVEL: "info" });
    const d = deployment("shop", "checkout", [{ name: "checkout", envFrom: [{ configMapRef: { name: "checkout-config" } }] }]);
    const p = pod(d, "a", [crash]);
    const ctx = contextOf({ objects: [cm, d, p], target: refOf(p), logs: [log(p, "checkout", '2026-11-20T02:49:12Z FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer', true)] });
    const [c] = configValue.analyze(ctx);
    expect(c).toMatchObject({ category: "config-value", culprit: { kind: "ConfigMap", namespace: "shop", name: "checkout-config" }, confidence: "high" });
    expect(c!.summary).toContain("DB_POOL_SIZE");
  });

  it("blames the workload when the value is inline env", () => {
    const d = deployment("orders", "orders-api", [{ name: "checkout", env: [{ name: "ORDER_TIMEOUT", value: "30" }] }]);
    const p = pod(d, "a", [crash]);
    const ctx = contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "checkout", '{"level":"fatal","error":"ORDER_TIMEOUT: time: missing unit in duration \\"30\\""}', true)] });
    expect(configValue.analyze(ctx)[0]).toMatchObject({ culprit: { kind: "Deployment", name: "orders-api" } });
  });

  it("does not claim a connection error to a host that exists (decoy: dependency down)", () => {
    const cm = configMap("api", "api-config", { DB_HOST: "postgres.data.svc.cluster.local" });
    const d = deployment("api", "api", [{ name: "checkout", envFrom: [{ configMapRef: { name: "api-config" } }] }]);
    const p = pod(d, "a", [crash]);
    const ctx = contextOf({ objects: [cm, d, p], target: refOf(p), logs: [log(p, "checkout", "FATAL dial tcp postgres.data.svc.cluster.local:5432: connect: connection refused", true)] });
    expect(configValue.analyze(ctx)).toEqual([]);
  });
});
