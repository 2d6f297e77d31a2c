import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/**
 * One worker is under MemoryPressure: the kubelet evicted pods and tainted it, and the replacement checkout-api
 * pod cannot fit on the two remaining workers.
 */
export default function build(): Scn {
  const scn = new Scn("node-memory-pressure-evictions", "a worker under MemoryPressure evicted pods; a replacement checkout-api pod stays Pending", "2026-11-19T18:40:00Z", "prod-us-east-1");
  scn.namespace("checkout");
  scn.namespace("reports");
  scn.node("ip-10-8-0-10.ec2.internal", { ip: "10.8.0.10", controlPlane: true, zone: "us-east-1a" });
  const nodes = workers(scn, 2, { region: "us-east-1", subnet: 8 });
  const hotName = "ip-10-8-3-41.ec2.internal";
  const since = 1_560;
  const ok = (type: string, reason: string, message: string) => ({ type, status: "False", lastHeartbeatTime: scn.ago(8), lastTransitionTime: scn.ago(40 * 86_400), reason, message });
  const hot = scn.node(hotName, {
    ip: "10.8.3.41", zone: "us-east-1c",
    conditions: [
      { type: "MemoryPressure", status: "True", lastHeartbeatTime: scn.ago(8), lastTransitionTime: scn.ago(since), reason: "KubeletHasInsufficientMemory", message: "kubelet has insufficient memory available" },
      ok("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      ok("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
      { type: "Ready", status: "True", lastHeartbeatTime: scn.ago(8), lastTransitionTime: scn.ago(40 * 86_400), reason: "KubeletReady", message: "kubelet is posting ready status" },
    ],
    taints: [{ effect: "NoSchedule", key: "node.kubernetes.io/memory-pressure", timeAdded: scn.ago(since) }],
  });
  scn.nodeMetrics(hotName, "3410m", "15891220Ki");
  scn.event(hot, "Normal", "NodeHasInsufficientMemory", `Node ${hotName} status is now: NodeHasInsufficientMemory`, { component: "kubelet", host: hotName, first: since });
  scn.event(hot, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", { component: "kubelet", host: hotName, first: since, last: 300, count: 6 });
  // reports-worker: the pod that was using far more than it requested, evicted first.
  const rwSpec = { containers: [{ name: "reports-worker", image: "registry.acme.io/reports/reports-worker:3.0.2", requests: { cpu: "250m", memory: "512Mi" } }] };
  const { deploy: rw, rs: rwRs } = scn.deployment("reports", "reports-worker", { replicas: 1, spec: rwSpec, rolledAgo: 3 * 86_400 });
  const evictMsg = (c: string, using: string, req: string) => `The node was low on resource: memory. Threshold quantity: 100Mi, available: 91736Ki. Container ${c} was using ${using}, request is ${req}, has larger consumption of memory. `;
  const rwEvicted = scn.pod(rwRs, { node: hotName, nodeIp: "10.8.3.41", state: { kind: "evicted", message: evictMsg("reports-worker", "9874212Ki", "512Mi") }, createdAgo: 3 * 86_400 });
  const rwNew = scn.pod(rwRs, { node: nodes[0]!.name, nodeIp: nodes[0]!.ip, state: { kind: "running" }, createdAgo: since - 20 });
  scn.event(rwEvicted, "Warning", "Evicted", evictMsg("reports-worker", "9874212Ki", "512Mi"), { component: "kubelet", host: hotName, first: since - 10 });
  scn.event(rwEvicted, "Normal", "Killing", "Stopping container reports-worker", { component: "kubelet", host: hotName, first: since - 10, fieldPath: "spec.containers{reports-worker}" });
  scn.podMetrics(rwNew, { "reports-worker": { cpu: "310m", memory: "2140Mi" } });
  markAvailable(scn, rw, rwRs, 1, 1);
  // checkout-api: evicted too; its replacement does not fit anywhere now.
  const coSpec = { containers: [{ name: "checkout-api", image: "registry.acme.io/checkout/checkout-api:9.1.0", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "500m", memory: "6Gi" }, limits: { memory: "6Gi" }, readinessProbe: { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy: co, rs: coRs } = scn.deployment("checkout", "checkout-api", { replicas: 3, spec: coSpec, rolledAgo: 10 * 86_400 });
  const coRunning = [0, 1].map((i) => scn.pod(coRs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 10 * 86_400 }));
  const coEvicted = scn.pod(coRs, { node: hotName, nodeIp: "10.8.3.41", state: { kind: "evicted", message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91736Ki. " }, createdAgo: 10 * 86_400 });
  const schedMsg = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 2 Insufficient memory. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.";
  const coPending = scn.pod(coRs, { state: { kind: "pending", message: schedMsg }, createdAgo: since - 60 });
  scn.event(coEvicted, "Warning", "Evicted", "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91736Ki. ", { component: "kubelet", host: hotName, first: since - 60 });
  scn.event(coRs, "Normal", "SuccessfulCreate", `Created pod: ${coPending.metadata.name}`, { component: "replicaset-controller", first: since - 60 });
  scn.event(coPending, "Warning", "FailedScheduling", schedMsg, { component: "default-scheduler", first: since - 60, last: 120, count: 14 });
  for (const p of coRunning) {
    scn.podMetrics(p, { "checkout-api": { cpu: "410m", memory: "4820Mi" } });
    scn.podLogs(p, { "checkout-api": { current: scn.lines([600, "POST /v1/checkout 200 84ms"], [20, "POST /v1/checkout 200 91ms"]) } });
  }
  markAvailable(scn, co, coRs, 3, 2);
  scn.service("checkout", "checkout-api", { selector: { app: "checkout-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  healthyApp(scn, "checkout", "checkout-web", nodes, { replicas: 2 });
  recoveredRestarter(scn, "reports", "report-mailer", nodes, "OOMKilled");
  backgroundWarnings(scn, "reports", "reports-worker", nodes);
  scn.alert({ alertname: "KubePodNotReady", namespace: "checkout", pod: coPending.metadata.name, severity: "warning" }, ANNOTATIONS.KubePodNotReady("checkout", coPending.metadata.name), 500, EXPR.KubePodNotReady);
  scn.expected({ category: "node-failure", culprit: { kind: "Node", name: hotName }, mustMention: ["MemoryPressure"] });
  return scn;
}
