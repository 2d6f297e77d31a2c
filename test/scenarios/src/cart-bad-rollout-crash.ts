import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, configMap, crashLoop, deployment, errored, healthyApp, hpaMetricsHiccup, httpProbe,
  lines, namespace, pod, podLogs, podMetrics, raw, recoveredRestarter, restartEvents, rolloutEvents, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * cart revision 19 (image 4.8.0) crashes at startup: the image was built without its dist/ folder. Revision
 * 18 (4.7.2) ran for 9 days without a restart. The rollout is stuck with the old pods serving; a ConfigMap
 * edited three days ago is a red herring.
 */
export default function build() {
  const c = new Cluster("cart-bad-rollout-crash", "2026-11-19T15:20:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "cart", { team: "checkout" });
  configMap(c, { ns: "cart", name: "cart-config", data: { CART_TTL_HOURS: "72", REDIS_URL: "redis://cart-redis.cart.svc.cluster.local:6379/0", PROMO_ENGINE_URL: "http://promo.cart.svc.cluster.local" }, createdAgo: 200 * DAY, changed: { ago: 3 * DAY, keys: ["CART_TTL_HOURS"], manager: "kubectl-edit" } });
  const mk = (tag: string) => ({ containers: [{ name: "cart", image: `registry.acme.io/cart/cart:${tag}`, command: ["node", "/app/dist/server.js"], ports: [{ containerPort: 8080, name: "http" }], envFrom: [{ configMapRef: { name: "cart-config" } }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/healthz", "http") }] });
  const parts = deployment(c, { ns: "cart", name: "cart", replicas: 3, firstRevision: 16, revisions: [{ spec: mk("4.6.9"), rolledAgo: 30 * DAY }, { spec: mk("4.7.2"), rolledAgo: 9 * DAY, replicas: 3 }, { spec: mk("4.8.0"), rolledAgo: 24 * MIN }] });
  const [, oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current, typeof parts.current];
  const olds = [0, 1, 2].map((i) => pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[i]!, createdAgo: 9 * DAY - 50 * i }));
  const news = [pod(c, { owner: newRs, node: nodes[2]!, createdAgo: 24 * MIN, containers: { cart: crashLoop(9, errored(1, 130, 129)) } })];
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 14 * MIN });
  service(c, { ns: "cart", name: "cart", selector: { app: "cart" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 24 * MIN, steps: [{ up: 1 }], newPods: news });
  const crash = (ago: number) => `${lines(c, [ago, "node:internal/modules/cjs/loader:1228"])}${raw(
    "  throw err;",
    "  ^",
    "",
    "Error: Cannot find module '/app/dist/server.js'",
    "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
    "    at Module._load (node:internal/modules/cjs/loader:1051:27)",
    "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)",
    "    at node:internal/main/run_main_module:28:49 {",
    "  code: 'MODULE_NOT_FOUND',",
    "  requireStack: []",
    "}",
    "",
    "Node.js v20.18.0",
  )}`;
  podLogs(c, news[0]!, { cart: { current: crash(130), previous: crash(130 + 301) } });
  restartEvents(c, news[0]!, "cart", { restarts: 9, since: 24 * MIN - 3, lastStartAgo: 130 });
  for (const p of olds) {
    podMetrics(c, p, { cart: { cpu: "88m", memory: "233Mi" } });
    podLogs(c, p, { cart: { current: lines(c, [9 * DAY - 40, "cart 4.7.2 listening on :8080"], [50, "POST /v1/cart/items 201 14ms"], [8, "GET /v1/cart 200 6ms"]) } });
  }
  const promo = healthyApp(c, { ns: "cart", name: "promo", nodes, replicas: 2 });
  hpaMetricsHiccup(c, promo);
  recoveredRestarter(c, { ns: "cart", name: "cart-abandonment-mailer", nodes, hoursAgo: 2 });
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "cart", namespace: "cart", pod: news[0]!.metadata.name, reason: "CrashLoopBackOff", uid: news[0]!.metadata.uid! }, startsAgo: 5 * MIN });
  return scenarioFromCluster(c, {
    description: "cart's new revision (4.8.0) crashes at startup (Cannot find module); revision 18 was healthy for 9 days",
    alert,
    expected: {
      category: "bad-rollout",
      culprit: { kind: "Deployment", namespace: "cart", name: "cart" },
      mustMention: ["18", "4.8.0"],
      remediationTargets: [{ kind: "Deployment", namespace: "cart", name: "cart" }],
    },
  });
}
