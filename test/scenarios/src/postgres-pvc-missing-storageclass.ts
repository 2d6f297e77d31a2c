import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The postgres volumeClaimTemplate asks for StorageClass fast-ssd, which does not exist (gp3 and gp2 do). */
export default function build(): Scn {
  const scn = new Scn("postgres-pvc-missing-storageclass", "postgres-0 never schedules: its claim names a StorageClass that does not exist", "2026-11-16T11:20:00Z", "staging-eu-west-1");
  scn.namespace("data");
  scn.namespace("ledger");
  const nodes = workers(scn, 4);
  scn.raw({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "gp3", createdAgo: 300 * 86_400, annotations: { "storageclass.kubernetes.io/is-default-class": "true" }, extra: { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" }, reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true } });
  scn.raw({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "gp2", createdAgo: 400 * 86_400, extra: { provisioner: "kubernetes.io/aws-ebs", parameters: { fsType: "ext4", type: "gp2" }, reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer" } });
  const spec = { containers: [{ name: "postgres", image: "docker.io/library/postgres:16.4", ports: [{ containerPort: 5432, name: "postgres" }], requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" }, envFrom: [{ secretRef: { name: "postgres-credentials" } }], volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }] }] };
  const sts = scn.statefulSet("data", "postgres", {
    replicas: 1, spec, createdAgo: 3_900,
    volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } }, storageClassName: "fast-ssd", volumeMode: "Filesystem" } }],
    status: { availableReplicas: 0, collisionCount: 0, currentReplicas: 1, currentRevision: "postgres-7c5d9f8b6", observedGeneration: 1, replicas: 1, updateRevision: "postgres-7c5d9f8b6", updatedReplicas: 1 },
  });
  scn.secret("data", "postgres-credentials", ["POSTGRES_USER", "POSTGRES_PASSWORD"]);
  const pvc = scn.raw({
    apiVersion: "v1", kind: "PersistentVolumeClaim", name: "data-postgres-0", namespace: "data", createdAgo: 3_890, labels: { app: "postgres" },
    annotations: { "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com", "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com" },
    extra: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } }, storageClassName: "fast-ssd", volumeMode: "Filesystem" }, status: { phase: "Pending" } },
  });
  pvc.metadata.finalizers = ["kubernetes.io/pvc-protection"];
  delete pvc.metadata.annotations;
  const message = "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
  const pod = scn.pod(sts, { state: { kind: "pending", message }, createdAgo: 3_890 });
  pod.spec.volumes.unshift({ name: "data", persistentVolumeClaim: { claimName: "data-postgres-0" } });
  scn.service("data", "postgres", { selector: { app: "postgres" }, ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }] });
  scn.event(sts, "Normal", "SuccessfulCreate", "create Claim data-postgres-0 Pod postgres-0 in StatefulSet postgres success", { component: "statefulset-controller", first: 3_890 });
  scn.event(sts, "Normal", "SuccessfulCreate", "create Pod postgres-0 in StatefulSet postgres successful", { component: "statefulset-controller", first: 3_890 });
  scn.event(pvc, "Warning", "ProvisioningFailed", 'storageclass.storage.k8s.io "fast-ssd" not found', { component: "persistentvolume-controller", first: 3_890, last: 45, count: 258 });
  scn.event(pod, "Warning", "FailedScheduling", message, { component: "default-scheduler", first: 3_890, last: 290, count: 13 });
  // Decoy: a healthy redis in the same namespace whose claim on gp3 is Bound.
  const redis = healthyApp(scn, "data", "redis-cache", nodes, { replicas: 1, port: 6379 });
  scn.raw({ apiVersion: "v1", kind: "PersistentVolumeClaim", name: "redis-cache-data", namespace: "data", createdAgo: 90 * 86_400, extra: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem", volumeName: "pvc-5b0c2f5e-3a1d-4a6e-9f1c-0d7a9e4b2c11" }, status: { accessModes: ["ReadWriteOnce"], capacity: { storage: "10Gi" }, phase: "Bound" } } });
  scn.raw({ apiVersion: "v1", kind: "PersistentVolume", name: "pvc-5b0c2f5e-3a1d-4a6e-9f1c-0d7a9e4b2c11", createdAgo: 90 * 86_400, extra: { spec: { accessModes: ["ReadWriteOnce"], capacity: { storage: "10Gi" }, claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: "redis-cache-data", namespace: "data" }, csi: { driver: "ebs.csi.aws.com", fsType: "ext4", volumeHandle: "vol-0a7c1e9d3b5f24680" }, persistentVolumeReclaimPolicy: "Delete", storageClassName: "gp3", volumeMode: "Filesystem" }, status: { phase: "Bound" } } });
  void redis;
  const ledger = healthyApp(scn, "ledger", "ledger-api", nodes, { replicas: 2 });
  scn.podLogs(ledger.pods[0]!, { "ledger-api": { current: scn.lines([3_000, "WARN db pool: staging-postgres.data.svc not configured, using ledger-db (RDS)"], [60, "GET /v1/balances 200 14ms"]) } });
  recoveredRestarter(scn, "ledger", "ledger-reconciler", nodes);
  backgroundWarnings(scn, "ledger", "ledger-api", nodes);
  scn.alert({ alertname: "KubeStatefulSetReplicasMismatch", ...KSM, namespace: "data", statefulset: "postgres", severity: "warning" }, ANNOTATIONS.KubeStatefulSetReplicasMismatch("data", "postgres"), 2_900, EXPR.KubeStatefulSetReplicasMismatch);
  scn.expected({
    category: "volume-binding",
    culprit: [{ kind: "PersistentVolumeClaim", namespace: "data", name: "data-postgres-0" }, { kind: "StatefulSet", namespace: "data", name: "postgres" }],
    mustMention: ["fast-ssd"],
  });
  return scn;
}
