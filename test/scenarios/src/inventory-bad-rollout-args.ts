import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, crashLoop, deployment, errored, healthyApp, httpProbe, lines, namespace, nodeNoise, pod,
  podLogs, podMetrics, raw, recoveredRestarter, restartEvents, rolloutEvents, scenarioFromCluster, service, settleDeployment,
} from "../factory/index.js";

/**
 * inventory revision 6 only changed the container args, adding `--cache-ttl=5m`, a flag this binary does
 * not define: Go's flag package prints the usage and exits 2. The rollout is stuck at 3 of 4 available.
 */
export default function build() {
  const c = new Cluster("inventory-bad-rollout-args", "2026-11-18T22:05:00Z", "prod-us-east-1");
  const nodes = baseline(c, { region: "us-east-1", nodes: 4 });
  namespace(c, "inventory", { team: "supply" });
  const mk = (args: string[]) => ({ containers: [{ name: "inventory", image: "registry.acme.io/supply/inventory:3.3.1", args, ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/readyz", "http") }] });
  const oldArgs = ["--listen=:8080", "--db-dsn-file=/var/run/secrets/db/dsn", "--log-level=info"];
  const parts = deployment(c, { ns: "inventory", name: "inventory", replicas: 4, firstRevision: 5, revisions: [{ spec: mk(oldArgs), rolledAgo: 16 * DAY, replicas: 3 }, { spec: mk([...oldArgs, "--cache-ttl=5m"]), rolledAgo: 33 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const olds = [0, 1, 3].map((i) => pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[i]!, createdAgo: 16 * DAY - 25 * i }));
  const news = [1, 2].map((i) => pod(c, { owner: newRs, node: nodes[i]!, createdAgo: 33 * MIN, containers: { inventory: crashLoop(10, errored(2, 70 * i, 70 * i)) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 23 * MIN });
  service(c, { ns: "inventory", name: "inventory", selector: { app: "inventory" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 33 * MIN, steps: [{ up: 1, down: 3 }, { up: 2 }], newPods: news });
  for (const [i, p] of news.entries()) {
    const t = 70 * (i + 1);
    const usage = (at: number) => lines(c, [at, "flag provided but not defined: -cache-ttl"]) + raw(
      "Usage of /usr/local/bin/inventory:",
      "  -db-dsn-file string",
      "    \tpath of the file holding the database DSN",
      "  -listen string",
      '    \taddress to listen on (default ":8080")',
      "  -log-level string",
      '    \tdebug, info, warn or error (default "info")',
    );
    podLogs(c, p, { inventory: { current: usage(t), previous: usage(t + 301) } });
    restartEvents(c, p, "inventory", { restarts: 10, since: 33 * MIN - 3, lastStartAgo: t });
  }
  for (const p of olds) {
    podMetrics(c, p, { inventory: { cpu: "140m", memory: "201Mi" } });
    podLogs(c, p, { inventory: { current: lines(c, [400, 'level=info msg="stock reserved" sku=TRL-RUN-2-42 qty=1'], [20, 'level=info msg="request" path=/v1/stock status=200 duration_ms=4']) } });
  }
  healthyApp(c, { ns: "inventory", name: "inventory-sync", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "inventory", name: "stock-forecaster", nodes, reason: "OOMKilled", hoursAgo: 13 });
  nodeNoise(c, nodes[3]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "inventory", namespace: "inventory" }, startsAgo: 8 * MIN });
  return scenarioFromCluster(c, {
    description: "inventory's new revision adds the flag --cache-ttl, which the binary does not define; new pods exit 2 and the rollout is stuck",
    alert,
    expected: {
      category: "bad-rollout",
      culprit: { kind: "Deployment", namespace: "inventory", name: "inventory" },
      mustMention: ["cache-ttl"],
      remediationTargets: [{ kind: "Deployment", namespace: "inventory", name: "inventory" }],
    },
  });
}
