import {
  Cluster, DAY, MIN, MSG, alertmanagerWebhook, baseline, boundClaim, deployment, healthyApp, httpProbe, kubeletEvent, lines, namespace,
  networkPolicy, pod, podLogs, podMetrics, recoveredRestarter, running, scenarioFromCluster, secret, service, settleDeployment, settleStatefulSet,
  statefulSet, storageClass, tcpProbe,
} from "../factory/index.js";

/**
 * A namespace-wide default-deny-egress NetworkPolicy applied 34 minutes ago (only DNS allowed) cuts
 * metrics-api off from its database in the `databases` namespace. Pods run but fail readiness (the probe
 * checks the DB); logs show i/o timeouts. The database is healthy; the older ingress policy is benign.
 */
export default function build() {
  const c = new Cluster("metrics-api-network-policy", "2026-11-21T12:40:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  storageClass(c, "gp3");
  namespace(c, "metrics", { team: "observability-apps" });
  namespace(c, "databases", { team: "dba" });
  secret(c, { ns: "metrics", name: "metrics-db", keys: ["dsn"] });
  const spec = { containers: [{ name: "metrics-api", image: "registry.acme.io/obs/metrics-api:2.0.9", ports: [{ containerPort: 8080, name: "http" }], env: [{ name: "DATABASE_DSN", valueFrom: { secretKeyRef: { key: "dsn", name: "metrics-db" } } }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/ready", "http", { periodSeconds: 10, timeoutSeconds: 3 }) }] };
  const parts = deployment(c, { ns: "metrics", name: "metrics-api", replicas: 2, revisions: [{ spec, rolledAgo: 19 * DAY }], firstRevision: 12 });
  const pods = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 19 * DAY - 40 * i, containers: { "metrics-api": running(19 * DAY - 50 * i, { ready: false }) } }));
  for (const p of pods) for (const cond of p.status.conditions) if (cond.type === "Ready" || cond.type === "ContainersReady") cond.lastTransitionTime = c.ago(33 * MIN);
  settleDeployment(c, parts);
  service(c, { ns: "metrics", name: "metrics-api", selector: { app: "metrics-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const pgSpec = { containers: [{ name: "postgres", image: "docker.io/library/postgres:16.4", ports: [{ containerPort: 5432, name: "postgres" }], requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" }, readinessProbe: tcpProbe("postgres"), volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }] }] };
  const { sts } = statefulSet(c, { ns: "databases", name: "metrics-db", replicas: 1, revisions: [{ spec: pgSpec, rolledAgo: 90 * DAY }], volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { creationTimestamp: null, name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem" }, status: { phase: "Pending" } }] });
  const db = pod(c, { owner: sts, node: nodes[2]!, createdAgo: 45 * DAY });
  settleStatefulSet(c, sts);
  boundClaim(c, { ns: "databases", name: "data-metrics-db-0", size: "50Gi", zone: "eu-west-1c" });
  const dbSvc = service(c, { ns: "databases", name: "metrics-db", selector: { app: "metrics-db" }, ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }] });
  podLogs(c, db, { postgres: { current: lines(c, [45 * DAY - 20, "2026-10-07 12:40:00.118 UTC [1] LOG:  database system is ready to accept connections"], [34 * MIN + 30, '2026-11-21 12:05:30.002 UTC [88213] LOG:  could not receive data from client: Connection reset by peer']) } });
  podMetrics(c, db, { postgres: { cpu: "18m", memory: "412Mi" } });
  networkPolicy(c, { ns: "metrics", name: "allow-ingress-from-monitoring", podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] }], createdAgo: 120 * DAY });
  networkPolicy(c, {
    ns: "metrics", name: "default-deny-egress", podSelector: {}, policyTypes: ["Egress"], createdAgo: 34 * MIN, manager: "kubectl-client-side-apply",
    labels: { "security.acme.io/baseline": "true" },
    egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }], to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }] }],
  });
  const dbIp = dbSvc.svc.spec.clusterIP as string;
  for (const [i, p] of pods.entries()) {
    podLogs(c, p, { "metrics-api": { current: lines(c,
      [40 * MIN, 'level=info msg="query" dashboard=checkout-latency rows=1440 duration_ms=35'],
      [33 * MIN, `level=error msg="database ping failed" error="failed to connect to \`host=metrics-db.databases.svc.cluster.local user=metrics database=metrics\`: dial error (dial tcp ${dbIp}:5432: i/o timeout)"`],
      [10 + i, `level=error msg="readiness check failed" check=database error="dial tcp ${dbIp}:5432: i/o timeout"`],
    ) } });
    kubeletEvent(c, p, "metrics-api", { type: "Warning", reason: "Unhealthy", message: MSG.probeFailed("Readiness", MSG.probeHttpStatus(503)), first: 33 * MIN, last: 8 + i, count: 196 });
    podMetrics(c, p, { "metrics-api": { cpu: "4m", memory: "97Mi" } });
  }
  healthyApp(c, { ns: "metrics", name: "metrics-ui", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "databases", name: "pg-backup-uploader", nodes, hoursAgo: 10 });
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "metrics-api", namespace: "metrics" }, startsAgo: 16 * MIN });
  return scenarioFromCluster(c, {
    description: "metrics-api cannot reach its database since a default-deny egress NetworkPolicy was applied to its namespace",
    alert,
    expected: {
      category: "network-policy",
      culprit: { kind: "NetworkPolicy", namespace: "metrics", name: "default-deny-egress" },
      mustMention: ["default-deny-egress"],
      remediationTargets: [{ kind: "NetworkPolicy", namespace: "metrics", name: "default-deny-egress" }],
    },
  });
}
