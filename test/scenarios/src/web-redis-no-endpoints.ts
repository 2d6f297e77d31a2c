import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, ingress, ingressNginx, klog, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** Someone ran `kubectl scale deploy/redis --replicas=0`; web answers 500 because its session store is gone. */
export default function build(): Scn {
  const scn = new Scn("web-redis-no-endpoints", "web returns 5xx: the redis it stores sessions in was scaled to zero, so its Service has no endpoints", "2026-11-18T22:37:00Z", "prod-eu-west-1");
  scn.namespace("web");
  scn.namespace("newsletter");
  const nodes = workers(scn, 3);
  const redisSpec = { containers: [{ name: "redis", image: "docker.io/library/redis:7.4.1", ports: [{ containerPort: 6379, name: "redis" }], requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } }] };
  const { deploy: redis, rs: redisRs } = scn.deployment("web", "redis", { replicas: 0, spec: redisSpec, rolledAgo: 90 * 86_400 });
  redis.metadata.managedFields = [
    { apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:template": {} } }, manager: "helm", operation: "Update", time: scn.ago(90 * 86_400) },
    { apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } }, manager: "kubectl", operation: "Update", subresource: "scale", time: scn.ago(1_980) },
  ];
  redisRs.spec.replicas = 0;
  redis.status = { observedGeneration: redis.metadata.generation, conditions: [
    { type: "Available", status: "True", lastUpdateTime: scn.ago(90 * 86_400), lastTransitionTime: scn.ago(90 * 86_400), reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
    { type: "Progressing", status: "True", lastUpdateTime: scn.ago(90 * 86_400), lastTransitionTime: scn.ago(90 * 86_400), reason: "NewReplicaSetAvailable", message: `ReplicaSet "${redisRs.metadata.name}" has successfully progressed.` },
  ] };
  redisRs.status = { replicas: 0, observedGeneration: 3 };
  scn.event(redis, "Normal", "ScalingReplicaSet", `Scaled down replica set ${redisRs.metadata.name} from 1 to 0`, { component: "deployment-controller", first: 1_980 });
  const redisSvc = scn.service("web", "redis", { selector: { app: "redis" }, ports: [{ name: "redis", port: 6379, targetPort: "redis" }] });
  scn.configMap("web", "web-config", { REDIS_URL: "redis://redis.web.svc.cluster.local:6379/0", SESSION_TTL: "86400", CDN_URL: "https://cdn.acme.io" }, 3 * 86_400);
  const webSpec = { containers: [{ name: "web", image: "registry.acme.io/web/web:12.4.0", ports: [{ containerPort: 3000, name: "http" }], envFrom: [{ configMapRef: { name: "web-config" } }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy: web, rs: webRs } = scn.deployment("web", "web", { replicas: 3, spec: webSpec, rolledAgo: 6 * 86_400 });
  const pods = [0, 1, 2].map((i) => scn.pod(webRs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 6 * 86_400 }));
  for (const p of pods) {
    scn.podMetrics(p, { web: { cpu: "95m", memory: "180Mi" } });
    scn.podLogs(p, { web: { current: scn.lines([1_970, `[ioredis] Unhandled error event: Error: connect ECONNREFUSED ${redisSvc.spec.clusterIP}:6379`], [1_200, "GET /account 500 3ms - session store unavailable"], [15, `[ioredis] Unhandled error event: Error: connect ECONNREFUSED ${redisSvc.spec.clusterIP}:6379`], [14, "POST /cart 500 2ms - session store unavailable"]) } });
  }
  markAvailable(scn, web, webRs, 3, 3);
  scn.service("web", "web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  ingressNginx(scn, nodes, klog(scn, "I", 86_400, "controller.go:213", '"Backend successfully reloaded"') + scn.lines([20, '203.0.113.50 - - [18/Nov/2026:22:36:40 +0000] "GET /account HTTP/2.0" 500 21 "-" "Mozilla/5.0" 402 0.004 [web-web-80] [] 10.42.0.12:3000 21 0.004 500 3f9a0c1e5b7d2a4c']));
  ingress(scn, "web", "web", { rules: [{ host: "www.acme.io", http: { paths: [{ backend: { service: { name: "web", port: { number: 80 } } }, path: "/", pathType: "Prefix" }] } }] }, 300 * 86_400, 6 * 86_400);
  // Decoys: a redis-exporter pod that keeps running (its name matches "redis"), a ConfigMap changed 3 days ago.
  healthyApp(scn, "web", "redis-exporter", nodes, { replicas: 1, port: 9121 });
  healthyApp(scn, "newsletter", "newsletter-api", nodes, { replicas: 2 });
  recoveredRestarter(scn, "newsletter", "newsletter-sender", nodes);
  backgroundWarnings(scn, "newsletter", "newsletter-api", nodes);
  scn.alert({ alertname: "HighHTTP5xxRate", ingress: "web", namespace: "web", severity: "critical", team: "web" }, ANNOTATIONS.HighHTTP5xxRate("web", "web", "62.5%"), 1_700, EXPR.HighHTTP5xxRate);
  scn.expected({ category: "dependency-failure", culprit: [{ kind: "Deployment", namespace: "web", name: "redis" }, { kind: "Service", namespace: "web", name: "redis" }], mustMention: ["redis", "scale"], remediationTargets: [{ kind: "Deployment", namespace: "web", name: "redis" }] });
  return scn;
}
