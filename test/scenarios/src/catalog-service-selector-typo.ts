import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The catalog Service selects app=catalog-api; the pods are labelled app=catalogue-api. */
export default function build(): Scn {
  const scn = new Scn("catalog-service-selector-typo", "Prometheus cannot scrape catalog: its Service selects no pods, so Endpoints are empty", "2026-11-19T13:08:00Z", "prod-eu-west-1");
  scn.namespace("catalog");
  scn.namespace("search");
  const nodes = workers(scn, 3);
  const labels = { app: "catalogue-api" };
  const spec = { containers: [{ name: "catalogue-api", image: "registry.acme.io/catalog/catalogue-api:7.3.2", ports: [{ containerPort: 8080, name: "http" }, { containerPort: 9102, name: "metrics" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy, rs } = scn.deployment("catalog", "catalogue-api", { replicas: 3, labels, spec, rolledAgo: 6 * 86_400 });
  const pods = [0, 1, 2].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 6 * 86_400 - 30 }));
  for (const p of pods) {
    scn.podMetrics(p, { "catalogue-api": { cpu: "41m", memory: "201Mi" } });
    scn.podLogs(p, { "catalogue-api": { current: scn.lines([3_000, "GET /healthz 200 0.3ms"], [40, "GET /healthz 200 0.4ms"]) } });
  }
  markAvailable(scn, deploy, rs, 3, 3);
  // Recreated 40 minutes ago from a new chart values file: the selector says catalog-api.
  scn.service("catalog", "catalog", { selector: { app: "catalog-api" }, labels: { app: "catalog", release: "catalog" }, ports: [{ name: "http", port: 80, targetPort: "http" }, { name: "metrics", port: 9102, targetPort: "metrics" }], createdAgo: 2_400 });
  scn.raw({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", name: "catalog", namespace: "catalog", createdAgo: 200 * 86_400, labels: { release: "kube-prometheus-stack" }, extra: { spec: { endpoints: [{ interval: "30s", port: "metrics" }], selector: { matchLabels: { app: "catalog" } } } } });
  // Decoys: search (the caller) logs timeouts to catalog; a misleadingly named healthy "catalog-api-docs".
  const search = healthyApp(scn, "search", "search-frontend", nodes, { replicas: 2 });
  scn.podLogs(search.pods[0]!, { "search-frontend": { current: scn.lines([2_300, "WARN upstream catalog.catalog.svc.cluster.local:80: no healthy upstream"], [20, "WARN upstream catalog.catalog.svc.cluster.local:80: no healthy upstream"]) } });
  healthyApp(scn, "catalog", "catalog-api-docs", nodes, { replicas: 1 });
  recoveredRestarter(scn, "search", "search-suggest-warmer", nodes);
  backgroundWarnings(scn, "search", "search-frontend", nodes);
  scn.alert({ alertname: "TargetDown", job: "catalog", namespace: "catalog", service: "catalog", severity: "warning" }, ANNOTATIONS.TargetDown("catalog", "catalog", "catalog", "100"), 1_800, EXPR.TargetDown);
  scn.expected({ category: "service-selector-mismatch", culprit: { kind: "Service", namespace: "catalog", name: "catalog" }, mustMention: ["catalog-api", "catalogue-api"], remediationTargets: [{ kind: "Service", namespace: "catalog", name: "catalog" }] });
  return scn;
}
