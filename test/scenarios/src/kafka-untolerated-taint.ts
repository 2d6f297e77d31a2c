import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The kafka StatefulSet's toleration key was misspelled ("dedicted"); the rolled pod fits nowhere. */
export default function build(): Scn {
  const scn = new Scn("kafka-untolerated-taint", "kafka-2 stays Pending after an update: its toleration does not match the dedicated=kafka taint", "2026-11-21T04:05:00Z", "prod-eu-central-1");
  scn.namespace("streaming");
  scn.namespace("events");
  scn.node("ip-10-20-0-10.eu-central-1.compute.internal", { ip: "10.20.0.10", controlPlane: true, zone: "eu-central-1a" });
  const nodes = workers(scn, 3, { region: "eu-central-1", subnet: 20 });
  const kafkaNodes = [0, 1, 2].map((i) => {
    const ip = `10.20.${5 + i}.${31 + i}`;
    const name = `ip-${ip.replaceAll(".", "-")}.eu-central-1.compute.internal`;
    scn.node(name, { ip, zone: `eu-central-1${"abc"[i]}`, cpu: "8", memoryKi: 32_386_524, labels: { dedicated: "kafka", "eks.amazonaws.com/nodegroup": "kafka" }, taints: [{ effect: "NoSchedule", key: "dedicated", value: "kafka" }] });
    return { name, ip };
  });
  const spec = {
    nodeSelector: { dedicated: "kafka" },
    tolerations: [{ effect: "NoSchedule", key: "dedicted", operator: "Equal", value: "kafka" }],
    containers: [{ name: "kafka", image: "docker.io/bitnami/kafka:3.9.0", ports: [{ containerPort: 9092, name: "client" }, { containerPort: 9093, name: "controller" }], requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "8Gi" }, volumeMounts: [{ name: "data", mountPath: "/bitnami/kafka" }] }],
  };
  const sts = scn.statefulSet("streaming", "kafka", {
    replicas: 3, spec,
    volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "200Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem" } }],
    status: { availableReplicas: 2, collisionCount: 0, currentReplicas: 2, currentRevision: "kafka-6b8f9d7c44", observedGeneration: 3, readyReplicas: 2, replicas: 3, updateRevision: "kafka-5d9c8b7f6d", updatedReplicas: 1 },
  });
  const running = [0, 1].map((i) => scn.pod(sts, { node: kafkaNodes[i]!.name, nodeIp: kafkaNodes[i]!.ip, state: { kind: "running" }, createdAgo: 21 * 86_400, labels: { "controller-revision-hash": "kafka-6b8f9d7c44" } }));
  const message = "0/7 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint {dedicated: kafka}. preemption: 0/7 nodes are available: 7 Preemption is not helpful for scheduling.";
  const pending = scn.pod(sts, { state: { kind: "pending", message }, createdAgo: 2_150, labels: { "controller-revision-hash": "kafka-5d9c8b7f6d" } });
  for (const p of running) {
    scn.podMetrics(p, { kafka: { cpu: "640m", memory: "6120Mi" } });
    scn.podLogs(p, { kafka: { current: scn.lines([2_100, "[2026-11-21 03:29:50,112] WARN [ReplicaFetcher replicaId=0, leaderId=2, fetcherId=0] Error in response for fetch request (kafka.server.ReplicaFetcherThread)"], [600, "[2026-11-21 03:55:00,004] INFO [Partition orders-7 broker=0] Shrinking ISR from 0,1,2 to 0,1 (kafka.cluster.Partition)"]) } });
  }
  scn.service("streaming", "kafka", { selector: { app: "kafka" }, ports: [{ name: "client", port: 9092, targetPort: "client" }] });
  scn.event(sts, "Normal", "SuccessfulDelete", `delete Pod ${pending.metadata.name} in StatefulSet kafka successful`, { component: "statefulset-controller", first: 2_160 });
  scn.event(sts, "Normal", "SuccessfulCreate", `create Pod ${pending.metadata.name} in StatefulSet kafka successful`, { component: "statefulset-controller", first: 2_150 });
  scn.event(pending, "Warning", "FailedScheduling", message, { component: "default-scheduler", first: 2_150, last: 110, count: 15 });
  healthyApp(scn, "streaming", "schema-registry", nodes, { replicas: 2 });
  healthyApp(scn, "events", "events-consumer", nodes, { replicas: 3 });
  recoveredRestarter(scn, "events", "events-dlq-replayer", nodes);
  backgroundWarnings(scn, "events", "events-consumer", nodes);
  scn.alert({ alertname: "KubeStatefulSetReplicasMismatch", ...KSM, namespace: "streaming", statefulset: "kafka", severity: "warning" }, ANNOTATIONS.KubeStatefulSetReplicasMismatch("streaming", "kafka"), 1_100, EXPR.KubeStatefulSetReplicasMismatch);
  scn.expected({ category: "unschedulable-constraints", culprit: { kind: "StatefulSet", namespace: "streaming", name: "kafka" }, mustMention: ["dedicated", "dedicted"], remediationTargets: [{ kind: "StatefulSet", namespace: "streaming", name: "kafka" }] });
  return scn;
}
