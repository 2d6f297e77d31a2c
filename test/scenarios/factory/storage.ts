import type { Cluster, Obj } from "./cluster.js";
import { DAY } from "./clock.js";

export function storageClass(c: Cluster, name = "gp3", o: { isDefault?: boolean; provisioner?: string } = {}): Obj {
  return c.add<Obj>({
    allowVolumeExpansion: true,
    apiVersion: "storage.k8s.io/v1", kind: "StorageClass",
    metadata: c.meta("StorageClass", undefined, name, { createdAgo: 400 * DAY, ...(o.isDefault !== false ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}) }),
    parameters: { type: name, fsType: "ext4" },
    provisioner: o.provisioner ?? "ebs.csi.aws.com",
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
  });
}

/** A bound PVC and its dynamically provisioned PV (pvc-<uid of the claim>). */
export function boundClaim(c: Cluster, o: { ns: string; name: string; size: string; storageClass?: string; createdAgo?: number; labels?: Record<string, string>; zone?: string }): { pvc: Obj; pv: Obj } {
  const sc = o.storageClass ?? "gp3";
  const createdAgo = o.createdAgo ?? 100 * DAY;
  const pvcUid = c.uid("PersistentVolumeClaim", o.ns, o.name);
  const pvName = `pvc-${pvcUid}`;
  const pvc = c.add<Obj>({
    apiVersion: "v1", kind: "PersistentVolumeClaim",
    metadata: c.meta("PersistentVolumeClaim", o.ns, o.name, {
      createdAgo,
      annotations: { "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes", "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com", "volume.kubernetes.io/selected-node": "", "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com" },
      finalizers: ["kubernetes.io/pvc-protection"], ...(o.labels ? { labels: o.labels } : {}),
    }),
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: o.size } }, storageClassName: sc, volumeMode: "Filesystem", volumeName: pvName },
    status: { accessModes: ["ReadWriteOnce"], capacity: { storage: o.size }, phase: "Bound" },
  });
  delete pvc.metadata.annotations!["volume.kubernetes.io/selected-node"];
  const pv = c.add<Obj>({
    apiVersion: "v1", kind: "PersistentVolume",
    metadata: c.meta("PersistentVolume", undefined, pvName, { createdAgo: createdAgo - 5, annotations: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com", "volume.kubernetes.io/provisioner-deletion-secret-name": "", "volume.kubernetes.io/provisioner-deletion-secret-namespace": "" }, finalizers: ["external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"] }),
    spec: {
      accessModes: ["ReadWriteOnce"], capacity: { storage: o.size },
      claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: o.name, namespace: o.ns, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
      csi: { driver: "ebs.csi.aws.com", fsType: "ext4", volumeAttributes: { "storage.kubernetes.io/csiProvisionerIdentity": "1731000000000-8081-ebs.csi.aws.com" }, volumeHandle: `vol-0${pvcUid.replace(/-/g, "").slice(0, 16)}` },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [o.zone ?? "eu-west-1a"] }] }] } },
      persistentVolumeReclaimPolicy: "Delete", storageClassName: sc, volumeMode: "Filesystem",
    },
    status: { lastPhaseTransitionTime: c.ago(createdAgo - 5), phase: "Bound" },
  });
  return { pvc, pv };
}
