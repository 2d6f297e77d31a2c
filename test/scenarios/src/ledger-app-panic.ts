import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, configMap, crashLoop, deployment, errored, healthyApp, hpaMetricsHiccup, lines, namespace,
  pdb, pod, podLogs, raw, recoveredRestarter, restartEvents, scenarioFromCluster, service, settleDeployment, nodeNoise,
} from "../factory/index.js";

/**
 * ledger-writer panics (nil pointer dereference, exit 2) on a journal entry with a null currency that
 * arrived 35 minutes ago. Same image and config for 40 days: no rollout, no config change.
 */
export default function build() {
  const c = new Cluster("ledger-app-panic", "2026-11-22T04:10:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "ledger", { team: "finance-platform" });
  configMap(c, { ns: "ledger", name: "ledger-writer", data: { BATCH_SIZE: "200", QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/ledger-journal", FLUSH_INTERVAL: "2s" }, createdAgo: 300 * DAY, changed: { ago: 61 * DAY, keys: ["FLUSH_INTERVAL"] } });
  const spec = { containers: [{ name: "ledger-writer", image: "registry.acme.io/finance/ledger-writer:2.4.7", envFrom: [{ configMapRef: { name: "ledger-writer" } }], ports: [{ containerPort: 9090, name: "metrics" }], requests: { cpu: "200m", memory: "128Mi" }, limits: { memory: "256Mi" } }] };
  const parts = deployment(c, { ns: "ledger", name: "ledger-writer", replicas: 2, revisions: [{ spec, rolledAgo: 40 * DAY }], firstRevision: 14 });
  const pods = [0, 2].map((n, i) => pod(c, { owner: parts.current, node: nodes[n]!, createdAgo: 40 * DAY - i * 30, containers: { "ledger-writer": crashLoop(9 + i, errored(2, 95 + 40 * i, 94 + 40 * i)) } }));
  settleDeployment(c, parts);
  service(c, { ns: "ledger", name: "ledger-writer-metrics", selector: { app: "ledger-writer" }, ports: [{ name: "metrics", port: 9090, targetPort: "metrics" }] });
  pdb(c, { ns: "ledger", name: "ledger-writer", selector: { app: "ledger-writer" }, minAvailable: 1, expectedPods: 2, healthy: 0 });
  const panic = (t: number) => lines(c,
    [t, 'level=info msg="ledger-writer 2.4.7 started" queue=ledger-journal batch_size=200'],
    [t - 1, 'level=info msg="received journal entries" count=3'],
    [t - 1, 'level=debug msg="posting journal entry" id=je_20261122_88123 account=acc_5512 amount=1250 currency=null'],
  ) + raw(
    "panic: runtime error: invalid memory address or nil pointer dereference",
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x9c4b1a]",
    "",
    "goroutine 1 [running]:",
    "acme.io/ledger/internal/posting.(*Converter).ToMinorUnits(0x0, {0xc0001a2000, 0x4}, 0x4e2)",
    "\t/src/internal/posting/currency.go:41 +0x3a",
    "acme.io/ledger/internal/posting.(*Service).post(0xc000126f00, {0xb41e20, 0xc0000a4050}, 0xc0002b8000)",
    "\t/src/internal/posting/service.go:142 +0x2d1",
    "acme.io/ledger/internal/posting.(*Service).Run(0xc000126f00, {0xb41e20, 0xc0000a4050})",
    "\t/src/internal/posting/service.go:88 +0x1b4",
    "main.main()",
    "\t/src/cmd/ledger-writer/main.go:57 +0x4c5",
  );
  for (const [i, p] of pods.entries()) {
    const t = 95 + 40 * i;
    podLogs(c, p, { "ledger-writer": { current: panic(t), previous: panic(t + 301) } });
    restartEvents(c, p, "ledger-writer", { restarts: 9 + i, since: 35 * MIN, lastStartAgo: t });
  }
  const api = healthyApp(c, { ns: "ledger", name: "ledger-api", nodes, replicas: 3 });
  hpaMetricsHiccup(c, api);
  recoveredRestarter(c, { ns: "ledger", name: "ledger-reconciler", nodes, reason: "OOMKilled", hoursAgo: 4 });
  nodeNoise(c, nodes[0]!);
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "ledger-writer", namespace: "ledger", pod: pods[0]!.metadata.name, reason: "CrashLoopBackOff", uid: pods[0]!.metadata.uid! }, startsAgo: 17 * MIN });
  return scenarioFromCluster(c, {
    description: "ledger-writer panics with a nil pointer dereference on a journal entry with a null currency; nothing changed in the cluster",
    alert,
    expected: {
      category: "app-crash",
      culprit: { kind: "Deployment", namespace: "ledger", name: "ledger-writer" },
      mustMention: ["nil pointer"],
    },
  });
}
