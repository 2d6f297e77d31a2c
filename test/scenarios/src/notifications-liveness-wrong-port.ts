import {
  Cluster, HOUR, MIN, MSG, alertmanagerWebhook, baseline, crashLoop, deployment, event, healthyApp, httpProbe, kubeletEvent, lines, namespace,
  nodeNoise, pod, podLogs, podMetrics, restartEvents, running, scenarioFromCluster, secret, service, settleDeployment,
} from "../factory/index.js";

/**
 * The notifications service, deployed 50 minutes ago, listens on 8080 but its liveness probe targets 8081.
 * Every start the kubelet kills a perfectly healthy container after three failed probes (SIGTERM, exit 143);
 * the app log shows nothing wrong. Decoy: a neighbour had one failed readiness probe during a deploy.
 */
export default function build() {
  const c = new Cluster("notifications-liveness-wrong-port", "2026-11-23T01:37:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "notifications", { team: "engagement" });
  secret(c, { ns: "notifications", name: "fcm-credentials", keys: ["service-account.json"], createdAgo: 52 * MIN });
  const spec = { containers: [{
    name: "notifications", image: "registry.acme.io/engagement/notifications:1.0.3", ports: [{ containerPort: 8080, name: "http" }],
    env: [{ name: "PORT", value: "8080" }, { name: "GOOGLE_APPLICATION_CREDENTIALS", value: "/var/run/secrets/fcm/service-account.json" }],
    requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" },
    livenessProbe: httpProbe("/healthz", 8081, { initialDelaySeconds: 10, periodSeconds: 10 }), readinessProbe: httpProbe("/healthz", 8080, { periodSeconds: 5 }),
    volumeMounts: [{ name: "fcm", mountPath: "/var/run/secrets/fcm", readOnly: true }],
  }], volumes: [{ name: "fcm", secret: { defaultMode: 420, secretName: "fcm-credentials" } }] };
  const parts = deployment(c, { ns: "notifications", name: "notifications", replicas: 2, revisions: [{ spec, rolledAgo: 50 * MIN }], createdAgo: 50 * MIN });
  const pods = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i + 1]!, createdAgo: 50 * MIN, containers: { notifications: i === 0 ? crashLoop(11, { exitCode: 143, reason: "Error", startedAgo: 200, finishedAgo: 158 }) : running(35, { ready: true, restarts: 11, last: { exitCode: 143, reason: "Error", startedAgo: 330, finishedAgo: 37 } }) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 40 * MIN });
  service(c, { ns: "notifications", name: "notifications", selector: { app: "notifications" }, ports: [{ name: "http", port: 80, targetPort: "http" }], createdAgo: 50 * MIN });
  event(c, parts.deploy, { reason: "ScalingReplicaSet", message: MSG.scaled("up", parts.current.metadata.name, 2, 0), component: "deployment-controller", first: 50 * MIN });
  for (const [i, p] of pods.entries()) {
    const ip = p.status.podIP as string;
    const lastStart = i === 0 ? 200 : 35;
    const run = (start: number, end: number) => lines(c,
      [start, "notifications 1.0.3 listening on :8080"],
      [start - 4, "fcm: credentials loaded project=acme-mobile-prod"],
      ...(end < start - 15 ? [[start - 15, "push sent user=u_81723 template=order_shipped latency_ms=212"] as [number, string]] : []),
    );
    podLogs(c, p, { notifications: { current: i === 0 ? run(200, 158) : run(35, 0), previous: i === 0 ? run(200 + 342, 158 + 342) : run(330, 37) } });
    kubeletEvent(c, p, "notifications", { type: "Warning", reason: "Unhealthy", message: MSG.probeFailed("Liveness", MSG.probeConnRefused(`http://${ip}:8081/healthz`, `${ip}:8081`)), first: 50 * MIN - 20, last: i === 0 ? 160 : 40, count: 34 });
    kubeletEvent(c, p, "notifications", { reason: "Killing", message: MSG.probeRestart("notifications", "liveness"), first: 50 * MIN - 40, last: i === 0 ? 159 : 38, count: 11 });
    restartEvents(c, p, "notifications", { restarts: 11, since: 50 * MIN - 2, lastStartAgo: lastStart, backOff: i === 0 });
  }
  podMetrics(c, pods[1]!, { notifications: { cpu: "9m", memory: "58Mi" } });
  const email = healthyApp(c, { ns: "notifications", name: "email-sender", nodes, replicas: 2 });
  const ep = email.pods[0]!;
  kubeletEvent(c, ep, "email-sender", { type: "Warning", reason: "Unhealthy", message: MSG.probeFailed("Readiness", MSG.probeTimeout(`http://${ep.status.podIP}:8080/healthz`)), first: 3 * HOUR, last: 3 * HOUR, count: 1 });
  nodeNoise(c, nodes[2]!);
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "notifications", namespace: "notifications", pod: pods[0]!.metadata.name, reason: "CrashLoopBackOff", uid: pods[0]!.metadata.uid! }, startsAgo: 12 * MIN });
  return scenarioFromCluster(c, {
    description: "notifications restarts every minute: its liveness probe targets port 8081 while the app listens on 8080",
    alert,
    expected: {
      category: "probe-failure",
      culprit: { kind: "Deployment", namespace: "notifications", name: "notifications" },
      mustMention: ["8081", "8080"],
      remediationTargets: [{ kind: "Deployment", namespace: "notifications", name: "notifications" }],
    },
  });
}
