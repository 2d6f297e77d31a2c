import {
  Cluster, DAY, MIN, MSG, alertmanagerWebhook, baseline, configMap, crashLoop, deployment, healthyApp, httpProbe, kubeletEvent, lines,
  namespace, pod, podLogs, recoveredRestarter, restartEvents, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * analytics-api (Spring Boot) now needs ~70 s to start: it warms a segment cache that has grown to 48k
 * entries. Its startupProbe allows 30 s (failureThreshold 6 × periodSeconds 5), so the kubelet kills every
 * start. It went unnoticed until node consolidation recreated all pods 55 minutes ago. No rollout.
 */
export default function build() {
  const c = new Cluster("analytics-startup-probe-too-short", "2026-11-20T06:20:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "analytics", { team: "insights" });
  configMap(c, { ns: "analytics", name: "analytics-api", data: { "application.yaml": "segments:\n  cache:\n    warm-on-start: true\nspring:\n  datasource:\n    hikari:\n      maximum-pool-size: 10\n" }, createdAgo: 150 * DAY });
  const spec = { containers: [{
    name: "analytics-api", image: "registry.acme.io/insights/analytics-api:5.12.0", ports: [{ containerPort: 8080, name: "http" }],
    env: [{ name: "JAVA_TOOL_OPTIONS", value: "-XX:MaxRAMPercentage=75" }], requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1536Mi" },
    startupProbe: httpProbe("/actuator/health/liveness", "http", { periodSeconds: 5, failureThreshold: 6 }),
    livenessProbe: httpProbe("/actuator/health/liveness", "http", { periodSeconds: 10 }), readinessProbe: httpProbe("/actuator/health/readiness", "http", { periodSeconds: 10 }),
    volumeMounts: [{ name: "config", mountPath: "/config" }],
  }], volumes: [{ configMap: { defaultMode: 420, name: "analytics-api" }, name: "config" }] };
  const parts = deployment(c, { ns: "analytics", name: "analytics-api", replicas: 3, revisions: [{ spec, rolledAgo: 24 * DAY }], firstRevision: 9 });
  const pods = [0, 1, 2].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 55 * MIN - i * 30, containers: { "analytics-api": crashLoop(8 + i, { exitCode: 143, reason: "Error", startedAgo: 150 + i * 60, finishedAgo: 115 + i * 60 }) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 45 * MIN });
  service(c, { ns: "analytics", name: "analytics-api", selector: { app: "analytics-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  for (const [i, p] of pods.entries()) {
    const ip = p.status.podIP as string;
    const start = 150 + i * 60;
    const boot = (t: number) => lines(c,
      [t, "  .   ____          _            __ _ _"],
      [t - 1, ":: Spring Boot ::                (v3.3.4)"],
      [t - 2, `INFO 1 --- [analytics-api] [           main] c.a.i.AnalyticsApplication             : Starting AnalyticsApplication v5.12.0 using Java 21.0.5 with PID 1`],
      [t - 9, "INFO 1 --- [analytics-api] [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Start completed."],
      [t - 12, "INFO 1 --- [analytics-api] [           main] c.a.i.segments.SegmentCacheWarmer        : Warming segment cache: loading 48211 segment definitions"],
      [t - 33, "INFO 1 --- [analytics-api] [           main] c.a.i.segments.SegmentCacheWarmer        : Segment cache warm-up 41% (19766/48211)"],
      [t - 35, "INFO 1 --- [analytics-api] [ionShutdownHook] o.s.b.w.e.tomcat.GracefulShutdown        : Commencing graceful shutdown. Waiting for active requests to complete"],
    );
    podLogs(c, p, { "analytics-api": { current: boot(start), previous: boot(start + 335) } });
    kubeletEvent(c, p, "analytics-api", { type: "Warning", reason: "Unhealthy", message: MSG.probeFailed("Startup", MSG.probeConnRefused(`http://${ip}:8080/actuator/health/liveness`, `${ip}:8080`)), first: 55 * MIN - 5, last: start - 34, count: 57 });
    kubeletEvent(c, p, "analytics-api", { reason: "Killing", message: MSG.probeRestart("analytics-api", "startup"), first: 55 * MIN - 35, last: start - 34, count: 8 + i });
    restartEvents(c, p, "analytics-api", { restarts: 8 + i, since: 55 * MIN - i * 30 - 2, lastStartAgo: start });
  }
  healthyApp(c, { ns: "analytics", name: "analytics-ui", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "analytics", name: "clickhouse-backup", nodes, hoursAgo: 18 });
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "analytics-api", namespace: "analytics" }, startsAgo: 30 * MIN });
  return scenarioFromCluster(c, {
    description: "analytics-api is killed by its startupProbe (30 s budget) before its ~70 s start completes; every pod crash-loops",
    alert,
    expected: {
      category: "probe-failure",
      culprit: { kind: "Deployment", namespace: "analytics", name: "analytics-api" },
      mustMention: ["startup"],
      remediationTargets: [{ kind: "Deployment", namespace: "analytics", name: "analytics-api" }],
    },
  });
}
