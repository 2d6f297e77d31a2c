import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, crashLoop, deployment, errored, healthyApp, hpaMetricsHiccup, httpProbe, lines, namespace,
  pod, podLogs, podMetrics, restartEvents, rolloutEvents, scenarioFromCluster, service, settleDeployment, secret,
} from "../factory/index.js";

/**
 * orders-api revision 15 only changed one inline env value: ORDER_RESERVATION_TIMEOUT "30s" → "30". The Go
 * service rejects a duration without unit and exits 1; the rollout is stuck with two old pods serving.
 */
export default function build() {
  const c = new Cluster("orders-inline-env-bad-value", "2026-11-19T11:47:00Z", "staging-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "orders", { team: "orders" });
  secret(c, { ns: "orders", name: "orders-db", keys: ["username", "password"] });
  const mk = (timeout: string) => ({ containers: [{
    name: "orders-api", image: "registry.acme.io/orders/orders-api:1.42.3", ports: [{ containerPort: 8080, name: "http" }],
    env: [
      { name: "DB_HOST", value: "orders-db.orders.svc.cluster.local" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { key: "password", name: "orders-db" } } },
      { name: "ORDER_RESERVATION_TIMEOUT", value: timeout },
      { name: "LOG_FORMAT", value: "json" },
    ],
    requests: { cpu: "200m", memory: "192Mi" }, limits: { memory: "384Mi" }, readinessProbe: httpProbe("/readyz", "http"),
  }] });
  const parts = deployment(c, { ns: "orders", name: "orders-api", replicas: 3, maxUnavailable: "1", maxSurge: "1", firstRevision: 14, revisions: [{ spec: mk("30s"), rolledAgo: 18 * DAY, replicas: 2 }, { spec: mk("30"), rolledAgo: 27 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const olds = [0, 1].map((i) => pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[i]!, createdAgo: 18 * DAY - i * 30 }));
  const news = [1, 2].map((i) => pod(c, { owner: newRs, node: nodes[i]!, createdAgo: 27 * MIN - 40 * (i - 1), containers: { "orders-api": crashLoop(9, errored(1, 95 + i * 60, 95 + i * 60)) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 17 * MIN });
  service(c, { ns: "orders", name: "orders-api", selector: { app: "orders-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 27 * MIN, steps: [{ up: 1, down: 2 }, { up: 2 }], newPods: news });
  for (const p of olds) {
    podMetrics(c, p, { "orders-api": { cpu: "96m", memory: "171Mi" } });
    podLogs(c, p, { "orders-api": { current: lines(c, [200, '{"level":"info","msg":"request","method":"POST","path":"/v1/orders","status":201,"duration_ms":38}'], [12, '{"level":"info","msg":"request","method":"GET","path":"/v1/orders/ord_1182","status":200,"duration_ms":7}']) } });
  }
  for (const [i, p] of news.entries()) {
    const t = 95 + (i + 1) * 60;
    const boot = (at: number) => lines(c,
      [at, '{"level":"info","msg":"starting orders-api","version":"1.42.3"}'],
      [at, '{"level":"fatal","msg":"invalid configuration","error":"ORDER_RESERVATION_TIMEOUT: time: missing unit in duration \\"30\\""}'],
    );
    podLogs(c, p, { "orders-api": { current: boot(t), previous: boot(t + 301) } });
    restartEvents(c, p, "orders-api", { restarts: 9, since: 27 * MIN - 40 * i, lastStartAgo: t });
  }
  namespace(c, "fulfilment", { team: "orders" });
  const f = healthyApp(c, { ns: "fulfilment", name: "fulfilment-orders-sync", nodes, replicas: 2 });
  hpaMetricsHiccup(c, f);
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "orders-api", namespace: "orders" }, startsAgo: 9 * MIN });
  return scenarioFromCluster(c, {
    description: "orders-api's new revision sets ORDER_RESERVATION_TIMEOUT=\"30\" inline; the service rejects it and the rollout is stuck",
    alert,
    expected: {
      category: ["config-value", "bad-rollout"],
      culprit: { kind: "Deployment", namespace: "orders", name: "orders-api" },
      mustMention: ["ORDER_RESERVATION_TIMEOUT"],
      remediationTargets: [{ kind: "Deployment", namespace: "orders", name: "orders-api" }],
    },
  });
}
