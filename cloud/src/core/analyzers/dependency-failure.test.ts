import { describe, expect, it } from "vitest";
import { alertFor, contextOf, deployment, endpoints, log, pod, refOf, service } from "../../../../test/fakes/k8s.js";
import { ScenarioAgent } from "../../../../test/fakes/scenario-agent.js";
import { dependencyFailure } from "./dependency-failure.js";

function setup(redisReplicas: number) {
  const web = deployment("web", "web", [{ name: "web" }]);
  const wp = pod(web, "a", [{ name: "web" }]);
  const redis = deployment("web", "redis", [{ name: "redis" }], { replicas: redisReplicas });
  const rp = redisReplicas ? [pod(redis, "r", [{ name: "redis" }])] : [];
  const rsvc = service("web", "redis", { app: "redis" }, [{ port: 6379, targetPort: 6379 }]);
  const ep = endpoints("web", "redis", redisReplicas ? ["10.0.0.9"] : []);
  const objects = [web, wp, redis, ...rp, rsvc, ep];
  const depGraph = new ScenarioAgent(objects, new Map()).discover(refOf(rsvc));
  const logs = [log(wp, "web", "2026-11-20T02:50:00Z [ioredis] Error: connect ECONNREFUSED redis.web.svc.cluster.local:6379")];
  return contextOf({ objects, target: refOf(wp), logs, alert: alertFor(refOf(wp), "HighHTTP5xxRate"), evidence: { dependencies: [{ host: "redis.web.svc.cluster.local", service: refOf(rsvc), graph: depGraph }] }, extra: [redis] });
}

describe("dependency-failure", () => {
  it("blames the dependency scaled to zero, not the app that logs connection refused", () => {
    const [c] = dependencyFailure.analyze(setup(0));
    expect(c).toMatchObject({ category: "dependency-failure", culprit: { kind: "Deployment", name: "redis" }, confidence: "high" });
    expect(c!.summary).toContain("scaled to 0");
    expect(c!.remediation[0]!.command).toBe("kubectl scale deployment/redis -n web --replicas=1");
  });
  it("stays out when the dependency has ready endpoints (decoy)", () => {
    expect(dependencyFailure.analyze(setup(1))).toEqual([]);
  });
});
