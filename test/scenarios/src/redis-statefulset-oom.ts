import {
  Cluster, DAY, HOUR, alertmanagerWebhook, baseline, boundClaim, configMap, crashLoop, healthyApp, httpProbe, lines, namespace, nodeNoise,
  oomKilled, pod, podLogs, podMetrics, recoveredRestarter, restartEvents, running, scenarioFromCluster, service, settleStatefulSet, statefulSet, storageClass, tcpProbe,
} from "../factory/index.js";

/**
 * redis-1 (a replica) is OOMKilled during every full resync: the dataset outgrew the 1Gi limit and the
 * replica must load the whole RDB. redis-0 (primary) runs at 930Mi of 1Gi. Decoys: a warmer job's pod that
 * restarted hours ago, an old disk-GC warning on a node.
 */
export default function build() {
  const c = new Cluster("redis-statefulset-oom", "2026-11-21T14:22:00Z", "prod-us-east-1");
  const nodes = baseline(c, { region: "us-east-1" });
  storageClass(c, "gp3");
  namespace(c, "cache", { team: "platform-data" });
  configMap(c, { ns: "cache", name: "redis-config", data: { "redis.conf": "appendonly no\nsave 900 1\nmaxmemory-policy allkeys-lru\nrepl-diskless-load disabled\n" }, createdAgo: 200 * DAY });
  const spec = {
    containers: [{
      name: "redis", image: "docker.io/library/redis:7.2.5", command: ["redis-server", "/etc/redis/redis.conf"],
      ports: [{ containerPort: 6379, name: "redis" }], requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" },
      livenessProbe: tcpProbe("redis", { periodSeconds: 10, initialDelaySeconds: 15 }), readinessProbe: { exec: { command: ["redis-cli", "ping"] }, failureThreshold: 3, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 1 },
      volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "config", mountPath: "/etc/redis" }],
    }],
    volumes: [{ configMap: { defaultMode: 420, name: "redis-config" }, name: "config" }],
  };
  const { sts } = statefulSet(c, {
    ns: "cache", name: "redis", replicas: 3, serviceName: "redis-headless", revisions: [{ spec, rolledAgo: 45 * DAY }],
    volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { creationTimestamp: null, name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem" }, status: { phase: "Pending" } }],
  });
  const r0 = pod(c, { owner: sts, node: nodes[0]!, createdAgo: 20 * DAY });
  const r1 = pod(c, { owner: sts, node: nodes[1]!, createdAgo: 20 * DAY, containers: { redis: crashLoop(14, oomKilled(204, 171)) } });
  const r2 = pod(c, { owner: sts, node: nodes[2]!, createdAgo: 20 * DAY, containers: { redis: running(20 * DAY - 10) } });
  settleStatefulSet(c, sts);
  // redis-server's own log timestamp ("21 Nov 2026 14:19:19.402").
  const rts = (ago: number) => {
    const d = c.clock.date(ago);
    return `${String(d.getUTCDate()).padStart(2, "0")} ${d.toUTCString().slice(8, 11)} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
  };
  for (let i = 0; i < 3; i++) boundClaim(c, { ns: "cache", name: `data-redis-${i}`, size: "10Gi", createdAgo: 200 * DAY, labels: { app: "redis" }, zone: `us-east-1${"abc"[i]}` });
  service(c, { ns: "cache", name: "redis-headless", headless: true, selector: { app: "redis" }, ports: [{ name: "redis", port: 6379, targetPort: "redis" }] });
  service(c, { ns: "cache", name: "redis", selector: { app: "redis" }, ports: [{ name: "redis", port: 6379, targetPort: "redis" }] });
  podMetrics(c, r0, { redis: { cpu: "310m", memory: "931Mi" } });
  podMetrics(c, r2, { redis: { cpu: "120m", memory: "902Mi" } });
  podLogs(c, r0, { redis: { current: lines(c,
    [3 * HOUR, `1:M ${rts(3 * HOUR)} * Replica ${r1.status.podIP}:6379 asks for synchronization`],
    [171 + 30, `1:M ${rts(171 + 30)} * Starting BGSAVE for SYNC with target: disk`],
    [171 + 10, `1:M ${rts(171 + 10)} * Synchronization with replica ${r1.status.podIP}:6379 succeeded`],
    [170, `1:M ${rts(170)} # Connection with replica ${r1.status.podIP}:6379 lost.`],
  ) } });
  const resync = (o: number) => lines(c,
    [204 + o, `1:C ${rts(204 + o)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`],
    [203 + o, `1:S ${rts(203 + o)} * Connecting to MASTER redis-0.redis-headless.cache.svc.cluster.local:6379`],
    [202 + o, `1:S ${rts(202 + o)} * MASTER <-> REPLICA sync: receiving 1012734562 bytes from master to disk`],
    [178 + o, `1:S ${rts(178 + o)} * MASTER <-> REPLICA sync: Flushing old data`],
    [177 + o, `1:S ${rts(177 + o)} * MASTER <-> REPLICA sync: Loading DB in memory`],
  );
  podLogs(c, r1, { redis: { current: resync(0), previous: resync(333) } });
  restartEvents(c, r1, "redis", { restarts: 14, since: 2 * HOUR + 1_200, lastStartAgo: 204 });
  podLogs(c, r2, { redis: { current: lines(c, [20 * DAY - 20, `1:S ${rts(20 * DAY - 20)} * MASTER <-> REPLICA sync: Finished with success`]) } });
  namespace(c, "catalog", { team: "catalog" });
  healthyApp(c, { ns: "catalog", name: "catalog-api", nodes, replicas: 3, spec: { containers: [{ name: "catalog-api", image: "registry.acme.io/catalog/catalog-api:4.2.0", ports: [{ containerPort: 8080, name: "http" }], env: [{ name: "REDIS_URL", value: "redis://redis.cache.svc.cluster.local:6379/0" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "384Mi" }, readinessProbe: httpProbe("/healthz", "http") }] } });
  recoveredRestarter(c, { ns: "cache", name: "cache-warmer", nodes, reason: "Error", hoursAgo: 6 });
  nodeNoise(c, nodes[2]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeStatefulSetReplicasMismatch", labels: { namespace: "cache", statefulset: "redis" }, startsAgo: 95 * 60 });
  return scenarioFromCluster(c, {
    description: "redis-1 replica is OOMKilled loading the RDB on every resync: the dataset outgrew the 1Gi limit",
    alert,
    expected: {
      category: "oom-killed",
      culprit: { kind: "StatefulSet", namespace: "cache", name: "redis" },
      mustMention: ["137", "1Gi"],
      remediationTargets: [{ kind: "StatefulSet", namespace: "cache", name: "redis" }],
    },
  });
}
