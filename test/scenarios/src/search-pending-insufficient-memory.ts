import { Scn } from "../factory/kit-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** search-api asks for 6Gi per replica; the third replica fits on no node. */
export default function build(): Scn {
  const scn = new Scn("search-pending-insufficient-memory", "a search-api replica stays Pending: its 6Gi memory request fits on no worker", "2026-11-18T14:32:00Z", "prod-eu-west-1");
  scn.namespace("search");
  scn.namespace("catalog");
  scn.node("ip-10-0-0-10.eu-west-1.compute.internal", { ip: "10.0.0.10", controlPlane: true });
  const nodes = workers(scn, 3, { memoryKi: 16_205_616 });
  const spec = {
    containers: [{
      name: "search-api", image: "registry.acme.io/search/search-api:4.2.0",
      ports: [{ containerPort: 8080, name: "http" }],
      requests: { cpu: "500m", memory: "6Gi" }, limits: { memory: "6Gi" },
      env: [{ name: "JAVA_TOOL_OPTIONS", value: "-XX:MaxRAMPercentage=75" }],
      readinessProbe: { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    }],
  };
  const { deploy, rs } = scn.deployment("search", "search-api", { replicas: 3, spec, rolledAgo: 2_700 });
  const running = [0, 1].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 2_680 }));
  const message = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
  const pending = scn.pod(rs, { state: { kind: "pending", message }, createdAgo: 2_680 });
  for (const p of running) scn.podMetrics(p, { "search-api": { cpu: "212m", memory: "4811Mi" } });
  for (const p of running) scn.podLogs(p, { "search-api": { current: scn.lines([2_640, "Started SearchApiApplication in 21.4 seconds"], [20, "GET /v2/search?q=boots 200 38ms"]) } });
  markAvailable(scn, deploy, rs, 3, 2);
  scn.service("search", "search-api", { selector: { app: "search-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to 3`, { component: "deployment-controller", first: 2_700 });
  scn.event(pending, "Warning", "FailedScheduling", message, { component: "default-scheduler", first: 2_680, last: 95, count: 19 });
  // Neighbours eat the rest of each node's memory (requests), which is why nothing fits.
  healthyApp(scn, "search", "search-memory-cache", nodes, { replicas: 3, memory: "1Gi", cpu: "250m" });
  healthyApp(scn, "catalog", "catalog-api", nodes, { replicas: 3, memory: "1Gi" });
  healthyApp(scn, "catalog", "catalog-indexer", nodes, { replicas: 3, memory: "1Gi" });
  recoveredRestarter(scn, "catalog", "catalog-feed-sync", nodes);
  backgroundWarnings(scn, "catalog", "catalog-api", nodes);
  scn.alert({ alertname: "KubePodNotReady", namespace: "search", pod: pending.metadata.name, severity: "warning" }, ANNOTATIONS.KubePodNotReady("search", pending.metadata.name), 1_500,
    `sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{job="kube-state-metrics",phase=~"Pending|Unknown"}) * on (namespace, pod) group_left (owner_kind) topk by (namespace, pod) (1, max by (namespace, pod, owner_kind) (kube_pod_owner{owner_kind!="Job"}))) > 0`);
  scn.expected({ category: "unschedulable-resources", culprit: { kind: "Deployment", namespace: "search", name: "search-api" }, mustMention: ["Insufficient memory", "6Gi"], remediationTargets: [{ kind: "Deployment", namespace: "search", name: "search-api" }] });
  return scn;
}
