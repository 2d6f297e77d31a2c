import type { Cluster, Labels, Obj } from "./cluster.js";
import { DAY } from "./clock.js";
import { hexFor, intFor, uidFor } from "./ids.js";

export interface NodeOpts {
  name?: string;
  /** Index in the cluster: used for the IP, podCIDR and zone. */
  index: number;
  region?: string;
  instanceType?: string;
  cpu?: number;
  memoryGi?: number;
  nodegroup?: string;
  labels?: Labels;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  /** Override conditions (e.g. NotReady); default healthy. */
  conditions?: Array<{ type: string; status: string; reason: string; message: string; since: number }>;
  unschedulable?: boolean;
  createdAgo?: number;
  kubeletVersion?: string;
}

const HEALTHY: Array<[string, string, string, string]> = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];

/** An EKS-style worker node (`ip-10-0-1-23.eu-west-1.compute.internal`) with capacity/allocatable and conditions. */
export function node(c: Cluster, o: NodeOpts): Obj {
  const region = o.region ?? "eu-west-1";
  const ip = `10.0.${1 + (o.index % 3)}.${20 + o.index * 13}`;
  const name = o.name ?? `ip-${ip.replaceAll(".", "-")}.${region}.compute.internal`;
  const zone = `${region}${"abc"[o.index % 3]}`;
  const cpu = o.cpu ?? 4;
  const memKi = (o.memoryGi ?? 16) * 1_048_576 - 380_000;
  const hb = c.ago(intFor(`${c.scenario}/${name}/hb`, 3, 50));
  const conds = o.conditions
    ? o.conditions.map((x) => ({ lastHeartbeatTime: x.status === "Unknown" ? c.ago(x.since + 40) : hb, lastTransitionTime: c.ago(x.since), message: x.message, reason: x.reason, status: x.status, type: x.type }))
    : HEALTHY.map(([type, status, reason, message]) => ({ lastHeartbeatTime: hb, lastTransitionTime: c.ago(o.createdAgo ?? 30 * DAY), message, reason, status, type }));
  return c.add<Obj>({
    apiVersion: "v1", kind: "Node",
    metadata: c.meta("Node", undefined, name, {
      createdAgo: o.createdAgo ?? 30 * DAY,
      annotations: { "alpha.kubernetes.io/provided-node-ip": ip, "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
      labels: {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": o.instanceType ?? "m6i.xlarge", "beta.kubernetes.io/os": "linux",
        "eks.amazonaws.com/capacityType": "ON_DEMAND", "eks.amazonaws.com/nodegroup": o.nodegroup ?? "general",
        "failure-domain.beta.kubernetes.io/region": region, "failure-domain.beta.kubernetes.io/zone": zone,
        "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": o.instanceType ?? "m6i.xlarge", "topology.kubernetes.io/region": region, "topology.kubernetes.io/zone": zone,
        ...(o.labels ?? {}),
      },
    }),
    spec: {
      podCIDR: `10.42.${o.index + 1}.0/24`, podCIDRs: [`10.42.${o.index + 1}.0/24`],
      providerID: `aws:///${zone}/i-0${hexFor(`${c.scenario}/${name}`, 16)}`,
      ...(o.taints ? { taints: o.taints } : {}),
      ...(o.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      addresses: [{ address: ip, type: "InternalIP" }, { address: name, type: "InternalDNS" }, { address: name, type: "Hostname" }],
      allocatable: { cpu: `${cpu * 1000 - 90}m`, "ephemeral-storage": "95491281146", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${memKi - 1_000_000}Ki`, pods: "58" },
      capacity: { cpu: String(cpu), "ephemeral-storage": "104845292Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${memKi}Ki`, pods: "58" },
      conditions: conds,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64", bootID: uidFor("boot", undefined, name, c.scenario), containerRuntimeVersion: "containerd://1.7.27",
        kernelVersion: "6.1.134-152.225.amzn2023.x86_64", kubeProxyVersion: o.kubeletVersion ?? "v1.31.7-eks-473151a", kubeletVersion: o.kubeletVersion ?? "v1.31.7-eks-473151a",
        machineID: hexFor(`${c.scenario}/${name}/machine`, 32), operatingSystem: "linux", osImage: "Amazon Linux 2023.7.20250414", systemUUID: `ec2${hexFor(`${c.scenario}/${name}/sys`, 5)}-${hexFor(`${c.scenario}/${name}/sys2`, 4)}-${hexFor(`${c.scenario}/${name}/sys3`, 4)}-${hexFor(`${c.scenario}/${name}/sys4`, 4)}-${hexFor(`${c.scenario}/${name}/sys5`, 12)}`,
      },
    },
  });
}

/** `n` healthy workers; returns their names. */
export function workers(c: Cluster, n: number, o: Omit<NodeOpts, "index"> = {}): string[] {
  return Array.from({ length: n }, (_, i) => node(c, { ...o, index: i }).metadata.name);
}

export { DAY };
