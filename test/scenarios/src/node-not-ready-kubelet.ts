import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The kubelet on one worker stopped reporting 27 minutes ago; its pods are Terminating and were replaced. */
export default function build(): Scn {
  const scn = new Scn("node-not-ready-kubelet", "a worker node went NotReady (kubelet stopped posting status); its pods are being evicted", "2026-11-21T23:48:00Z", "prod-eu-west-1");
  scn.namespace("orders");
  scn.namespace("notifications");
  const nodes = workers(scn, 3);
  const downName = "ip-10-0-2-91.eu-west-1.compute.internal";
  const lost = 1_620;
  const unknown = (type: string) => ({ type, status: "Unknown", lastHeartbeatTime: scn.ago(lost + 40), lastTransitionTime: scn.ago(lost), reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
  const down = scn.node(downName, {
    ip: "10.0.2.91", zone: "eu-west-1b",
    conditions: [unknown("MemoryPressure"), unknown("DiskPressure"), unknown("PIDPressure"), unknown("Ready")],
    taints: [
      { effect: "NoSchedule", key: "node.kubernetes.io/unreachable", timeAdded: scn.ago(lost) },
      { effect: "NoExecute", key: "node.kubernetes.io/unreachable", timeAdded: scn.ago(lost - 5) },
    ],
  });
  scn.event(down, "Normal", "NodeNotReady", `Node ${downName} status is now: NodeNotReady`, { component: "node-controller", first: lost });
  // Workloads that had a replica on the lost node: the old pod is Terminating, a replacement runs elsewhere.
  for (const [ns, app] of [["orders", "orders-api"], ["orders", "orders-worker"], ["notifications", "push-sender"]] as const) {
    const spec = { containers: [{ name: app, image: `registry.acme.io/${ns}/${app}:2.${scn.rng.int(1, 9)}.0`, ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
    const { deploy, rs } = scn.deployment(ns, app, { replicas: 2, spec, rolledAgo: 7 * 86_400 });
    const healthy = scn.pod(rs, { node: nodes[0]!.name, nodeIp: nodes[0]!.ip, state: { kind: "running" }, createdAgo: 7 * 86_400 });
    const stuck = scn.pod(rs, { node: downName, nodeIp: "10.0.2.91", state: { kind: "unknown" }, createdAgo: 7 * 86_400, deleting: { ago: lost - 300 } });
    const replacement = scn.pod(rs, { node: nodes[1]!.name, nodeIp: nodes[1]!.ip, state: { kind: "running" }, createdAgo: lost - 300 });
    scn.event(stuck, "Warning", "NodeNotReady", "Node is not ready", { component: "node-controller", first: lost - 2 });
    scn.event(stuck, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ns}/${stuck.metadata.name}`, { component: "taint-eviction-controller", first: lost - 300 });
    scn.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${replacement.metadata.name}`, { component: "replicaset-controller", first: lost - 300 });
    for (const p of [healthy, replacement]) scn.podMetrics(p, { [app]: { cpu: "35m", memory: "150Mi" } });
    scn.podLogs(stuck, { [app]: { current: scn.lines([lost + 60, "GET /healthz 200 0.4ms"]) } });
    markAvailable(scn, deploy, rs, 2, 2);
    deploy.status.replicas = 3;
    rs.status.replicas = 3;
    scn.service(ns, app, { selector: { app }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  }
  scn.nodeMetrics(nodes[0]!.name, "1210m", "9012344Ki");
  // Decoys: a pod on a healthy node restarting, and an old DiskPressure flap on another node.
  recoveredRestarter(scn, "notifications", "email-sender", nodes);
  healthyApp(scn, "notifications", "notifications-api", nodes, { replicas: 2 });
  scn.event(scn.find("Node", undefined, nodes[2]!.name), "Normal", "NodeHasDiskPressure", `Node ${nodes[2]!.name} status is now: NodeHasDiskPressure`, { component: "kubelet", host: nodes[2]!.name, first: 3 * 3_600 });
  scn.event(scn.find("Node", undefined, nodes[2]!.name), "Normal", "NodeHasNoDiskPressure", `Node ${nodes[2]!.name} status is now: NodeHasNoDiskPressure`, { component: "kubelet", host: nodes[2]!.name, first: 3 * 3_600 - 240 });
  backgroundWarnings(scn, "notifications", "notifications-api", nodes);
  scn.alert({ alertname: "KubeNodeNotReady", ...KSM, node: downName, condition: "Ready", status: "true", severity: "warning" }, ANNOTATIONS.KubeNodeNotReady(downName), 700, EXPR.KubeNodeNotReady);
  scn.expected({ category: "node-failure", culprit: { kind: "Node", name: downName }, mustMention: ["Kubelet stopped posting node status"] });
  return scn;
}
