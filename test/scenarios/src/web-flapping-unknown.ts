import {
  Cluster, DAY, MIN, MSG, alertmanagerWebhook, baseline, deployment, event, healthyApp, hpaMetricsHiccup, httpProbe, kubeletEvent, lines,
  namespace, nodeNoise, pod, podLogs, podMetrics, recoveredRestarter, running, scenarioFromCluster, scheduledEvent, service, settleDeployment,
} from "../factory/index.js";

/**
 * A www pod sat in Pending for ~21 minutes after being created (its node was fine, the image was already
 * present) and then started normally; it has been Ready for 19 minutes. Nothing recorded explains the gap:
 * the honest answer is "unknown" with what was checked.
 */
export default function build() {
  const c = new Cluster("web-flapping-unknown", "2026-11-22T23:58:00Z", "prod-ap-southeast-2");
  const nodes = baseline(c, { region: "ap-southeast-2" });
  namespace(c, "www", { team: "web" });
  const image = "registry.acme.io/web/www:12.0.4";
  const spec = { containers: [{ name: "www", image, ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" }, readinessProbe: httpProbe("/healthz", "http") }] };
  const parts = deployment(c, { ns: "www", name: "www", replicas: 3, revisions: [{ spec, rolledAgo: 13 * DAY }], firstRevision: 30 });
  const steady = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 13 * DAY - i * 40 }));
  const late = pod(c, { owner: parts.current, node: nodes[2]!, createdAgo: 40 * MIN, containers: { www: running(19 * MIN) } });
  settleDeployment(c, parts);
  service(c, { ns: "www", name: "www", selector: { app: "www" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  event(c, parts.current, { reason: "SuccessfulCreate", message: MSG.createdPod(late.metadata.name), component: "replicaset-controller", first: 40 * MIN });
  scheduledEvent(c, late, 40 * MIN);
  kubeletEvent(c, late, "www", { reason: "Pulled", message: MSG.alreadyPresent(image), first: 19 * MIN + 2 });
  kubeletEvent(c, late, "www", { reason: "Created", message: MSG.created("www"), first: 19 * MIN + 1 });
  kubeletEvent(c, late, "www", { reason: "Started", message: MSG.started("www"), first: 19 * MIN });
  for (const p of [...steady, late]) {
    podMetrics(c, p, { www: { cpu: "22m", memory: "94Mi" } });
    podLogs(c, p, { www: { current: lines(c, [p === late ? 19 * MIN : 13 * DAY - 10, "www 12.0.4 listening on :8080"], [30, 'GET / 200 12ms ua="Mozilla/5.0"'], [3, "GET /healthz 200 0ms"]) } });
  }
  const blog = healthyApp(c, { ns: "www", name: "blog", nodes, replicas: 2 });
  hpaMetricsHiccup(c, blog);
  recoveredRestarter(c, { ns: "www", name: "www-prerender", nodes, hoursAgo: 1 });
  nodeNoise(c, nodes[2]!);
  const alert = alertmanagerWebhook(c, { rule: "KubePodNotReady", labels: { namespace: "www", pod: late.metadata.name }, startsAgo: 24 * MIN, groupBy: ["namespace"] });
  return scenarioFromCluster(c, {
    description: "a www pod was Pending for ~20 minutes, then started on its own; the evidence does not show why",
    alert,
    expected: { category: "unknown" },
  });
}
