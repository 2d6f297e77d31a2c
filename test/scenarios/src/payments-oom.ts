import {
  Cluster, DAY, HOUR, MSG, alertmanagerWebhook, baseline, crashLoop, deployment, healthyApp, hpaMetricsHiccup, httpProbe, kubeletEvent,
  lines, namespace, oomKilled, pod, podLogs, podMetrics, recoveredRestarter, running, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * payments-api (limit 256Mi, unchanged for weeks) is OOMKilled under normal load: the settlement batch grew.
 * One pod crash-loops, the other two restarted with OOMKilled too; memory sits at the limit. Decoy: a
 * recovered OOMKilled pod in another namespace hours ago; noise: an HPA metrics hiccup.
 */
export default function build() {
  const c = new Cluster("payments-oom", "2026-11-20T02:51:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "payments", { team: "payments" });
  namespace(c, "ledger-tools", { team: "finance-platform" });
  const image = "registry.acme.io/payments/payments-api:2.14.1";
  const parts = deployment(c, {
    ns: "payments", name: "payments-api", replicas: 3, firstRevision: 11,
    revisions: [{ rolledAgo: 16 * DAY, spec: { containers: [{
      name: "payments-api", image, ports: [{ containerPort: 8080, name: "http" }],
      env: [{ name: "SETTLEMENT_BATCH_SIZE", value: "5000" }, { name: "GOMEMLIMIT", value: "230MiB" }],
      requests: { cpu: "250m", memory: "192Mi" }, limits: { memory: "256Mi" },
      readinessProbe: httpProbe("/ready", "http"), livenessProbe: httpProbe("/healthz", "http", { periodSeconds: 20 }),
    }] } }],
  });
  const p0 = pod(c, { owner: parts.current, node: nodes[0]!, createdAgo: 2 * DAY, containers: { "payments-api": crashLoop(7, oomKilled(118, 96)) } });
  const p1 = pod(c, { owner: parts.current, node: nodes[1]!, createdAgo: 2 * DAY, containers: { "payments-api": running(410, { restarts: 5, last: oomKilled(1_300, 412) }) } });
  const p2 = pod(c, { owner: parts.current, node: nodes[2]!, createdAgo: 2 * DAY, containers: { "payments-api": running(1_020, { restarts: 4, last: oomKilled(2_200, 1_022) }) } });
  settleDeployment(c, parts);
  service(c, { ns: "payments", name: "payments-api", selector: { app: "payments-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  podMetrics(c, p1, { "payments-api": { cpu: "212m", memory: "249Mi" } });
  podMetrics(c, p2, { "payments-api": { cpu: "187m", memory: "241Mi" } });
  const run = (start: number, end: number) => lines(c,
    [start, 'level=info msg="starting payments-api" version=2.14.1 go=go1.23.4'],
    [start - 2, 'level=info msg="listening" addr=:8080'],
    [end + 30, 'level=info msg="settlement batch loaded" batch=5000 merchants=1873'],
    [end + 4, 'level=info msg="reconciling settlement batch" batch=5000 progress=0.61'],
  );
  podLogs(c, p0, { "payments-api": { current: run(118, 96), previous: run(118 + 322, 96 + 322) } });
  podLogs(c, p1, { "payments-api": { previous: run(1_300, 412), current: lines(c, [410, 'level=info msg="starting payments-api" version=2.14.1 go=go1.23.4'], [60, 'level=info msg="settlement batch loaded" batch=5000 merchants=1873']) } });
  podLogs(c, p2, { "payments-api": { previous: run(2_200, 1_022), current: lines(c, [1_020, 'level=info msg="starting payments-api" version=2.14.1 go=go1.23.4']) } });
  for (const [p, n] of [[p0, 7], [p1, 5], [p2, 4]] as const) {
    kubeletEvent(c, p, "payments-api", { reason: "Pulled", message: MSG.alreadyPresent(image), first: 3 * HOUR, last: p === p0 ? 118 : 400, count: n + 1 });
    kubeletEvent(c, p, "payments-api", { reason: "Created", message: MSG.created("payments-api"), first: 3 * HOUR, last: p === p0 ? 118 : 400, count: n + 1 });
    kubeletEvent(c, p, "payments-api", { reason: "Started", message: MSG.started("payments-api"), first: 3 * HOUR, last: p === p0 ? 118 : 400, count: n + 1 });
  }
  kubeletEvent(c, p0, "payments-api", { type: "Warning", reason: "BackOff", message: MSG.backOffRestart("payments-api", p0.metadata.name, "payments", p0.metadata.uid!), first: 2_400, last: 40, count: 29 });
  const docs = healthyApp(c, { ns: "payments", name: "payments-webhooks", nodes, replicas: 2 });
  hpaMetricsHiccup(c, docs);
  recoveredRestarter(c, { ns: "ledger-tools", name: "ledger-export", nodes, reason: "OOMKilled", hoursAgo: 7 });
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "payments-api", namespace: "payments", pod: p0.metadata.name, reason: "CrashLoopBackOff", uid: p0.metadata.uid! }, startsAgo: 20 * 60 });
  return scenarioFromCluster(c, {
    description: "payments-api is OOMKilled (exit 137) at its 256Mi limit under normal load; one pod crash-loops",
    alert,
    expected: {
      category: "oom-killed",
      culprit: { kind: "Deployment", namespace: "payments", name: "payments-api" },
      mustMention: ["137", "256Mi"],
      remediationTargets: [{ kind: "Deployment", namespace: "payments", name: "payments-api" }],
    },
  });
}
