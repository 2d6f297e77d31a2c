import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, deployment, event, healthyApp, httpProbe, kubeletEvent, lines, namespace,
  pod, podLogs, podMetrics, recoveredRestarter, scenarioFromCluster, scheduledEvent, secret, service, settleDeployment, waiting,
} from "../factory/index.js";

/**
 * auth-service reads DB_PASSWORD from key `password` of Secret auth-db. An ExternalSecret refresh 70 minutes
 * ago rewrote the Secret with the key `db-password` instead. Running pods keep their environment; the pod
 * recreated after a node scale-down cannot start: CreateContainerConfigError, Pending for 25 minutes.
 */
export default function build() {
  const c = new Cluster("auth-missing-secret-key", "2026-11-21T06:12:00Z", "prod-ap-southeast-2");
  const nodes = baseline(c, { region: "ap-southeast-2", nodes: 3 });
  namespace(c, "auth", { team: "identity" });
  const s = secret(c, { ns: "auth", name: "auth-db", keys: ["username", "db-password", "host"], createdAgo: 180 * DAY, labels: { "reconcile.external-secrets.io/created-by": "1f0e2d3c4b5a69788796a5b4c3d2e1f0" } });
  s.metadata.managedFields = [{ apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:db-password": {}, "f:host": {}, "f:username": {} }, "f:type": {} }, manager: "external-secrets", operation: "Update", time: c.ago(70 * MIN) }];
  secret(c, { ns: "auth", name: "auth-jwt-signing", keys: ["private.pem", "public.pem"], createdAgo: 300 * DAY });
  const spec = { serviceAccountName: "auth-service", containers: [{
    name: "auth-service", image: "registry.acme.io/identity/auth-service:12.4.1", ports: [{ containerPort: 9000, name: "http" }],
    env: [{ name: "DB_USER", valueFrom: { secretKeyRef: { key: "username", name: "auth-db" } } }, { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { key: "password", name: "auth-db" } } }, { name: "DB_HOST", valueFrom: { secretKeyRef: { key: "host", name: "auth-db" } } }],
    requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: httpProbe("/health", "http"),
  }] };
  const parts = deployment(c, { ns: "auth", name: "auth-service", replicas: 3, revisions: [{ spec, rolledAgo: 15 * DAY }], firstRevision: 40 });
  const running = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 15 * DAY - 30 * i }));
  const err = "couldn't find key password in Secret auth/auth-db";
  const stuck = pod(c, { owner: parts.current, node: nodes[2]!, createdAgo: 25 * MIN, containers: { "auth-service": waiting("CreateContainerConfigError", err) } });
  settleDeployment(c, parts);
  service(c, { ns: "auth", name: "auth-service", selector: { app: "auth-service" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scheduledEvent(c, stuck, 25 * MIN);
  event(c, parts.current, { reason: "SuccessfulCreate", message: MSG.createdPod(stuck.metadata.name), component: "replicaset-controller", first: 25 * MIN });
  kubeletEvent(c, stuck, "auth-service", { reason: "Pulled", message: MSG.alreadyPresent("registry.acme.io/identity/auth-service:12.4.1"), first: 25 * MIN - 3, last: 40, count: 118 });
  kubeletEvent(c, stuck, "auth-service", { type: "Warning", reason: "Failed", message: MSG.createConfigError(err), first: 25 * MIN - 3, last: 40, count: 118 });
  for (const p of running) {
    podMetrics(c, p, { "auth-service": { cpu: "122m", memory: "231Mi" } });
    podLogs(c, p, { "auth-service": { current: lines(c, [2 * HOUR, 'level=info msg="token issued" client_id=web-frontend grant=authorization_code'], [15, 'level=info msg="request" path=/oauth2/token status=200 duration_ms=41']) } });
  }
  namespace(c, "identity-tools", { team: "identity" });
  healthyApp(c, { ns: "auth", name: "auth-admin-ui", nodes, replicas: 1 });
  recoveredRestarter(c, { ns: "identity-tools", name: "session-janitor", nodes, hoursAgo: 4 });
  const alert = alertmanagerWebhook(c, { rule: "KubePodNotReady", labels: { namespace: "auth", pod: stuck.metadata.name }, startsAgo: 9 * MIN, groupBy: ["namespace"] });
  return scenarioFromCluster(c, {
    description: "a rescheduled auth-service pod cannot start: the Secret it reads no longer has the key `password`",
    alert,
    expected: {
      category: "missing-config-ref",
      culprit: [{ kind: "Deployment", namespace: "auth", name: "auth-service" }, { kind: "Secret", namespace: "auth", name: "auth-db" }],
      mustMention: ["password", "auth-db"],
    },
  });
}
