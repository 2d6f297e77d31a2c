/**
 * Node heartbeat Leases (kube-node-lease/<node>) exist on every real cluster and `kubectl describe node` reads
 * them. Scenarios rarely carry them, so one is derived per Node from its Ready condition's last heartbeat (what the
 * kubelet renews together), unless the scenario has its own.
 */
import type { KubeObject } from "../../shared/src/index.js";

const toMicroTime = (ts: string) => new Date(ts).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

export function withNodeLeases(objects: KubeObject[]): KubeObject[] {
  const existing = new Set(objects.filter((o) => o.kind === "Lease" && o.metadata.namespace === "kube-node-lease").map((o) => o.metadata.name));
  const leases: KubeObject[] = [];
  for (const node of objects) {
    if (node.kind !== "Node" || existing.has(node.metadata.name)) continue;
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready");
    const heartbeat = ready?.lastHeartbeatTime;
    if (!heartbeat || Number.isNaN(Date.parse(heartbeat))) continue;
    leases.push({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: node.metadata.name,
        namespace: "kube-node-lease",
        ...(node.metadata.creationTimestamp ? { creationTimestamp: node.metadata.creationTimestamp } : {}),
        ...(node.metadata.uid ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.metadata.name, uid: node.metadata.uid }] } : {}),
      },
      spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: toMicroTime(heartbeat) },
    });
  }
  return leases.length ? [...objects, ...leases] : objects;
}
