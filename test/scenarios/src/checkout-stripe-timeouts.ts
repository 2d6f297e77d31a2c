import {
  Cluster, DAY, HOUR, MIN, alertmanagerWebhook, baseline, deployment, event, healthyApp, hpa, httpProbe, ingress, ingressController, lines,
  namespace, networkPolicy, nginxAccessLine, pod, podLogs, podMetrics, recoveredRestarter, running, scenarioFromCluster, secret, service, settleDeployment,
} from "../factory/index.js";

/**
 * checkout-web answers 502 on payment submission because api.stripe.com times out (an upstream incident).
 * Everything in the cluster is healthy: pods ready, no restarts, no changes. Decoys: the egress NetworkPolicy
 * (which allows 443 out), an HPA that scaled up because requests pile up while waiting on Stripe.
 */
export default function build() {
  const c = new Cluster("checkout-stripe-timeouts", "2026-11-24T20:12:00Z", "prod-us-east-1");
  const nodes = baseline(c, { region: "us-east-1" });
  namespace(c, "checkout", { team: "checkout" });
  secret(c, { ns: "checkout", name: "stripe", keys: ["secret-key", "webhook-secret"], createdAgo: 300 * DAY });
  const spec = { containers: [{ name: "checkout-web", image: "registry.acme.io/checkout/checkout-web:8.4.1", ports: [{ containerPort: 8080, name: "http" }], env: [{ name: "STRIPE_API_KEY", valueFrom: { secretKeyRef: { key: "secret-key", name: "stripe" } } }, { name: "STRIPE_TIMEOUT", value: "10s" }], requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/healthz", "http") }] };
  const parts = deployment(c, { ns: "checkout", name: "checkout-web", replicas: 5, revisions: [{ spec, rolledAgo: 6 * DAY }], firstRevision: 88 });
  const pods = [0, 1, 2, 0, 1].map((n, i) => pod(c, { owner: parts.current, node: nodes[n]!, createdAgo: i < 3 ? 6 * DAY - 30 * i : 22 * MIN, containers: { "checkout-web": running(i < 3 ? 6 * DAY - 30 * i - 5 : 22 * MIN - 5) } }));
  settleDeployment(c, parts);
  service(c, { ns: "checkout", name: "checkout-web", selector: { app: "checkout-web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const h = hpa(c, { ns: "checkout", name: "checkout-web", target: parts.deploy, min: 3, max: 10, current: 5, desired: 5, cpuCurrent: 64, lastScaleAgo: 22 * MIN });
  event(c, h, { reason: "SuccessfulRescale", message: "New size: 5; reason: cpu resource utilization (percentage of request) above target", component: "horizontal-pod-autoscaler", first: 22 * MIN });
  networkPolicy(c, { ns: "checkout", name: "checkout-web-egress", podSelector: { app: "checkout-web" }, policyTypes: ["Egress"], createdAgo: 75 * DAY, egress: [{ ports: [{ port: 443, protocol: "TCP" }], to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }, { ports: [{ port: 53, protocol: "UDP" }], to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }] }] });
  for (const [i, p] of pods.entries()) {
    podMetrics(c, p, { "checkout-web": { cpu: "171m", memory: "288Mi" } });
    podLogs(c, p, { "checkout-web": { current: lines(c,
      [HOUR, 'level=info msg="payment confirmed" intent=pi_3QxA1 amount=8900 currency=usd stripe_ms=412'],
      [26 * MIN, 'level=warn msg="stripe request slow" endpoint=/v1/payment_intents stripe_ms=8712'],
      [25 * MIN - i, 'level=error msg="payment failed" error="Post \\"https://api.stripe.com/v1/payment_intents\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" status=502'],
      [60 + i, 'level=error msg="payment failed" error="Post \\"https://api.stripe.com/v1/payment_intents\\": net/http: TLS handshake timeout" status=502'],
      [20 + i, 'level=error msg="payment failed" error="Post \\"https://api.stripe.com/v1/payment_intents\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" status=502'],
      [5, 'level=info msg="request" method=GET path=/cart status=200 duration_ms=21'],
    ) } });
  }
  ingress(c, { ns: "checkout", name: "checkout", rules: [{ host: "checkout.acme.io", paths: [{ path: "/", service: "checkout-web", port: 80 }] }], tlsSecret: "checkout-acme-io-tls" });
  const access = [30 * MIN, 20 * MIN, 4 * MIN, 50].map((ago, i) => nginxAccessLine(c, ago, { method: "POST", path: "/api/pay", status: ago > 26 * MIN ? 200 : 502, bytes: 152, ns: "checkout", service: "checkout-web", upstream: `${pods[i]!.status.podIP}:8080`, duration: ago > 26 * MIN ? 0.43 : 10.004 })).join("\n") + "\n";
  ingressController(c, nodes, access);
  healthyApp(c, { ns: "checkout", name: "checkout-pricing", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "checkout", name: "receipt-renderer", nodes, reason: "OOMKilled", hoursAgo: 3 });
  const alert = alertmanagerWebhook(c, { rule: "HighHTTP5xxRate", labels: { ingress: "checkout", namespace: "checkout", service: "checkout-web", team: "checkout" }, value: "38.2%", startsAgo: 21 * MIN });
  return scenarioFromCluster(c, {
    description: "checkout-web returns 502 on payments: calls to api.stripe.com time out; nothing in the cluster is wrong",
    alert,
    expected: { category: "external-dependency", mustMention: ["api.stripe.com"] },
  });
}
