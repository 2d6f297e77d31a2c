import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** batch-api was scaled to 4; the namespace ResourceQuota caps limits.memory at 4Gi and 3584Mi are used. */
export default function build(): Scn {
  const scn = new Scn("batch-quota-exceeded", "batch-api stays at 3/4 replicas: the namespace ResourceQuota rejects the fourth pod", "2026-11-20T12:10:00Z", "staging-eu-west-1");
  scn.namespace("batch");
  scn.namespace("integrations");
  const nodes = workers(scn, 3);
  const spec = { containers: [{ name: "batch-api", image: "registry.acme.io/batch/batch-api:1.4.2", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } }] };
  const { deploy, rs } = scn.deployment("batch", "batch-api", { replicas: 4, spec, rolledAgo: 8 * 86_400 });
  const pods = [0, 1, 2].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 8 * 86_400 - 30 }));
  for (const p of pods) scn.podMetrics(p, { "batch-api": { cpu: "120m", memory: "610Mi" } });
  healthyApp(scn, "batch", "batch-scheduler", nodes, { replicas: 1, memory: "256Mi" });
  const message = `Error creating: pods "${rs.metadata.name}-" is forbidden: exceeded quota: compute-quota, requested: limits.memory=1Gi, used: limits.memory=3584Mi, limited: limits.memory=4Gi`;
  markAvailable(scn, deploy, rs, 4, 3, { extraConditions: [{ type: "ReplicaFailure", status: "True", lastUpdateTime: scn.ago(2_350), lastTransitionTime: scn.ago(2_350), reason: "FailedCreate", message }] });
  deploy.status.replicas = 3;
  rs.status = { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 2, conditions: [{ type: "ReplicaFailure", status: "True", lastTransitionTime: scn.ago(2_350), reason: "FailedCreate", message }] };
  rs.metadata.generation = 2;
  scn.raw({ apiVersion: "v1", kind: "ResourceQuota", name: "compute-quota", namespace: "batch", createdAgo: 60 * 86_400, extra: { spec: { hard: { "limits.cpu": "8", "limits.memory": "4Gi", "requests.cpu": "4", "requests.memory": "3Gi", pods: "20" } }, status: { hard: { "limits.cpu": "8", "limits.memory": "4Gi", "requests.cpu": "4", "requests.memory": "3Gi", pods: "20" }, used: { "limits.cpu": "3500m", "limits.memory": "3584Mi", "requests.cpu": "850m", "requests.memory": "1664Mi", pods: "4" } } } });
  scn.raw({ apiVersion: "v1", kind: "LimitRange", name: "defaults", namespace: "batch", createdAgo: 60 * 86_400, extra: { spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" }, max: { memory: "2Gi" } }] } } });
  scn.service("batch", "batch-api", { selector: { app: "batch-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 3 to 4`, { component: "deployment-controller", first: 2_360 });
  scn.event(rs, "Warning", "FailedCreate", message, { component: "replicaset-controller", first: 2_350, last: 75, count: 22 });
  healthyApp(scn, "integrations", "webhook-relay", nodes, { replicas: 2 });
  recoveredRestarter(scn, "integrations", "partner-sync", nodes, "OOMKilled");
  backgroundWarnings(scn, "integrations", "webhook-relay", nodes);
  scn.alert({ alertname: "KubeDeploymentReplicasMismatch", ...KSM, namespace: "batch", deployment: "batch-api", severity: "warning" }, ANNOTATIONS.KubeDeploymentReplicasMismatch("batch", "batch-api"), 1_300, EXPR.KubeDeploymentReplicasMismatch);
  scn.expected({ category: "quota-exceeded", culprit: [{ kind: "ResourceQuota", namespace: "batch", name: "compute-quota" }, { kind: "Deployment", namespace: "batch", name: "batch-api" }], mustMention: ["compute-quota", "limits.memory"] });
  return scn;
}
