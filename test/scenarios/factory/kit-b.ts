import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Expected, KubeObject, PodLogs } from "../../../shared/src/index.js";
import { createRng, type Rng } from "../generator/rng.js";

/**
 * Scenario kit used by the second half of the corpus (test/scenarios/src/*.ts). It builds objects the way the
 * API server prints them, with consistent uids, ownerReferences, pod-template-hash and Endpoints derived from
 * the pods a Service actually selects, so a scenario cannot contradict itself (a selector typo really leaves
 * the Endpoints empty). Every message passed in by scenarios is a real Kubernetes text.
 */

type Labels = Record<string, string>;
export type Obj = KubeObject;

export interface ContainerOpts {
  name: string;
  image: string;
  ports?: Array<{ containerPort: number; name?: string }>;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  env?: Array<Record<string, unknown>>;
  envFrom?: Array<Record<string, unknown>>;
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  args?: string[];
  command?: string[];
}

export interface PodSpecOpts {
  containers: ContainerOpts[];
  nodeSelector?: Labels;
  tolerations?: Array<Record<string, unknown>>;
  affinity?: Record<string, unknown>;
  volumes?: Array<Record<string, unknown>>;
  restartPolicy?: string;
  serviceAccountName?: string;
}

/** Pod status shapes the scenarios need. */
export type PodState =
  | { kind: "running"; ready?: boolean; restarts?: number; startedAgo?: number; lastTerminated?: { exitCode: number; reason: string; finishedAgo: number } }
  | { kind: "crashloop"; restarts: number; exitCode: number; reason?: string; finishedAgo?: number }
  | { kind: "pending"; message: string; reason?: string }
  | { kind: "creating" }
  | { kind: "evicted"; message: string }
  | { kind: "unknown" }
  | { kind: "succeeded"; finishedAgo: number }
  | { kind: "failed"; exitCode: number; reason?: string; finishedAgo: number; message?: string };

const ISO = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const HEX = "0123456789abcdef";

function podContainer(c: ContainerOpts) {
  const container: Record<string, unknown> = {
    name: c.name,
    image: c.image,
    imagePullPolicy: "IfNotPresent",
  };
  if (c.command) container.command = c.command;
  if (c.args) container.args = c.args;
  if (c.ports) container.ports = c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: "TCP" }));
  if (c.env) container.env = c.env;
  if (c.envFrom) container.envFrom = c.envFrom;
  container.resources = { ...(c.limits ? { limits: c.limits } : {}), ...(c.requests ? { requests: c.requests } : {}) };
  if (c.livenessProbe) container.livenessProbe = c.livenessProbe;
  if (c.readinessProbe) container.readinessProbe = c.readinessProbe;
  container.terminationMessagePath = "/dev/termination-log";
  container.terminationMessagePolicy = "File";
  if (c.volumeMounts) container.volumeMounts = c.volumeMounts;
  return container;
}

export function template(labels: Labels, spec: PodSpecOpts) {
  return {
    metadata: { labels: { ...labels } },
    spec: {
      ...(spec.affinity ? { affinity: spec.affinity } : {}),
      containers: spec.containers.map(podContainer),
      dnsPolicy: "ClusterFirst",
      ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
      restartPolicy: spec.restartPolicy ?? "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      ...(spec.serviceAccountName ? { serviceAccountName: spec.serviceAccountName, serviceAccount: spec.serviceAccountName } : {}),
      terminationGracePeriodSeconds: 30,
      ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
      ...(spec.volumes ? { volumes: spec.volumes } : {}),
    },
  };
}

export class Scn {
  readonly rng: Rng;
  readonly objects: Obj[] = [];
  readonly logs: PodLogs[] = [];
  readonly nowDate: Date;
  private rv = 4_812_000;
  private ip = 10;
  private alertBody: unknown;
  private expectedDoc: Expected | undefined;

  constructor(
    readonly name: string,
    readonly description: string,
    readonly now: string,
    readonly cluster: string,
  ) {
    let seed = 0;
    for (const ch of name) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
    this.rng = createRng(seed);
    this.nowDate = new Date(now);
  }

  ago(seconds: number): string {
    return ISO(new Date(this.nowDate.getTime() - Math.round(seconds) * 1000));
  }

  uid(): string {
    return this.rng.uid();
  }

  private meta(name: string, namespace: string | undefined, createdAgo: number, extra: Record<string, unknown> = {}) {
    return {
      name,
      ...(namespace ? { namespace } : {}),
      uid: this.uid(),
      resourceVersion: String(this.rv++),
      creationTimestamp: this.ago(createdAgo),
      ...extra,
    };
  }

  add<T extends Obj>(o: T): T {
    this.objects.push(o);
    return o;
  }

  find(kind: string, namespace: string | undefined, name: string): Obj {
    const o = this.objects.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? "") === (namespace ?? ""));
    if (!o) throw new Error(`${this.name}: no ${kind} ${namespace}/${name}`);
    return o;
  }

  podIp(): string {
    const n = this.ip++;
    return `10.42.${Math.floor(n / 200)}.${(n % 200) + 10}`;
  }

  namespace(name: string, labels: Labels = {}): Obj {
    return this.add({
      apiVersion: "v1", kind: "Namespace",
      metadata: this.meta(name, undefined, 400 * 86_400, { labels: { "kubernetes.io/metadata.name": name, ...labels } }),
      spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" },
    });
  }

  /** A node; `ready` false means the kubelet stopped posting status (node lifecycle controller marks Unknown). */
  node(name: string, o: { ip: string; zone?: string; cpu?: string; memoryKi?: number; labels?: Labels; taints?: Array<Record<string, unknown>>; conditions?: Array<Record<string, unknown>>; controlPlane?: boolean; unschedulable?: boolean } ): Obj {
    const cpu = o.cpu ?? "4";
    const memKi = o.memoryKi ?? 16_205_616;
    const zone = o.zone ?? "eu-west-1a";
    const hb = this.ago(this.rng.int(5, 40));
    const since = this.ago(30 * 86_400);
    const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: hb, lastTransitionTime: since, reason, message });
    const node = this.add({
      apiVersion: "v1", kind: "Node",
      metadata: this.meta(name, undefined, 60 * 86_400, {
        labels: {
          "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
          "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
          "topology.kubernetes.io/region": zone.slice(0, -1), "topology.kubernetes.io/zone": zone,
          ...(o.controlPlane ? { "node-role.kubernetes.io/control-plane": "" } : {}),
          ...o.labels,
        },
        annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
      }),
      spec: {
        podCIDR: `10.42.${this.rng.int(0, 250)}.0/24`,
        ...(o.unschedulable ? { unschedulable: true } : {}),
        ...(o.taints || o.controlPlane ? { taints: [...(o.controlPlane ? [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] : []), ...(o.taints ?? [])] } : {}),
      },
      status: {
        addresses: [{ type: "InternalIP", address: o.ip }, { type: "Hostname", address: name }],
        allocatable: { cpu: `${Number(cpu) * 1000 - 100}m`, "ephemeral-storage": "95491281146", memory: `${memKi - 1_048_576}Ki`, pods: "110" },
        capacity: { cpu, "ephemeral-storage": "103865320Ki", memory: `${memKi}Ki`, pods: "110" },
        conditions: o.conditions ?? [
          cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
          cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
          cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: "amd64", bootID: this.uid(), containerRuntimeVersion: "containerd://1.7.27",
          kernelVersion: "6.8.0-1027-aws", kubeProxyVersion: "v1.31.7", kubeletVersion: "v1.31.7",
          machineID: this.rng.hex(32), operatingSystem: "linux", osImage: "Ubuntu 24.04.2 LTS", systemUUID: this.uid(),
        },
      },
    });
    return node;
  }

  nodeMetrics(name: string, cpu: string, memory: string): Obj {
    return this.add({ apiVersion: "metrics.k8s.io/v1beta1", kind: "NodeMetrics", metadata: { name, creationTimestamp: this.ago(0), labels: { "kubernetes.io/hostname": name } }, timestamp: this.ago(12), window: "20.03s", usage: { cpu, memory } });
  }

  /** Deployment with one ReplicaSet per revision (the last is current). Pods are added with `pod()`. */
  deployment(ns: string, name: string, o: {
    replicas: number; labels?: Labels; spec: PodSpecOpts; createdAgo?: number;
    /** Older revisions, oldest first: their templates (if differing) and when they rolled out. */
    history?: Array<{ spec?: PodSpecOpts; labels?: Labels; rolledAgo: number }>;
    rolledAgo?: number;
    status?: Record<string, unknown>;
    annotations?: Record<string, string>;
  }): { deploy: Obj; rs: Obj; oldRs: Obj[] } {
    const selector = o.labels ?? { app: name };
    const created = o.createdAgo ?? 120 * 86_400;
    const revisions = [...(o.history ?? []), { spec: o.spec, labels: selector, rolledAgo: o.rolledAgo ?? 9 * 86_400 }];
    const current = revisions.length;
    const deploy = this.add({
      apiVersion: "apps/v1", kind: "Deployment",
      metadata: this.meta(name, ns, created, {
        generation: current + 2,
        labels: { app: name, ...(o.labels ?? {}) },
        annotations: { "deployment.kubernetes.io/revision": String(current), ...(o.annotations ?? {}) },
      }),
      spec: {
        progressDeadlineSeconds: 600, replicas: o.replicas, revisionHistoryLimit: 10,
        selector: { matchLabels: Object.fromEntries(Object.entries(selector).filter(([k]) => k !== "version")) },
        strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
        template: template(selector, o.spec),
      },
      status: o.status ?? {},
    });
    const sets: Obj[] = revisions.map((rev, i) => {
      const hash = this.rng.suffix(10);
      const labels = { ...(rev.labels ?? selector), "pod-template-hash": hash };
      const isCurrent = i === revisions.length - 1;
      return this.add({
        apiVersion: "apps/v1", kind: "ReplicaSet",
        metadata: this.meta(`${name}-${hash}`, ns, rev.rolledAgo, {
          generation: isCurrent ? 1 : 3,
          labels,
          annotations: {
            "deployment.kubernetes.io/desired-replicas": String(o.replicas),
            "deployment.kubernetes.io/max-replicas": String(o.replicas + Math.ceil(o.replicas / 4)),
            "deployment.kubernetes.io/revision": String(i + 1),
          },
          ownerReferences: [this.ownerRef(deploy)],
        }),
        spec: {
          replicas: isCurrent ? o.replicas : 0,
          selector: { matchLabels: { ...deploy.spec.selector.matchLabels, "pod-template-hash": hash } },
          template: template(labels, rev.spec ?? o.spec),
        },
        status: isCurrent ? { replicas: o.replicas, fullyLabeledReplicas: o.replicas, observedGeneration: 1 } : { replicas: 0, observedGeneration: 3 },
      });
    });
    return { deploy, rs: sets[sets.length - 1]!, oldRs: sets.slice(0, -1) };
  }

  statefulSet(ns: string, name: string, o: { replicas: number; labels?: Labels; spec: PodSpecOpts; volumeClaimTemplates?: Array<Record<string, unknown>>; status?: Record<string, unknown>; createdAgo?: number }): Obj {
    const labels = o.labels ?? { app: name };
    return this.add({
      apiVersion: "apps/v1", kind: "StatefulSet",
      metadata: this.meta(name, ns, o.createdAgo ?? 200 * 86_400, { generation: 3, labels: { ...labels } }),
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        podManagementPolicy: "OrderedReady", replicas: o.replicas, revisionHistoryLimit: 10,
        selector: { matchLabels: labels }, serviceName: name, template: template(labels, o.spec),
        updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
        ...(o.volumeClaimTemplates ? { volumeClaimTemplates: o.volumeClaimTemplates } : {}),
      },
      status: o.status ?? {},
    });
  }

  ownerRef(owner: Obj) {
    return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
  }

  /** A pod of `owner` (ReplicaSet, StatefulSet, DaemonSet or Job) in the given state, on `node` unless pending. */
  pod(owner: Obj, o: { name?: string; node?: string; nodeIp?: string; state: PodState; createdAgo: number; labels?: Labels; deleting?: { ago: number } }): Obj {
    const tpl = owner.kind === "Job" ? owner.spec.template : owner.spec.template;
    const ns = owner.metadata.namespace!;
    const ordinal = owner.kind === "StatefulSet" ? this.objects.filter((x) => x.kind === "Pod" && x.metadata.ownerReferences?.[0]?.uid === owner.metadata.uid).length : 0;
    const name = o.name ?? (owner.kind === "StatefulSet" ? `${owner.metadata.name}-${ordinal}` : `${owner.metadata.name}-${this.rng.suffix(5)}`);
    const labels = { ...(tpl.metadata?.labels ?? {}), ...(owner.kind === "StatefulSet" ? { "apps.kubernetes.io/pod-index": String(ordinal), "statefulset.kubernetes.io/pod-name": name, "controller-revision-hash": `${owner.metadata.name}-${this.rng.suffix(10)}` } : {}), ...(o.labels ?? {}) };
    const tokenVol = `kube-api-access-${this.rng.suffix(5)}`;
    const spec = JSON.parse(JSON.stringify(tpl.spec));
    for (const c of spec.containers) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: tokenVol, readOnly: true }];
    spec.volumes = [...(spec.volumes ?? []), { name: tokenVol, projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "token" } }, { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } }, { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } }] } }];
    spec.enableServiceLinks = true;
    spec.preemptionPolicy = "PreemptLowerPriority";
    spec.priority = 0;
    spec.serviceAccountName ??= "default";
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.tolerations = [...(spec.tolerations ?? []),
      { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
      { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 }];
    if (o.state.kind !== "pending" && o.node) spec.nodeName = o.node;
    const uid = this.uid();
    const pod = this.add({
      apiVersion: "v1", kind: "Pod",
      metadata: {
        name,
        ...(owner.kind !== "StatefulSet" ? { generateName: name.slice(0, name.lastIndexOf("-") + 1) } : {}),
        namespace: ns, uid, resourceVersion: String(this.rv++), creationTimestamp: this.ago(o.createdAgo),
        ...(o.deleting ? { deletionTimestamp: this.ago(o.deleting.ago), deletionGracePeriodSeconds: 30 } : {}),
        labels,
        ownerReferences: [this.ownerRef(owner)],
      },
      spec,
      status: this.podStatus(spec, o, uid, name, ns),
    });
    return pod;
  }

  private podStatus(spec: any, o: { node?: string; nodeIp?: string; state: PodState; createdAgo: number }, uid: string, name: string, ns: string) {
    const s = o.state;
    const created = this.ago(o.createdAgo);
    const qos = spec.containers.every((c: any) => c.resources?.limits?.memory && c.resources?.requests?.memory === c.resources?.limits?.memory && c.resources?.limits?.cpu && c.resources?.requests?.cpu === c.resources?.limits?.cpu)
      ? "Guaranteed" : spec.containers.some((c: any) => c.resources?.requests || c.resources?.limits) ? "Burstable" : "BestEffort";
    if (s.kind === "pending") {
      return {
        phase: "Pending",
        conditions: [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: created, reason: s.reason ?? "Unschedulable", message: s.message }],
        qosClass: qos,
      };
    }
    const ip = this.podIp();
    const hostIp = o.nodeIp ?? "10.0.1.10";
    const cid = () => `containerd://${this.rng.hex(64)}`;
    const imageID = (image: string) => `${image.split(":")[0]}@sha256:${Array.from({ length: 64 }, () => HEX[this.rng.int(0, 15)]).join("")}`;
    const startedAgo = s.kind === "running" ? (s.startedAgo ?? o.createdAgo - 6) : o.createdAgo - 6;
    const ready = s.kind === "running" && s.ready !== false;
    const phase = s.kind === "evicted" || s.kind === "failed" ? "Failed" : s.kind === "succeeded" ? "Succeeded" : s.kind === "creating" ? "Pending" : "Running";
    const containerStatuses = spec.containers.map((c: any) => {
      const base = { name: c.name, image: c.image, imageID: s.kind === "creating" ? "" : imageID(c.image), ...(s.kind === "creating" ? {} : { containerID: cid() }) };
      switch (s.kind) {
        case "running":
          return { ...base, lastState: s.lastTerminated ? { terminated: { containerID: cid(), exitCode: s.lastTerminated.exitCode, reason: s.lastTerminated.reason, startedAt: this.ago(s.lastTerminated.finishedAgo + 300), finishedAt: this.ago(s.lastTerminated.finishedAgo) } } : {}, ready, restartCount: s.restarts ?? 0, started: true, state: { running: { startedAt: this.ago(startedAgo) } } };
        case "crashloop":
          return { ...base, lastState: { terminated: { containerID: cid(), exitCode: s.exitCode, reason: s.reason ?? "Error", startedAt: this.ago((s.finishedAgo ?? 75) + 4), finishedAt: this.ago(s.finishedAgo ?? 75) } }, ready: false, restartCount: s.restarts, started: false, state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${c.name} pod=${name}_${ns}(${uid})` } } };
        case "creating":
          return { ...base, lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting: { reason: "ContainerCreating" } } };
        case "evicted":
          return { ...base, lastState: {}, ready: false, restartCount: 0, started: false, state: { terminated: { containerID: cid(), exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated", startedAt: this.ago(startedAgo), finishedAt: this.ago(1_500) } } };
        case "unknown":
          // The last status the kubelet posted before it went silent: running and ready.
          return { ...base, lastState: {}, ready: true, restartCount: 0, started: true, state: { running: { startedAt: this.ago(startedAgo) } } };
        case "succeeded":
          return { ...base, lastState: {}, ready: false, restartCount: 0, started: false, state: { terminated: { containerID: cid(), exitCode: 0, reason: "Completed", startedAt: this.ago(startedAgo), finishedAt: this.ago(s.finishedAgo) } } };
        case "failed":
          return { ...base, lastState: {}, ready: false, restartCount: 0, started: false, state: { terminated: { containerID: cid(), exitCode: s.exitCode, reason: s.reason ?? "Error", ...(s.message ? { message: s.message } : {}), startedAt: this.ago(startedAgo), finishedAt: this.ago(s.finishedAgo) } } };
      }
    });
    const unready = spec.containers.map((c: any) => c.name).join(" ");
    const readyCond = ready
      ? { status: "True" }
      : s.kind === "succeeded" || s.kind === "failed" ? { status: "False", reason: "PodCompleted" }
      : { status: "False", reason: "ContainersNotReady", message: `containers with unready status: [${unready}]` };
    const conditions = [
      { type: "PodReadyToStartContainers", status: s.kind === "creating" ? "False" : "True", lastProbeTime: null, lastTransitionTime: this.ago(startedAgo + 2) },
      { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: created },
      { type: "Ready", lastProbeTime: null, lastTransitionTime: this.ago(s.kind === "running" && ready ? startedAgo - 10 : Math.min(o.createdAgo, 1_200)), ...readyCond },
      { type: "ContainersReady", lastProbeTime: null, lastTransitionTime: this.ago(s.kind === "running" && ready ? startedAgo - 10 : Math.min(o.createdAgo, 1_200)), ...readyCond },
      { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: created },
    ];
    if (s.kind === "unknown") {
      // The node lifecycle controller flips only the pod's Ready condition (MarkPodsNotReady); the rest is the
      // kubelet's last report.
      conditions[2] = { type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: this.ago(1_500) } as any;
      conditions[3] = { type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: this.ago(o.createdAgo - 20) } as any;
      conditions.push({ type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: this.ago(1_200), reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" } as any);
    }
    if (s.kind === "evicted") {
      conditions.push({ type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: this.ago(1_510), reason: "TerminationByKubelet", message: s.message } as any);
    }
    return {
      phase,
      ...(s.kind === "evicted" ? { reason: "Evicted", message: s.message } : {}),
      conditions,
      hostIP: hostIp, hostIPs: [{ ip: hostIp }],
      ...(s.kind === "evicted" ? {} : { podIP: ip, podIPs: [{ ip }] }),
      startTime: created,
      containerStatuses,
      qosClass: qos,
    };
  }

  podLogs(pod: Obj, containers: Record<string, { current?: string; previous?: string }>) {
    this.logs.push({ apiVersion: "kubesleuth.dev/v1alpha1", kind: "PodLogs", metadata: { namespace: pod.metadata.namespace!, name: pod.metadata.name }, containers });
  }

  /** Log text: lines `[secondsAgo, text]` rendered with RFC 3339 timestamps. */
  lines(...entries: Array<[number, string]>): string {
    return entries.map(([ago, text]) => `${this.ago(ago)} ${text}`).join("\n") + "\n";
  }

  podMetrics(pod: Obj, usage: Record<string, { cpu: string; memory: string }>) {
    return this.add({
      apiVersion: "metrics.k8s.io/v1beta1", kind: "PodMetrics",
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: this.ago(0), labels: pod.metadata.labels },
      timestamp: this.ago(14), window: "18.526s",
      containers: Object.entries(usage).map(([name, u]) => ({ name, usage: u })),
    });
  }

  /**
   * Service plus the Endpoints and EndpointSlice the endpoints controller would write for it: the ready and
   * not-ready pods its selector matches, on the resolved targetPort. Add the pods first.
   */
  service(ns: string, name: string, o: { selector: Labels; ports: Array<{ name?: string; port: number; targetPort: number | string }>; type?: string; labels?: Labels; createdAgo?: number; annotations?: Record<string, string> }): Obj {
    const clusterIP = `10.96.${this.rng.int(0, 250)}.${this.rng.int(2, 250)}`;
    const svc = this.add({
      apiVersion: "v1", kind: "Service",
      metadata: this.meta(name, ns, o.createdAgo ?? 150 * 86_400, { labels: o.labels ?? { app: name }, ...(o.annotations ? { annotations: o.annotations } : {}) }),
      spec: {
        clusterIP, clusterIPs: [clusterIP], internalTrafficPolicy: "Cluster", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack",
        ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: "TCP", targetPort: p.targetPort })),
        selector: o.selector, sessionAffinity: "None", type: o.type ?? "ClusterIP",
      },
      status: { loadBalancer: {} },
    });
    const matches = this.objects.filter((x) => x.kind === "Pod" && x.metadata.namespace === ns && x.status.podIP && !["Succeeded", "Failed"].includes(x.status.phase)
      && Object.entries(o.selector).every(([k, v]) => x.metadata.labels?.[k] === v));
    const resolve = (pod: Obj, target: number | string): number | undefined => {
      if (typeof target === "number") return target;
      for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
      return undefined;
    };
    const isReady = (p: Obj) => p.status.conditions.find((c: any) => c.type === "Ready")?.status === "True" && !p.metadata.deletionTimestamp;
    const addr = (p: Obj) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", name: p.metadata.name, namespace: ns, uid: p.metadata.uid } });
    const ports = o.ports.map((sp) => ({ ...(sp.name ? { name: sp.name } : {}), port: matches[0] ? resolve(matches[0], sp.targetPort) : undefined, protocol: "TCP" })).filter((p) => p.port !== undefined);
    const ready = matches.filter(isReady);
    const notReady = matches.filter((p) => !isReady(p));
    const changed = this.ago(this.rng.int(300, 3_000));
    this.add({
      apiVersion: "v1", kind: "Endpoints",
      metadata: { ...this.meta(name, ns, o.createdAgo ?? 150 * 86_400), labels: o.labels ?? { app: name }, annotations: { "endpoints.kubernetes.io/last-change-trigger-time": changed } },
      ...(matches.length && ports.length ? { subsets: [{ ...(ready.length ? { addresses: ready.map(addr) } : {}), ...(notReady.length ? { notReadyAddresses: notReady.map(addr) } : {}), ports }] } : {}),
    });
    this.add({
      apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
      metadata: {
        ...this.meta(`${name}-${this.rng.suffix(5)}`, ns, o.createdAgo ?? 150 * 86_400), generateName: `${name}-`,
        labels: { "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": name },
        annotations: { "endpoints.kubernetes.io/last-change-trigger-time": changed },
        ownerReferences: [{ apiVersion: "v1", kind: "Service", name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: "IPv4",
      endpoints: matches.length ? matches.map((p) => ({ addresses: [p.status.podIP], conditions: { ready: isReady(p), serving: isReady(p), terminating: !!p.metadata.deletionTimestamp }, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", name: p.metadata.name, namespace: ns, uid: p.metadata.uid } })) : null,
      ports: ports.length ? ports : null,
    });
    return svc;
  }

  configMap(ns: string, name: string, data: Record<string, string>, createdAgo = 40 * 86_400): Obj {
    return this.add({ apiVersion: "v1", kind: "ConfigMap", metadata: this.meta(name, ns, createdAgo), data });
  }

  /** Secrets carry keys with placeholder values only: the corpus never holds a real credential. */
  secret(ns: string, name: string, keys: string[], type = "Opaque"): Obj {
    return this.add({ apiVersion: "v1", kind: "Secret", metadata: this.meta(name, ns, 90 * 86_400), type, data: Object.fromEntries(keys.map((k) => [k, Buffer.from(`redacted-${k}`).toString("base64")])) });
  }

  raw(o: { apiVersion: string; kind: string; name: string; namespace?: string; createdAgo: number; labels?: Labels; annotations?: Record<string, string>; owner?: Obj; extra?: Record<string, unknown>; generation?: number }): Obj {
    return this.add({
      apiVersion: o.apiVersion, kind: o.kind,
      metadata: this.meta(o.name, o.namespace, o.createdAgo, {
        ...(o.generation ? { generation: o.generation } : {}),
        ...(o.labels ? { labels: o.labels } : {}),
        ...(o.annotations ? { annotations: o.annotations } : {}),
        ...(o.owner ? { ownerReferences: [this.ownerRef(o.owner)] } : {}),
      }),
      ...(o.extra ?? {}),
    });
  }

  event(involved: Obj, type: "Normal" | "Warning", reason: string, message: string, o: { component: string; host?: string; first: number; last?: number; count?: number; fieldPath?: string }): Obj {
    const ns = involved.metadata.namespace ?? "default";
    return this.add({
      apiVersion: "v1", kind: "Event",
      metadata: { name: `${involved.metadata.name}.${this.rng.hex(16)}`, namespace: ns, uid: this.uid(), resourceVersion: String(this.rv++), creationTimestamp: this.ago(o.first) },
      involvedObject: {
        apiVersion: involved.apiVersion, kind: involved.kind, name: involved.metadata.name,
        ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
        uid: involved.metadata.uid, resourceVersion: involved.metadata.resourceVersion,
        ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
      },
      reason, message,
      source: { component: o.component, ...(o.host ? { host: o.host } : {}) },
      firstTimestamp: this.ago(o.first), lastTimestamp: this.ago(o.last ?? o.first), count: o.count ?? 1, type,
      eventTime: null, reportingComponent: o.component, reportingInstance: o.host ?? "",
    });
  }

  /** Alertmanager v4 webhook body for one firing alert (labels as kube-prometheus-stack rules emit them). */
  alert(labels: Labels, annotations: Record<string, string>, startsAgo: number, generatorExpr: string) {
    const all: Labels = { ...labels, cluster: this.cluster, prometheus: "monitoring/kube-prometheus-stack-prometheus" };
    // Alertmanager leaves out group labels the alert does not carry (a node alert has no namespace).
    const groupLabels: Record<string, string> = { alertname: all.alertname! };
    if (all.namespace !== undefined) groupLabels.namespace = all.namespace;
    const fingerprint = this.rng.hex(16);
    this.alertBody = {
      receiver: "kubesleuth",
      status: "firing",
      alerts: [{
        status: "firing", labels: all, annotations, startsAt: `${this.ago(startsAgo).slice(0, -1)}.${String(this.rng.int(100, 999))}Z`,
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: `https://prometheus.${this.cluster}.acme.io/graph?g0.expr=${encodeURIComponent(generatorExpr)}&g0.tab=1`,
        fingerprint,
      }],
      groupLabels, commonLabels: all, commonAnnotations: annotations,
      externalURL: `https://alertmanager.${this.cluster}.acme.io`,
      version: "4",
      groupKey: `{}/{severity=~"warning|critical"}:{${Object.entries(groupLabels).map(([k, v]) => `${k}="${v}"`).join(", ")}}`,
      truncatedAlerts: 0,
    };
  }

  expected(e: Expected) {
    this.expectedDoc = e;
  }

  async write(dir: string): Promise<void> {
    if (!this.alertBody) throw new Error(`${this.name}: no alert`);
    if (!this.expectedDoc) throw new Error(`${this.name}: no expected`);
    await mkdir(dir, { recursive: true });
    const docs = [...this.objects, ...this.logs].map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));
    await writeFile(join(dir, "cluster.yaml"), `# Generated by test/scenarios/src/${this.name}.ts: edit the source, not this file.\n${docs.map((d) => `---\n${d}`).join("")}`);
    await writeFile(join(dir, "scenario.yaml"), stringify({ name: this.name, description: this.description, now: this.now, alertSource: "alertmanager" }));
    await writeFile(join(dir, "alert.json"), `${JSON.stringify(this.alertBody, null, 2)}\n`);
    await writeFile(join(dir, "expected.yaml"), stringify(this.expectedDoc, { lineWidth: 0 }));
  }
}
