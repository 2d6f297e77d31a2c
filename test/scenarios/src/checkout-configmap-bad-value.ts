import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, configMap, crashLoop, deployment, errored, event, healthyApp, hpa, httpProbe, lines,
  namespace, nodeNoise, pod, podLogs, podMetrics, recoveredRestarter, restartEvents, scenarioFromCluster, scheduledEvent, service, settleDeployment,
} from "../factory/index.js";

/**
 * Someone edited checkout-config 41 minutes ago (DB_POOL_SIZE: "20" → "twenty"). The two old checkout pods
 * keep running with the environment they started with; the two pods the HPA added 36 minutes ago read the
 * new value and crash at startup. No rollout happened: the ReplicaSet is 12 days old.
 */
export default function build() {
  const c = new Cluster("checkout-configmap-bad-value", "2026-11-20T19:05:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "shop", { team: "checkout" });
  configMap(c, {
    ns: "shop", name: "checkout-config", createdAgo: 150 * DAY,
    data: { DB_HOST: "checkout-db.cluster-c8x2ypl7abcd.eu-west-1.rds.amazonaws.com", DB_POOL_SIZE: "twenty", LOG_LEVEL: "info", PAYMENT_PROVIDER_TIMEOUT: "5s" },
    changed: { ago: 41 * MIN, keys: ["DB_POOL_SIZE"], manager: "kubectl-edit" },
  });
  configMap(c, { ns: "shop", name: "checkout-feature-flags", data: { "flags.json": '{"newCheckoutFlow": true, "applePay": false}' }, createdAgo: 30 * DAY, changed: { ago: 3 * DAY, keys: ["flags.json"], manager: "argocd-controller" } });
  const spec = { containers: [{
    name: "checkout", image: "registry.acme.io/shop/checkout:5.3.0", ports: [{ containerPort: 8080, name: "http" }],
    envFrom: [{ configMapRef: { name: "checkout-config" } }], env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { key: "password", name: "checkout-db" } } }],
    requests: { cpu: "300m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/health/ready", "http"),
  }] };
  const parts = deployment(c, { ns: "shop", name: "checkout", replicas: 4, revisions: [{ spec, rolledAgo: 12 * DAY }], firstRevision: 23 });
  const old = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 12 * DAY - 60 * i }));
  const fresh = [1, 2].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 36 * MIN, containers: { checkout: crashLoop(12, errored(1, 150 + i * 40, 149 + i * 40)) } }));
  settleDeployment(c, parts);
  service(c, { ns: "shop", name: "checkout", selector: { app: "checkout" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const h = hpa(c, { ns: "shop", name: "checkout", target: parts.deploy, min: 2, max: 8, current: 4, desired: 4, cpuCurrent: 88, lastScaleAgo: 36 * MIN });
  event(c, h, { reason: "SuccessfulRescale", message: "New size: 4; reason: cpu resource utilization (percentage of request) above target", component: "horizontal-pod-autoscaler", first: 36 * MIN });
  event(c, parts.deploy, { reason: "ScalingReplicaSet", message: `Scaled up replica set ${parts.current.metadata.name} to 4 from 2`, component: "deployment-controller", first: 36 * MIN });
  for (const p of old) {
    podMetrics(c, p, { checkout: { cpu: "281m", memory: "301Mi" } });
    podLogs(c, p, { checkout: { current: lines(c, [12 * DAY - 30, 'level=info msg="config loaded" db_pool_size=20 log_level=info'], [40, 'level=info msg="order placed" order_id=ord_9f8a7c status=201 duration_ms=212']) } });
  }
  for (const [i, p] of fresh.entries()) {
    const start = 150 + i * 40;
    const boot = (ago: number) => lines(c,
      [ago, 'level=info msg="starting checkout" version=5.3.0'],
      [ago - 1, 'FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer'],
    );
    podLogs(c, p, { checkout: { current: boot(start), previous: boot(start + 301) } });
    scheduledEvent(c, p, 36 * MIN);
    restartEvents(c, p, "checkout", { restarts: 12, since: 36 * MIN - 5, lastStartAgo: start });
    event(c, parts.current, { reason: "SuccessfulCreate", message: `Created pod: ${p.metadata.name}`, component: "replicaset-controller", first: 36 * MIN });
  }
  healthyApp(c, { ns: "shop", name: "cart", nodes, replicas: 3 });
  recoveredRestarter(c, { ns: "shop", name: "checkout-email-sender", nodes, hoursAgo: 9 });
  nodeNoise(c, nodes[0]!);
  const target = fresh[0]!;
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "checkout", namespace: "shop", pod: target.metadata.name, reason: "CrashLoopBackOff", uid: target.metadata.uid! }, startsAgo: 18 * MIN });
  return scenarioFromCluster(c, {
    description: "new checkout pods crash at startup on DB_POOL_SIZE=\"twenty\", a value edited into the checkout-config ConfigMap minutes before",
    alert,
    expected: {
      category: "config-value",
      culprit: { kind: "ConfigMap", namespace: "shop", name: "checkout-config" },
      mustMention: ["DB_POOL_SIZE"],
      remediationTargets: [{ kind: "ConfigMap", namespace: "shop", name: "checkout-config" }],
    },
  });
}
