import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, configMap, cronJob, deployment, healthyApp, hpaMetricsHiccup, httpProbe, event,
  lines, namespace, nodeNoise, pod, podLogs, podMetrics, rolloutEvents, scenarioFromCluster, scheduledEvent, service, settleDeployment, waiting,
} from "../factory/index.js";

/**
 * The reports Deployment's new revision mounts ConfigMap `reports-templates`; the one that exists is
 * `report-templates`. New pods stay in ContainerCreating with FailedMount; the rollout is stuck below the
 * desired replica count.
 */
export default function build() {
  const c = new Cluster("reports-missing-configmap-volume", "2026-11-19T08:05:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "reporting", { team: "finance-analytics" });
  configMap(c, { ns: "reporting", name: "report-templates", data: { "monthly.html.tmpl": "<h1>{{ .Title }}</h1>\n{{ range .Rows }}<tr><td>{{ .Name }}</td><td>{{ .Total }}</td></tr>{{ end }}\n", "weekly.html.tmpl": "<h1>{{ .Title }}</h1>\n" }, createdAgo: 120 * DAY });
  const base = { name: "reports", image: "registry.acme.io/reporting/reports:2.8.0", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/healthz", "http") };
  const v1 = { containers: [base] };
  const v2 = { containers: [{ ...base, image: "registry.acme.io/reporting/reports:2.9.0", volumeMounts: [{ name: "config", mountPath: "/etc/reports/templates", readOnly: true }] }], volumes: [{ configMap: { defaultMode: 420, name: "reports-templates" }, name: "config" }] };
  const parts = deployment(c, { ns: "reporting", name: "reports", replicas: 2, maxSurge: "1", maxUnavailable: "1", firstRevision: 3, revisions: [{ spec: v1, rolledAgo: 33 * DAY, replicas: 1 }, { spec: v2, rolledAgo: 52 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const old = pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[0]!, createdAgo: 33 * DAY });
  const stuck = [1, 2].map((i) => pod(c, { owner: newRs, node: nodes[i]!, createdAgo: 52 * MIN - (i - 1) * 20, sandboxPending: true, containers: { reports: waiting("ContainerCreating") } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 42 * MIN });
  service(c, { ns: "reporting", name: "reports", selector: { app: "reports" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 52 * MIN, steps: [{ up: 1, down: 1 }, { up: 2 }], newPods: stuck });
  const mountErr = MSG.failedMount("config", 'configmap "reports-templates" not found');
  for (const p of stuck) {
    scheduledEvent(c, p, 52 * MIN);
    event(c, p, { type: "Warning", reason: "FailedMount", message: mountErr, component: "kubelet", host: p.spec.nodeName, first: 52 * MIN - 1, last: 95, count: 33 });
  }
  podMetrics(c, old, { reports: { cpu: "12m", memory: "141Mi" } });
  podLogs(c, old, { reports: { current: lines(c, [3 * HOUR, 'level=info msg="report rendered" template=weekly.html.tmpl rows=412'], [80, 'level=info msg="request" path=/v1/reports/weekly status=200']) } });
  cronJob(c, { ns: "reporting", name: "reports-nightly", schedule: "0 2 * * *", spec: { containers: [{ name: "nightly", image: "registry.acme.io/reporting/reports:2.8.0", args: ["render", "--all"] }] }, createdAgo: 90 * DAY, lastScheduleAgo: 6 * HOUR + 5 * MIN, lastSuccessAgo: 6 * HOUR });
  const api = healthyApp(c, { ns: "reporting", name: "reports-exporter", nodes, replicas: 2 });
  hpaMetricsHiccup(c, api);
  nodeNoise(c, nodes[2]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "reports", namespace: "reporting" }, startsAgo: 22 * MIN });
  return scenarioFromCluster(c, {
    description: "reports' new revision mounts ConfigMap reports-templates, which does not exist; new pods hang in ContainerCreating",
    alert,
    expected: {
      category: "missing-config-ref",
      culprit: { kind: "Deployment", namespace: "reporting", name: "reports" },
      mustMention: ["reports-templates"],
      remediationTargets: [{ kind: "Deployment", namespace: "reporting", name: "reports" }],
    },
  });
}
