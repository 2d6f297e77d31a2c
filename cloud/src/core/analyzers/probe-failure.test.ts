import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, log, pod, refOf } from "../../../../test/fakes/k8s.js";
import { probeFailure } from "./probe-failure.js";

describe("probe-failure", () => {
  it("finds a liveness probe on a port the container does not listen on, app log healthy", () => {
    const d = deployment("notify", "notifications", [{ name: "app", ports: [{ containerPort: 8080, name: "http" }], livenessProbe: { httpGet: { path: "/healthz", port: 9090 }, periodSeconds: 10 } }]);
    const p = pod(d, "a", [{ name: "app", restartCount: 6, lastState: { terminated: { exitCode: 137, reason: "Error" } } }]);
    const evs = [event(p, "Unhealthy", 'Liveness probe failed: Get "http://10.0.0.5:9090/healthz": dial tcp 10.0.0.5:9090: connect: connection refused', { fieldPath: "spec.containers{app}" })];
    const [c] = probeFailure.analyze(contextOf({ objects: [d, p], target: refOf(p), events: evs, logs: [log(p, "app", "INFO listening on :8080\nINFO GET /send 200")] }));
    expect(c).toMatchObject({ category: "probe-failure", culprit: { kind: "Deployment", name: "notifications" }, confidence: "high" });
    expect(c!.remediation[0]!.command).toBe(`kubectl patch deployment notifications -n notify --type json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/livenessProbe/httpGet/port","value":8080}]'`);
  });
  it("stays out when the app logs its dependency failing (decoy: dependency down)", () => {
    const d = deployment("web", "frontend", [{ name: "app", ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: "/ready", port: 8080 } } }]);
    const p = pod(d, "a", [{ name: "app", ready: false }]);
    const evs = [event(p, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503")];
    const logs = [log(p, "app", "ERROR auth check failed: dial tcp auth.identity.svc.cluster.local:80: connect: connection refused")];
    expect(probeFailure.analyze(contextOf({ objects: [d, p], target: refOf(p), events: evs, logs }))).toEqual([]);
  });
});
