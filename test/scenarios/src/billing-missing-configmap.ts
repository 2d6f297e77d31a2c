import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, configMap, deployment, healthyApp, hpaMetricsHiccup, httpProbe, kubeletEvent, lines,
  namespace, nodeNoise, pod, podLogs, podMetrics, rolloutEvents, scenarioFromCluster, scheduledEvent, service, settleDeployment, waiting,
} from "../factory/index.js";

/**
 * billing-api revision 8 switched from envFrom `billing-configs` to `billing-config`, which does not exist
 * (the ConfigMap with the near-identical name does). The new pod waits in CreateContainerConfigError for
 * over an hour; the two old pods keep serving.
 */
export default function build() {
  const c = new Cluster("billing-missing-configmap", "2026-11-22T16:30:00Z", "prod-us-east-1");
  const nodes = baseline(c, { region: "us-east-1" });
  namespace(c, "billing", { team: "billing" });
  configMap(c, { ns: "billing", name: "billing-configs", data: { INVOICE_CURRENCY: "USD", TAX_SERVICE_URL: "http://tax.billing.svc.cluster.local", RETRY_LIMIT: "5" }, createdAgo: 210 * DAY });
  configMap(c, { ns: "billing", name: "billing-config-backup-2026-10", data: { INVOICE_CURRENCY: "USD", RETRY_LIMIT: "3" }, createdAgo: 40 * DAY });
  const mk = (cm: string) => ({ containers: [{ name: "billing-api", image: "registry.acme.io/billing/billing-api:7.1.0", ports: [{ containerPort: 8080, name: "http" }], envFrom: [{ configMapRef: { name: cm } }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/ready", "http") }] });
  const parts = deployment(c, { ns: "billing", name: "billing-api", replicas: 2, maxUnavailable: "0", maxSurge: "1", firstRevision: 7, revisions: [{ spec: mk("billing-configs"), rolledAgo: 25 * DAY, replicas: 2 }, { spec: mk("billing-config"), rolledAgo: 100 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const olds = [0, 2].map((i) => pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[i]!, createdAgo: 25 * DAY - i * 20 }));
  const err = 'configmap "billing-config" not found';
  const stuck = pod(c, { owner: newRs, node: nodes[1]!, createdAgo: 100 * MIN, containers: { "billing-api": waiting("CreateContainerConfigError", err) } });
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 90 * MIN });
  service(c, { ns: "billing", name: "billing-api", selector: { app: "billing-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 100 * MIN, steps: [{ up: 1 }], newPods: [stuck] });
  scheduledEvent(c, stuck, 100 * MIN);
  kubeletEvent(c, stuck, "billing-api", { reason: "Pulled", message: MSG.alreadyPresent("registry.acme.io/billing/billing-api:7.1.0"), first: 100 * MIN - 2, last: 70, count: 463 });
  kubeletEvent(c, stuck, "billing-api", { type: "Warning", reason: "Failed", message: MSG.createConfigError(err), first: 100 * MIN - 2, last: 70, count: 463 });
  for (const p of olds) {
    podMetrics(c, p, { "billing-api": { cpu: "44m", memory: "203Mi" } });
    podLogs(c, p, { "billing-api": { current: lines(c, [HOUR, 'level=info msg="invoice generated" invoice=inv_20261122_0042 currency=USD'], [20, 'level=info msg="request" path=/v1/invoices status=200 duration_ms=18']) } });
  }
  const tax = healthyApp(c, { ns: "billing", name: "tax", nodes, replicas: 2 });
  hpaMetricsHiccup(c, tax);
  nodeNoise(c, nodes[1]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeContainerWaiting", labels: { container: "billing-api", namespace: "billing", pod: stuck.metadata.name }, startsAgo: 38 * MIN });
  return scenarioFromCluster(c, {
    description: "billing-api's new revision references ConfigMap billing-config, which does not exist; the new pod is stuck in CreateContainerConfigError",
    alert,
    expected: {
      category: "missing-config-ref",
      culprit: { kind: "Deployment", namespace: "billing", name: "billing-api" },
      mustMention: ["billing-config"],
      remediationTargets: [{ kind: "Deployment", namespace: "billing", name: "billing-api" }],
    },
  });
}
