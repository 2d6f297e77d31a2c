import {
  Cluster, DAY, HOUR, MIN, alertmanagerWebhook, baseline, configMap, deployment, healthyApp, httpProbe, ingress, ingressController, lines,
  namespace, nginxAccessLine, pod, podLogs, podMetrics, recoveredRestarter, scenarioFromCluster, service, settleDeployment, settleStatefulSet, statefulSet, boundClaim, storageClass, tcpProbe,
} from "../factory/index.js";

/**
 * search-api hot-reloads its mounted config. 48 minutes ago upstream_url in search-config was changed to a
 * host that does not exist (opensearch-prod.search.svc); the pods stay up and ready (the readiness probe
 * does not touch the upstream) but every search returns 500. OpenSearch itself is healthy.
 */
export default function build() {
  const c = new Cluster("search-config-5xx", "2026-11-20T10:15:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  storageClass(c, "gp3");
  namespace(c, "search", { team: "discovery" });
  configMap(c, {
    ns: "search", name: "search-config", createdAgo: 70 * DAY, changed: { ago: 48 * MIN, keys: ["config.yaml"], manager: "argocd-controller" },
    data: { "config.yaml": "upstream_url: http://opensearch-prod.search.svc.cluster.local:9200\nindex: products-v7\nrequest_timeout: 2s\nmax_results: 50\n" },
  });
  const spec = {
    containers: [{
      name: "search-api", image: "registry.acme.io/search/search-api:3.9.4", args: ["--config=/etc/search/config.yaml", "--watch-config"],
      ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" },
      readinessProbe: httpProbe("/healthz", "http"), volumeMounts: [{ name: "config", mountPath: "/etc/search", readOnly: true }],
    }],
    volumes: [{ configMap: { defaultMode: 420, name: "search-config" }, name: "config" }],
  };
  const parts = deployment(c, { ns: "search", name: "search-api", replicas: 3, revisions: [{ spec, rolledAgo: 8 * DAY }], firstRevision: 31, manager: "argocd-controller" });
  const pods = [0, 1, 2].map((i) => pod(c, { owner: parts.current, node: nodes[i]!, createdAgo: 8 * DAY - i * 45 }));
  settleDeployment(c, parts);
  service(c, { ns: "search", name: "search-api", selector: { app: "search-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  for (const [i, p] of pods.entries()) {
    podMetrics(c, p, { "search-api": { cpu: "61m", memory: "188Mi" } });
    podLogs(c, p, { "search-api": { current: lines(c,
      [HOUR + 30 * i, 'level=info msg="search" q="running shoes" hits=50 upstream_ms=23 status=200'],
      [48 * MIN - 20, 'level=info msg="config file changed, reloading" path=/etc/search/config.yaml'],
      [48 * MIN - 21, 'level=info msg="config reloaded" upstream_url=http://opensearch-prod.search.svc.cluster.local:9200 index=products-v7'],
      [47 * MIN, 'level=error msg="search failed" q="boots" error="Get \\"http://opensearch-prod.search.svc.cluster.local:9200/products-v7/_search\\": dial tcp: lookup opensearch-prod.search.svc.cluster.local on 10.96.0.10:53: no such host" config_key=upstream_url status=500'],
      [3 + i, 'level=error msg="search failed" q="rain jacket" error="Get \\"http://opensearch-prod.search.svc.cluster.local:9200/products-v7/_search\\": dial tcp: lookup opensearch-prod.search.svc.cluster.local on 10.96.0.10:53: no such host" config_key=upstream_url status=500'],
      [2, 'level=info msg="request" method=GET path=/healthz status=200'],
    ) } });
  }
  // The real upstream: healthy OpenSearch.
  const osSpec = { containers: [{ name: "opensearch", image: "docker.io/opensearchproject/opensearch:2.17.1", ports: [{ containerPort: 9200, name: "http" }, { containerPort: 9300, name: "transport" }], requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" }, readinessProbe: tcpProbe("http"), volumeMounts: [{ name: "data", mountPath: "/usr/share/opensearch/data" }] }] };
  const { sts } = statefulSet(c, { ns: "search", name: "opensearch", replicas: 3, serviceName: "opensearch-headless", revisions: [{ spec: osSpec, rolledAgo: 60 * DAY }], volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { creationTimestamp: null, name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem" }, status: { phase: "Pending" } }] });
  const osPods = [0, 1, 2].map((i) => pod(c, { owner: sts, node: nodes[i]!, createdAgo: 30 * DAY }));
  settleStatefulSet(c, sts);
  for (let i = 0; i < 3; i++) boundClaim(c, { ns: "search", name: `data-opensearch-${i}`, size: "100Gi", zone: `eu-west-1${"abc"[i]}` });
  service(c, { ns: "search", name: "opensearch", selector: { app: "opensearch" }, ports: [{ name: "http", port: 9200, targetPort: "http" }] });
  service(c, { ns: "search", name: "opensearch-headless", headless: true, selector: { app: "opensearch" }, ports: [{ name: "http", port: 9200, targetPort: "http" }, { name: "transport", port: 9300, targetPort: "transport" }] });
  for (const p of osPods) podLogs(c, p, { opensearch: { current: lines(c, [2 * HOUR, `[INFO ][o.o.c.r.a.AllocationService] [${p.metadata.name}] Cluster health status changed from [YELLOW] to [GREEN] (reason: [shards started [[products-v7][2]]]).`]) } });
  ingress(c, { ns: "search", name: "search", rules: [{ host: "search.acme.io", paths: [{ path: "/", service: "search-api", port: 80 }] }], tlsSecret: "search-acme-io-tls" });
  const access = [600, 90, 30, 4].map((ago, i) => nginxAccessLine(c, ago, { path: `/v1/search?q=${["boots", "rain+jacket", "socks", "tent"][i]}`, status: ago > 48 * MIN ? 200 : 500, bytes: ago > 48 * MIN ? 5120 : 87, ns: "search", service: "search-api", upstream: `${pods[i % 3]!.status.podIP}:8080`, duration: 0.006 })).join("\n") + "\n";
  ingressController(c, nodes, access);
  healthyApp(c, { ns: "search", name: "search-suggest", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "search", name: "search-indexer", nodes, reason: "OOMKilled", hoursAgo: 11 });
  const alert = alertmanagerWebhook(c, { rule: "HighHTTP5xxRate", labels: { ingress: "search", namespace: "search", service: "search-api", team: "discovery" }, value: "93.4%", startsAgo: 40 * MIN });
  return scenarioFromCluster(c, {
    description: "search-api returns 500 for every search since upstream_url in its hot-reloaded ConfigMap points at a host that does not exist",
    alert,
    expected: {
      category: "config-value",
      culprit: { kind: "ConfigMap", namespace: "search", name: "search-config" },
      mustMention: ["upstream_url"],
      remediationTargets: [{ kind: "ConfigMap", namespace: "search", name: "search-config" }],
    },
  });
}
