import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, deployment, healthyApp, hpaMetricsHiccup, httpProbe, kubeletEvent, lines,
  namespace, pod, podLogs, podMetrics, recoveredRestarter, rolloutEvents, running, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * A chart refactor changed profile's readiness probe path from /readyz to /ready; the app only serves
 * /readyz and answers 404. The new pods run fine but never become Ready, the rollout (maxUnavailable 1) is
 * stuck with one old pod serving.
 */
export default function build() {
  const c = new Cluster("profile-readiness-path", "2026-11-21T17:48:00Z", "staging-us-east-1");
  const nodes = baseline(c, { region: "us-east-1" });
  namespace(c, "profile", { team: "accounts" });
  const mk = (path: string) => ({ containers: [{ name: "profile", image: "registry.acme.io/accounts/profile:6.2.0", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "100m", memory: "192Mi" }, limits: { memory: "384Mi" }, readinessProbe: httpProbe(path, "http", { periodSeconds: 5 }), livenessProbe: httpProbe("/livez", "http", { periodSeconds: 20 }) }] });
  const parts = deployment(c, { ns: "profile", name: "profile", replicas: 2, maxUnavailable: "1", maxSurge: "1", firstRevision: 21, manager: "helm", revisions: [{ spec: mk("/readyz"), rolledAgo: 11 * DAY, replicas: 1 }, { spec: mk("/ready"), rolledAgo: 38 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const old = pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[0]!, createdAgo: 11 * DAY });
  const news = [1, 2].map((i) => pod(c, { owner: newRs, node: nodes[i]!, createdAgo: 38 * MIN, containers: { profile: running(38 * MIN - 4, { ready: false }) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 28 * MIN });
  service(c, { ns: "profile", name: "profile", selector: { app: "profile" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 38 * MIN, steps: [{ up: 1, down: 1 }, { up: 2 }], newPods: news });
  for (const p of news) {
    kubeletEvent(c, p, "profile", { type: "Warning", reason: "Unhealthy", message: MSG.probeFailed("Readiness", MSG.probeHttpStatus(404)), first: 38 * MIN - 6, last: 3, count: 452 });
    podMetrics(c, p, { profile: { cpu: "6m", memory: "131Mi" } });
    podLogs(c, p, { profile: { current: lines(c, [38 * MIN - 4, 'level=info msg="profile 6.2.0 listening" addr=:8080 routes="/v1/profiles,/readyz,/livez"'], [300, 'level=info msg="request" method=GET path=/ready status=404 duration_ms=0'], [4, 'level=info msg="request" method=GET path=/ready status=404 duration_ms=0']) } });
  }
  podMetrics(c, old, { profile: { cpu: "51m", memory: "160Mi" } });
  podLogs(c, old, { profile: { current: lines(c, [HOUR, 'level=info msg="request" method=GET path=/v1/profiles/u_1234 status=200 duration_ms=12'], [2, 'level=info msg="request" method=GET path=/readyz status=200 duration_ms=0']) } });
  const avatars = healthyApp(c, { ns: "profile", name: "avatars", nodes, replicas: 2 });
  hpaMetricsHiccup(c, avatars);
  recoveredRestarter(c, { ns: "profile", name: "gdpr-exporter", nodes, hoursAgo: 8 });
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "profile", namespace: "profile" }, startsAgo: 6 * MIN });
  return scenarioFromCluster(c, {
    description: "profile's new readiness probe path /ready answers 404 (the app serves /readyz): new pods never become Ready",
    alert,
    expected: {
      category: ["probe-failure", "bad-rollout"],
      culprit: { kind: "Deployment", namespace: "profile", name: "profile" },
      mustMention: ["/ready", "404"],
      remediationTargets: [{ kind: "Deployment", namespace: "profile", name: "profile" }],
    },
  });
}
