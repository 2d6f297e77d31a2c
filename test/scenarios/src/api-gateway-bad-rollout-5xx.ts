import {
  Cluster, DAY, MIN, MSG, alertmanagerWebhook, baseline, configMap, deployment, event, healthyApp, httpProbe, ingress, ingressController, lines,
  namespace, nginxAccessLine, pod, podLogs, podMetrics, recoveredRestarter, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * api-gateway 1.19.0 (revision 12) finished rolling out 9 minutes ago; revision 11's ReplicaSet is scaled to
 * zero. The new pods are Ready (the health check is static) but answer 502 on every proxied route: the new
 * version expects `upstreams:` in the route config, which the mounted (unchanged) ConfigMap does not have.
 */
export default function build() {
  const c = new Cluster("api-gateway-bad-rollout-5xx", "2026-11-22T10:02:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "gateway", { team: "edge" });
  configMap(c, { ns: "gateway", name: "api-gateway-routes", data: { "routes.yaml": "routes:\n  - prefix: /v1/orders\n    upstream: http://orders-api.orders.svc.cluster.local\n  - prefix: /v1/cart\n    upstream: http://cart.cart.svc.cluster.local\n" }, createdAgo: 90 * DAY, changed: { ago: 20 * DAY, keys: ["routes.yaml"] } });
  const mk = (tag: string) => ({
    containers: [{ name: "api-gateway", image: `registry.acme.io/edge/api-gateway:${tag}`, args: ["--routes=/etc/gateway/routes.yaml"], ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "300m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/healthz", "http"), volumeMounts: [{ name: "routes", mountPath: "/etc/gateway" }] }],
    volumes: [{ configMap: { defaultMode: 420, name: "api-gateway-routes" }, name: "routes" }],
  });
  const parts = deployment(c, { ns: "gateway", name: "api-gateway", replicas: 4, firstRevision: 10, revisions: [{ spec: mk("1.17.4"), rolledAgo: 41 * DAY }, { spec: mk("1.18.2"), rolledAgo: 12 * DAY }, { spec: mk("1.19.0"), rolledAgo: 14 * MIN }] });
  const [, oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current, typeof parts.current];
  const pods = [0, 1, 2, 0].map((n, i) => pod(c, { owner: newRs, node: nodes[n]!, createdAgo: 14 * MIN - i * 70 }));
  settleDeployment(c, parts, { state: "complete", since: 9 * MIN });
  service(c, { ns: "gateway", name: "api-gateway", selector: { app: "api-gateway" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const steps: Array<[string, string, number, number, number]> = [["up", newRs.metadata.name, 1, 0, 14 * MIN], ["down", oldRs.metadata.name, 3, 4, 14 * MIN - 50], ["up", newRs.metadata.name, 2, 1, 13 * MIN], ["down", oldRs.metadata.name, 2, 3, 13 * MIN - 50], ["up", newRs.metadata.name, 3, 2, 12 * MIN], ["down", oldRs.metadata.name, 1, 2, 12 * MIN - 50], ["up", newRs.metadata.name, 4, 3, 11 * MIN], ["down", oldRs.metadata.name, 0, 1, 9 * MIN]];
  for (const [dir, rs, to, from, ago] of steps) event(c, parts.deploy, { reason: "ScalingReplicaSet", message: MSG.scaled(dir as "up" | "down", rs, to, from), component: "deployment-controller", first: ago });
  for (const [i, p] of pods.entries()) {
    event(c, newRs, { reason: "SuccessfulCreate", message: MSG.createdPod(p.metadata.name), component: "replicaset-controller", first: 14 * MIN - i * 70 });
    podMetrics(c, p, { "api-gateway": { cpu: "35m", memory: "96Mi" } });
    podLogs(c, p, { "api-gateway": { current: lines(c,
      [14 * MIN - i * 70 - 3, '{"level":"info","msg":"api-gateway starting","version":"1.19.0"}'],
      [14 * MIN - i * 70 - 4, '{"level":"warn","msg":"route has no upstreams, it will answer 502","prefix":"/v1/orders"}'],
      [14 * MIN - i * 70 - 4, '{"level":"warn","msg":"route has no upstreams, it will answer 502","prefix":"/v1/cart"}'],
      [30 + i, '{"level":"error","msg":"proxy error","path":"/v1/orders","status":502,"error":"no healthy upstream"}'],
      [10 + i, '{"level":"error","msg":"proxy error","path":"/v1/cart","status":502,"error":"no healthy upstream"}'],
    ) } });
  }
  ingress(c, { ns: "gateway", name: "api", rules: [{ host: "api.acme.io", paths: [{ path: "/", service: "api-gateway", port: 80 }] }], tlsSecret: "api-acme-io-tls" });
  const access = [16 * MIN, 15 * MIN, 6 * MIN, 3 * MIN, 40].map((ago, i) => nginxAccessLine(c, ago, { method: i % 2 ? "POST" : "GET", path: i % 2 ? "/v1/cart/items" : "/v1/orders", status: ago > 14 * MIN ? 200 : 502, ns: "gateway", service: "api-gateway", upstream: `${pods[i % 4]!.status.podIP}:8080`, duration: 0.012 })).join("\n") + "\n";
  ingressController(c, nodes, access);
  namespace(c, "orders", { team: "orders" });
  healthyApp(c, { ns: "orders", name: "orders-api", nodes, replicas: 3 });
  recoveredRestarter(c, { ns: "gateway", name: "rate-limiter-redis-exporter", nodes, hoursAgo: 30 });
  const alert = alertmanagerWebhook(c, { rule: "HighHTTP5xxRate", labels: { ingress: "api", namespace: "gateway", service: "api-gateway", team: "edge" }, value: "97.1%", startsAgo: 8 * MIN });
  return scenarioFromCluster(c, {
    description: "api-gateway 1.19.0, rolled out 14 minutes ago, answers 502 on every route; revision 11 (1.18.2) served fine for 12 days",
    alert,
    expected: {
      category: "bad-rollout",
      culprit: { kind: "Deployment", namespace: "gateway", name: "api-gateway" },
      mustMention: ["11"],
      remediationTargets: [{ kind: "Deployment", namespace: "gateway", name: "api-gateway" }],
    },
  });
}
