import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** etl-transformer was scaled to 4 replicas of 2500m CPU each; two cannot be placed anywhere. */
export default function build(): Scn {
  const scn = new Scn("etl-deploy-insufficient-cpu", "etl-transformer stays at 2/4 replicas: its 2500m CPU request fits on no node after a scale-up", "2026-11-19T09:47:00Z", "prod-us-east-1");
  scn.namespace("data-etl");
  scn.namespace("reporting");
  scn.node("ip-10-8-0-10.ec2.internal", { ip: "10.8.0.10", controlPlane: true, zone: "us-east-1a" });
  const nodes = workers(scn, 3, { region: "us-east-1", subnet: 8 });
  const spec = { containers: [{ name: "transformer", image: "registry.acme.io/data/etl-transformer:2.8.3", requests: { cpu: "2500m", memory: "2Gi" }, limits: { cpu: "3", memory: "3Gi" }, env: [{ name: "WORKER_THREADS", value: "8" }] }] };
  const { deploy, rs } = scn.deployment("data-etl", "etl-transformer", { replicas: 4, spec, rolledAgo: 12 * 86_400 });
  const running = [0, 1].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 12 * 86_400 - 60 }));
  const message = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
  const pending = [0, 1].map(() => scn.pod(rs, { state: { kind: "pending", message }, createdAgo: 2_520 }));
  for (const p of running) {
    scn.podMetrics(p, { transformer: { cpu: "2391m", memory: "1734Mi" } });
    scn.podLogs(p, { transformer: { current: scn.lines([900, "batch 88213 transformed rows=500000 duration=41.2s"], [60, "batch 88231 transformed rows=500000 duration=43.9s"]) } });
  }
  markAvailable(scn, deploy, rs, 4, 2);
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 2 to 4`, { component: "deployment-controller", first: 2_520 });
  for (const p of pending) scn.event(p, "Warning", "FailedScheduling", message, { component: "default-scheduler", first: 2_520, last: 140, count: 17 });
  scn.configMap("data-etl", "etl-transformer-config", { BATCH_SIZE: "500000", SINK: "s3://acme-dwh-staging/transformed" });
  healthyApp(scn, "data-etl", "etl-cpu-exporter", nodes, { replicas: 1, cpu: "50m" });
  healthyApp(scn, "reporting", "reporting-api", nodes, { replicas: 3, cpu: "500m" });
  healthyApp(scn, "reporting", "reporting-worker", nodes, { replicas: 3, cpu: "750m" });
  recoveredRestarter(scn, "reporting", "report-renderer", nodes, "OOMKilled");
  backgroundWarnings(scn, "reporting", "reporting-api", nodes);
  scn.alert({ alertname: "KubeDeploymentReplicasMismatch", ...KSM, namespace: "data-etl", deployment: "etl-transformer", severity: "warning" }, ANNOTATIONS.KubeDeploymentReplicasMismatch("data-etl", "etl-transformer"), 1_400, EXPR.KubeDeploymentReplicasMismatch);
  scn.expected({ category: "unschedulable-resources", culprit: { kind: "Deployment", namespace: "data-etl", name: "etl-transformer" }, mustMention: ["Insufficient cpu", "2500m"], remediationTargets: [{ kind: "Deployment", namespace: "data-etl", name: "etl-transformer" }] });
  return scn;
}
