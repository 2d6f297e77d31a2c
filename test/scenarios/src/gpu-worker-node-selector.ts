import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** gpu-worker selects accelerator=nvidia-tesla-a10g; the GPU node is labelled accelerator=nvidia-a10g. */
export default function build(): Scn {
  const scn = new Scn("gpu-worker-node-selector", "gpu-worker pods stay Pending: their nodeSelector matches no node label", "2026-11-17T21:12:00Z", "prod-eu-west-1");
  scn.namespace("ml-inference");
  scn.namespace("ml-platform");
  scn.node("ip-10-0-0-10.eu-west-1.compute.internal", { ip: "10.0.0.10", controlPlane: true });
  const nodes = workers(scn, 3);
  const gpuName = "ip-10-0-4-77.eu-west-1.compute.internal";
  scn.node(gpuName, { ip: "10.0.4.77", zone: "eu-west-1b", cpu: "4", memoryKi: 16_069_904, labels: { "node.kubernetes.io/instance-type": "g5.xlarge", "eks.amazonaws.com/nodegroup": "gpu-a10g", accelerator: "nvidia-a10g", "nvidia.com/gpu.present": "true" }, taints: [{ effect: "NoSchedule", key: "nvidia.com/gpu", value: "present" }] });
  const spec = {
    nodeSelector: { accelerator: "nvidia-tesla-a10g" },
    tolerations: [{ effect: "NoSchedule", key: "nvidia.com/gpu", operator: "Exists" }],
    containers: [{ name: "worker", image: "registry.acme.io/ml/gpu-worker:0.19.0", ports: [{ containerPort: 8000, name: "http" }], requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "12Gi" } }],
  };
  const { deploy, rs } = scn.deployment("ml-inference", "gpu-worker", { replicas: 2, spec, createdAgo: 3_300, rolledAgo: 3_300 });
  const message = "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
  const pending = [0, 1].map(() => scn.pod(rs, { state: { kind: "pending", message }, createdAgo: 3_290 }));
  markAvailable(scn, deploy, rs, 2, 0);
  scn.service("ml-inference", "gpu-worker", { selector: { app: "gpu-worker" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to 2`, { component: "deployment-controller", first: 3_300 });
  for (const p of pending) scn.event(p, "Warning", "FailedScheduling", message, { component: "default-scheduler", first: 3_290, last: 70, count: 21 });
  healthyApp(scn, "ml-inference", "gpu-metrics-exporter", nodes, { replicas: 1 });
  healthyApp(scn, "ml-inference", "inference-gateway", nodes, { replicas: 2 });
  healthyApp(scn, "ml-platform", "model-registry", nodes, { replicas: 2 });
  recoveredRestarter(scn, "ml-platform", "feature-store-sync", nodes);
  backgroundWarnings(scn, "ml-platform", "model-registry", nodes);
  const pod = pending[0]!.metadata.name;
  scn.alert({ alertname: "KubePodNotReady", namespace: "ml-inference", pod, severity: "warning" }, ANNOTATIONS.KubePodNotReady("ml-inference", pod), 2_300, EXPR.KubePodNotReady);
  scn.expected({ category: "unschedulable-constraints", culprit: { kind: "Deployment", namespace: "ml-inference", name: "gpu-worker" }, mustMention: ["nvidia-tesla-a10g"], remediationTargets: [{ kind: "Deployment", namespace: "ml-inference", name: "gpu-worker" }] });
  return scn;
}
