import type { Cluster, Obj } from "./cluster.js";

/** metrics.k8s.io/v1beta1 PodMetrics (what `kubectl top pod --containers` reads). */
export function podMetrics(c: Cluster, pod: Obj, usage: Record<string, { cpu: string; memory: string }>): Obj {
  return c.add<Obj>({
    apiVersion: "metrics.k8s.io/v1beta1", kind: "PodMetrics",
    containers: Object.entries(usage).map(([name, u]) => ({ name, usage: { cpu: u.cpu, memory: u.memory } })),
    metadata: { creationTimestamp: c.ago(0), labels: pod.metadata.labels, name: pod.metadata.name, namespace: pod.metadata.namespace },
    timestamp: c.ago(11),
    window: "15.04s",
  });
}

export function nodeMetrics(c: Cluster, node: string, cpu: string, memory: string): Obj {
  const n = c.get("Node", undefined, node);
  return c.add<Obj>({
    apiVersion: "metrics.k8s.io/v1beta1", kind: "NodeMetrics",
    metadata: { creationTimestamp: c.ago(0), labels: n.metadata.labels, name: node },
    timestamp: c.ago(9),
    usage: { cpu, memory },
    window: "20.03s",
  });
}
