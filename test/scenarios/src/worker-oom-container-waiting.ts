import {
  Cluster, DAY, HOUR, alertmanagerWebhook, baseline, configMap, crashLoop, healthyApp, hpaMetricsHiccup, kubeletEvent, lines, namespace,
  deployment, oomKilled, pod, podLogs, podMetrics, restartEvents, running, scenarioFromCluster, settleDeployment,
} from "../factory/index.js";

/**
 * thumbnail-worker's `worker` container is OOMKilled decoding large images (limit 512Mi) and has been
 * waiting in CrashLoopBackOff for over an hour. The fluent-bit sidecar in the same pod is healthy but its log
 * has retry warnings (decoy), and the alert's pod has two containers.
 */
export default function build() {
  const c = new Cluster("worker-oom-container-waiting", "2026-11-18T09:40:00Z", "prod-eu-central-1");
  const nodes = baseline(c, { region: "eu-central-1" });
  namespace(c, "media", { team: "media" });
  configMap(c, { ns: "media", name: "fluent-bit-sidecar", data: { "fluent-bit.conf": "[INPUT]\n    Name tail\n    Path /var/log/app/*.log\n[OUTPUT]\n    Name  forward\n    Host  fluentd.logging.svc\n    Port  24224\n" }, createdAgo: 300 * DAY });
  const spec = {
    containers: [
      {
        name: "worker", image: "registry.acme.io/media/thumbnail-worker:3.8.2", args: ["--queue=thumbnails", "--concurrency=4"],
        env: [{ name: "MAX_SOURCE_PIXELS", value: "120000000" }], requests: { cpu: "500m", memory: "384Mi" }, limits: { memory: "512Mi" },
        volumeMounts: [{ name: "app-logs", mountPath: "/var/log/app" }],
      },
      {
        name: "log-shipper", image: "cr.fluentbit.io/fluent/fluent-bit:3.1.9", requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" },
        volumeMounts: [{ name: "app-logs", mountPath: "/var/log/app", readOnly: true }, { name: "fluent-bit-config", mountPath: "/fluent-bit/etc/" }],
      },
    ],
    volumes: [{ emptyDir: {}, name: "app-logs" }, { configMap: { defaultMode: 420, name: "fluent-bit-sidecar" }, name: "fluent-bit-config" }],
  };
  const parts = deployment(c, { ns: "media", name: "thumbnail-worker", replicas: 2, revisions: [{ spec, rolledAgo: 21 * DAY }], firstRevision: 6 });
  const p0 = pod(c, { owner: parts.current, node: nodes[1]!, createdAgo: 4 * DAY, containers: { worker: crashLoop(23, oomKilled(95, 61)), "log-shipper": running(4 * DAY - 8) } });
  const p1 = pod(c, { owner: parts.current, node: nodes[2]!, createdAgo: 4 * DAY, containers: { worker: running(1_900, { restarts: 6, last: oomKilled(2_600, 1_902) }), "log-shipper": running(4 * DAY - 8) } });
  settleDeployment(c, parts);
  podMetrics(c, p0, { "log-shipper": { cpu: "3m", memory: "18Mi" } });
  podMetrics(c, p1, { worker: { cpu: "870m", memory: "497Mi" }, "log-shipper": { cpu: "4m", memory: "19Mi" } });
  const work = (start: number, end: number) => lines(c,
    [start, 'level=info msg="worker started" queue=thumbnails concurrency=4'],
    [end + 20, 'level=info msg="job received" id=job-88213 source=s3://acme-media-uploads/raw/2026/11/18/IMG_4471.tiff bytes=187340022'],
    [end + 18, 'level=info msg="decoding source image" id=job-88213 width=11648 height=8736 format=tiff'],
  );
  podLogs(c, p0, { worker: { current: work(95, 61), previous: work(95 + 334, 61 + 334) }, "log-shipper": { current: lines(c, [3 * HOUR, "[ warn] [engine] failed to flush chunk '1-1731919200.118.flb', retry in 7 seconds: task_id=3, input=tail.0 > output=forward.0 (out_id=0)"], [3 * HOUR - 8, "[ info] [engine] flush chunk '1-1731919200.118.flb' succeeded at retry 1: task_id=3, input=tail.0 > output=forward.0 (out_id=0)"]) } });
  podLogs(c, p1, { worker: { current: work(1_900, 30), previous: work(2_600, 1_902) }, "log-shipper": { current: lines(c, [HOUR, "[ info] [input:tail:tail.0] inotify_fs_add(): inode=1048602 watch_fd=2 name=/var/log/app/worker.log"]) } });
  restartEvents(c, p0, "worker", { restarts: 23, since: 5 * HOUR, lastStartAgo: 95 });
  kubeletEvent(c, p1, "worker", { type: "Warning", reason: "BackOff", message: `Back-off restarting failed container worker in pod ${p1.metadata.name}_media(${p1.metadata.uid})`, first: 3 * HOUR, last: 1_905, count: 17 });
  const api = healthyApp(c, { ns: "media", name: "media-api", nodes, replicas: 2 });
  hpaMetricsHiccup(c, api);
  const alert = alertmanagerWebhook(c, { rule: "KubeContainerWaiting", labels: { container: "worker", namespace: "media", pod: p0.metadata.name }, startsAgo: 20 * 60 });
  return scenarioFromCluster(c, {
    description: "thumbnail-worker's worker container is OOMKilled decoding very large images and waits in CrashLoopBackOff; its log-shipper sidecar is fine",
    alert,
    expected: {
      category: "oom-killed",
      culprit: { kind: "Deployment", namespace: "media", name: "thumbnail-worker" },
      mustMention: ["137", "512Mi"],
      remediationTargets: [{ kind: "Deployment", namespace: "media", name: "thumbnail-worker" }],
    },
  });
}
