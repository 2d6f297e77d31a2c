import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, configMap, daemonSet, event, healthyApp, imagePullEvents, lines, namespace, pod,
  podLogs, podTemplate, recoveredRestarter, scenarioFromCluster, scheduledEvent, serviceAccount, settleDaemonSet, waiting, nodeNoise,
} from "../factory/index.js";

/**
 * The log-agent DaemonSet was updated to fluent-bit 3.2.11, a tag that does not exist. The rolling update
 * (maxUnavailable 1) replaced the pod on one node, which now waits in ImagePullBackOff; the rollout stalls.
 */
export default function build() {
  const c = new Cluster("log-agent-daemonset-image", "2026-11-21T03:30:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "logging", { team: "observability" });
  serviceAccount(c, { ns: "logging", name: "log-agent" });
  configMap(c, { ns: "logging", name: "log-agent-config", data: { "fluent-bit.conf": "[SERVICE]\n    Flush 5\n[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Tag kube.*\n[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n    region eu-west-1\n    log_group_name /eks/prod-eu-west-1/containers\n" }, createdAgo: 200 * DAY });
  const mk = (tag: string) => ({
    serviceAccountName: "log-agent", tolerations: [{ operator: "Exists" }],
    containers: [{ name: "fluent-bit", image: `cr.fluentbit.io/fluent/fluent-bit:${tag}`, requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" }, volumeMounts: [{ name: "varlog", mountPath: "/var/log", readOnly: true }, { name: "config", mountPath: "/fluent-bit/etc/" }] }],
    volumes: [{ hostPath: { path: "/var/log", type: "" }, name: "varlog" }, { configMap: { defaultMode: 420, name: "log-agent-config" }, name: "config" }],
  });
  const { ds } = daemonSet(c, { ns: "logging", name: "log-agent", revisions: [{ spec: mk("3.1.9"), rolledAgo: 40 * DAY }, { spec: mk("3.2.11"), rolledAgo: 46 * MIN }] });
  const oldTpl = podTemplate({ app: "log-agent" }, mk("3.1.9"));
  const olds = [0, 2].map((i) => pod(c, { owner: ds, template: oldTpl, node: nodes[i]!, createdAgo: 40 * DAY - 20 * i }));
  const image = "cr.fluentbit.io/fluent/fluent-bit:3.2.11";
  const stuck = pod(c, { owner: ds, node: nodes[1]!, createdAgo: 45 * MIN, containers: { "fluent-bit": waiting("ImagePullBackOff", MSG.backOffPull(image)) } });
  settleDaemonSet(c, ds, 3);
  event(c, ds, { reason: "SuccessfulDelete", message: MSG.deletedPod(`log-agent-${"x7m2q"}`), component: "daemonset-controller", first: 46 * MIN });
  event(c, ds, { reason: "SuccessfulCreate", message: MSG.createdPod(stuck.metadata.name), component: "daemonset-controller", first: 45 * MIN });
  scheduledEvent(c, stuck, 45 * MIN);
  imagePullEvents(c, stuck, "fluent-bit", MSG.containerdNotFound(image), { since: 45 * MIN - 1 });
  for (const p of olds) podLogs(c, p, { "fluent-bit": { current: lines(c, [40 * DAY - 30, "[2026/10/12 03:30:00] [ info] [fluent bit] version=3.1.9, commit=431fa79ae2, pid=1"], [HOUR, "[ info] [output:cloudwatch_logs:cloudwatch_logs.0] Created log stream ip-10-0-1-20.eu-west-1.compute.internal.kube.var.log.containers"]) } });
  namespace(c, "tracing", { team: "observability" });
  healthyApp(c, { ns: "tracing", name: "otel-collector", nodes, replicas: 2, port: 4318 });
  recoveredRestarter(c, { ns: "logging", name: "log-router", nodes, hoursAgo: 3 });
  nodeNoise(c, nodes[1]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeDaemonSetRolloutStuck", labels: { daemonset: "log-agent", namespace: "logging" }, startsAgo: 20 * MIN });
  return scenarioFromCluster(c, {
    description: "log-agent DaemonSet rollout stuck: the new image tag fluent-bit:3.2.11 does not exist",
    alert,
    expected: {
      category: "image-pull",
      culprit: { kind: "DaemonSet", namespace: "logging", name: "log-agent" },
      mustMention: ["3.2.11"],
      remediationTargets: [{ kind: "DaemonSet", namespace: "logging", name: "log-agent" }],
    },
  });
}
