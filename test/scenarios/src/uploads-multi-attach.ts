import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** A RollingUpdate of a single-replica Deployment on a ReadWriteOnce EBS claim: the new pod lands on another node. */
export default function build(): Scn {
  const scn = new Scn("uploads-multi-attach", "the new uploads-api pod is stuck in ContainerCreating: its ReadWriteOnce volume is still attached to the old pod's node", "2026-11-20T16:44:00Z", "prod-eu-west-1");
  scn.namespace("media");
  scn.namespace("imaging");
  const nodes = workers(scn, 3);
  const pvName = "pvc-8f3b2a71-6c4e-4d1f-b2a9-5e7d3c1f0a64";
  const volumes = [{ name: "uploads", persistentVolumeClaim: { claimName: "uploads-data" } }];
  const mk = (tag: string) => ({ volumes, containers: [{ name: "uploads-api", image: `registry.acme.io/media/uploads-api:${tag}`, ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, volumeMounts: [{ name: "uploads", mountPath: "/srv/uploads" }], readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] });
  const { deploy, rs, oldRs } = scn.deployment("media", "uploads-api", { replicas: 1, spec: mk("3.4.1"), history: [{ spec: mk("3.4.0"), rolledAgo: 20 * 86_400 }], rolledAgo: 1_560 });
  const old = oldRs[0]!;
  old.spec.replicas = 1;
  const oldPod = scn.pod(old, { node: nodes[0]!.name, nodeIp: nodes[0]!.ip, state: { kind: "running" }, createdAgo: 20 * 86_400 });
  const newPod = scn.pod(rs, { node: nodes[2]!.name, nodeIp: nodes[2]!.ip, state: { kind: "creating" }, createdAgo: 1_555 });
  markAvailable(scn, deploy, rs, 1, 1, { updated: 1, progressing: { type: "Progressing", status: "False", lastUpdateTime: scn.ago(955), lastTransitionTime: scn.ago(955), reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.` } });
  deploy.status.replicas = 2;
  deploy.status.unavailableReplicas = 1;
  old.status = { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 };
  rs.status = { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 };
  scn.raw({ apiVersion: "v1", kind: "PersistentVolumeClaim", name: "uploads-data", namespace: "media", createdAgo: 200 * 86_400, annotations: { "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes", "volume.kubernetes.io/selected-node": nodes[0]!.name, "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com" }, extra: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem", volumeName: pvName }, status: { accessModes: ["ReadWriteOnce"], capacity: { storage: "100Gi" }, phase: "Bound" } } });
  scn.raw({ apiVersion: "v1", kind: "PersistentVolume", name: pvName, createdAgo: 200 * 86_400, annotations: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com", "volume.kubernetes.io/provisioner-deletion-secret-name": "", "volume.kubernetes.io/provisioner-deletion-secret-namespace": "" }, extra: { spec: { accessModes: ["ReadWriteOnce"], capacity: { storage: "100Gi" }, claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: "uploads-data", namespace: "media" }, csi: { driver: "ebs.csi.aws.com", fsType: "ext4", volumeHandle: "vol-04c2e8a61f9b3d7e5" }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["eu-west-1a"] }] }] } }, persistentVolumeReclaimPolicy: "Retain", storageClassName: "gp3", volumeMode: "Filesystem" }, status: { phase: "Bound" } } });
  scn.raw({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "gp3", createdAgo: 300 * 86_400, annotations: { "storageclass.kubernetes.io/is-default-class": "true" }, extra: { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" }, reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true } });
  scn.service("media", "uploads-api", { selector: { app: "uploads-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scn.podLogs(oldPod, { "uploads-api": { current: scn.lines([1_200, "PUT /v1/uploads/5f2c.jpg 201 212ms"], [30, "GET /v1/uploads/91ab.png 200 9ms"]) } });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to 1`, { component: "deployment-controller", first: 1_560 });
  scn.event(newPod, "Normal", "Scheduled", `Successfully assigned media/${newPod.metadata.name} to ${nodes[2]!.name}`, { component: "default-scheduler", first: 1_555 });
  scn.event(newPod, "Warning", "FailedAttachVolume", `Multi-Attach error for volume "${pvName}" Volume is already exclusively attached to one node and can't be attached to another`, { component: "attachdetach-controller", first: 1_555, last: 1_555 });
  const tokenVol = newPod.spec.volumes.find((v: { name: string }) => v.name.startsWith("kube-api-access")).name;
  scn.event(newPod, "Warning", "FailedMount", `Unable to attach or mount volumes: unmounted volumes=[uploads], unattached volumes=[uploads ${tokenVol}]: timed out waiting for the condition`, { component: "kubelet", host: nodes[2]!.name, first: 1_430, last: 80, count: 12 });
  healthyApp(scn, "media", "media-transcoder", nodes, { replicas: 2 });
  healthyApp(scn, "imaging", "thumbnailer", nodes, { replicas: 2 });
  recoveredRestarter(scn, "imaging", "exif-scrubber", nodes);
  backgroundWarnings(scn, "imaging", "thumbnailer", nodes);
  scn.alert({ alertname: "KubePodNotReady", namespace: "media", pod: newPod.metadata.name, severity: "warning" }, ANNOTATIONS.KubePodNotReady("media", newPod.metadata.name), 600, EXPR.KubePodNotReady);
  scn.expected({ category: "volume-binding", culprit: [{ kind: "PersistentVolumeClaim", namespace: "media", name: "uploads-data" }, { kind: "Deployment", namespace: "media", name: "uploads-api" }], mustMention: ["Multi-Attach", "ReadWriteOnce"] });
  return scn;
}
