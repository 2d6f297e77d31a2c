import { type Cluster, type Labels, type Obj, clone, ownerRef } from "./cluster.js";
import { goDuration } from "./clock.js";
import { hexFor, nameSuffix, templateHash } from "./ids.js";

/** A container as written in a workload template; defaults are filled in the way the API server does. */
export interface ContainerOpts {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ containerPort: number; name?: string; protocol?: string }>;
  env?: Array<Record<string, unknown>>;
  envFrom?: Array<Record<string, unknown>>;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  livenessProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  securityContext?: Record<string, unknown>;
}

export interface PodSpecOpts {
  containers: ContainerOpts[];
  initContainers?: ContainerOpts[];
  volumes?: Array<Record<string, unknown>>;
  serviceAccountName?: string;
  nodeSelector?: Labels;
  tolerations?: Array<Record<string, unknown>>;
  affinity?: Record<string, unknown>;
  imagePullSecrets?: Array<{ name: string }>;
  restartPolicy?: "Always" | "OnFailure" | "Never";
  terminationGracePeriodSeconds?: number;
  priorityClassName?: string;
}

/** Probe with the defaults the API server fills in (kubectl shows them). */
export function httpProbe(path: string, port: number | string, o: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number } = {}) {
  return {
    failureThreshold: o.failureThreshold ?? 3,
    httpGet: { path, port, scheme: "HTTP" },
    ...(o.initialDelaySeconds ? { initialDelaySeconds: o.initialDelaySeconds } : {}),
    periodSeconds: o.periodSeconds ?? 10,
    successThreshold: 1,
    timeoutSeconds: o.timeoutSeconds ?? 1,
  };
}

export function tcpProbe(port: number | string, o: { periodSeconds?: number; failureThreshold?: number; initialDelaySeconds?: number } = {}) {
  return { failureThreshold: o.failureThreshold ?? 3, ...(o.initialDelaySeconds ? { initialDelaySeconds: o.initialDelaySeconds } : {}), periodSeconds: o.periodSeconds ?? 10, successThreshold: 1, tcpSocket: { port }, timeoutSeconds: 1 };
}

function containerSpec(c: ContainerOpts) {
  const resources: Record<string, unknown> = {};
  if (c.limits) resources.limits = c.limits;
  if (c.requests) resources.requests = c.requests;
  return {
    ...(c.args ? { args: c.args } : {}),
    ...(c.command ? { command: c.command } : {}),
    ...(c.env ? { env: c.env } : {}),
    ...(c.envFrom ? { envFrom: c.envFrom } : {}),
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? (c.image.endsWith(":latest") ? "Always" : "IfNotPresent"),
    ...(c.livenessProbe ? { livenessProbe: c.livenessProbe } : {}),
    name: c.name,
    ...(c.ports ? { ports: c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? "TCP" })) } : {}),
    ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
    resources,
    ...(c.securityContext ? { securityContext: c.securityContext } : {}),
    ...(c.startupProbe ? { startupProbe: c.startupProbe } : {}),
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    ...(c.volumeMounts ? { volumeMounts: c.volumeMounts } : {}),
  };
}

/** PodSpec with API-server defaults, as it appears inside a workload's template. */
export function podSpec(s: PodSpecOpts) {
  return {
    ...(s.affinity ? { affinity: s.affinity } : {}),
    containers: s.containers.map(containerSpec),
    dnsPolicy: "ClusterFirst",
    ...(s.imagePullSecrets ? { imagePullSecrets: s.imagePullSecrets } : {}),
    ...(s.initContainers ? { initContainers: s.initContainers.map(containerSpec) } : {}),
    ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
    ...(s.priorityClassName ? { priorityClassName: s.priorityClassName } : {}),
    restartPolicy: s.restartPolicy ?? "Always",
    schedulerName: "default-scheduler",
    securityContext: {},
    ...(s.serviceAccountName ? { serviceAccount: s.serviceAccountName, serviceAccountName: s.serviceAccountName } : {}),
    terminationGracePeriodSeconds: s.terminationGracePeriodSeconds ?? 30,
    ...(s.tolerations ? { tolerations: s.tolerations } : {}),
    ...(s.volumes ? { volumes: s.volumes } : {}),
  };
}

export function podTemplate(labels: Labels, spec: PodSpecOpts, annotations?: Record<string, string>) {
  return { metadata: { ...(annotations ? { annotations } : {}), creationTimestamp: null, labels: { ...labels } }, spec: podSpec(spec) };
}

/** A finished run of a container (lastState.terminated, or state.terminated). Times are seconds ago. */
export interface Term {
  exitCode: number;
  reason: string;
  startedAgo: number;
  finishedAgo: number;
  message?: string;
  signal?: number;
}

export type ContainerState =
  | { state: "running"; startedAgo: number; ready?: boolean; started?: boolean; restarts?: number; last?: Term }
  | { state: "waiting"; reason: string; message?: string; restarts?: number; last?: Term }
  | { state: "terminated"; term: Term; restarts?: number };

export const running = (startedAgo: number, o: { ready?: boolean; started?: boolean; restarts?: number; last?: Term } = {}): ContainerState => ({ state: "running", startedAgo, ...o });
/** CrashLoopBackOff after `restarts` restarts; the back-off message is derived from the restart count. */
export const crashLoop = (restarts: number, last: Term): ContainerState => ({ state: "waiting", reason: "CrashLoopBackOff", restarts, last });
export const waiting = (reason: string, message?: string, o: { restarts?: number; last?: Term } = {}): ContainerState => ({ state: "waiting", reason, ...(message !== undefined ? { message } : {}), ...o });
export const oomKilled = (startedAgo: number, finishedAgo: number): Term => ({ exitCode: 137, reason: "OOMKilled", startedAgo, finishedAgo });
export const errored = (exitCode: number, startedAgo: number, finishedAgo: number): Term => ({ exitCode, reason: "Error", startedAgo, finishedAgo });

/** kubelet's crash back-off: 10s doubling per restart, capped at 5m. */
export function backOffDelay(restarts: number): string {
  return goDuration(Math.min(10 * 2 ** Math.max(0, restarts - 1), 300));
}

export interface PodOpts {
  owner: Obj;
  /** Full pod name; default `<owner>-<suffix>` (ReplicaSet/DaemonSet/Job) or `<owner>-<ordinal>` (StatefulSet). */
  name?: string;
  /** Node the pod is bound to; omitted for an unscheduled pod. */
  node?: string;
  createdAgo: number;
  /** State per container name; containers not listed are running and ready since the pod started. */
  containers?: Record<string, ContainerState>;
  /** Unscheduled pod: the PodScheduled=False condition the scheduler writes. */
  unschedulable?: { message: string };
  /** Sandbox not ready yet (volumes not mounted): PodReadyToStartContainers=False. */
  sandboxPending?: boolean;
  extraLabels?: Labels;
  deletingAgo?: number;
  /** Template to use instead of the owner's (a pod of an older ReplicaSet revision, for instance). */
  template?: { metadata: { labels?: Labels; annotations?: Record<string, string> }; spec: ReturnType<typeof podSpec> };
}

function qosClass(containers: any[]): string {
  const all = containers.every((c) => c.resources?.limits?.cpu && c.resources?.limits?.memory
    && (c.resources.requests?.cpu ?? c.resources.limits.cpu) === c.resources.limits.cpu
    && (c.resources.requests?.memory ?? c.resources.limits.memory) === c.resources.limits.memory);
  if (all) return "Guaranteed";
  return containers.some((c) => c.resources?.requests || c.resources?.limits) ? "Burstable" : "BestEffort";
}

/** containerd image digest reference for an image (stable per image). */
export function imageId(image: string): string {
  const repo = image.includes("@") ? image.split("@")[0]! : image.replace(/:[^/:]+$/, "");
  return `${repo}@sha256:${hexFor(`image/${image}`, 64)}`;
}

/**
 * A Pod as the kubelet reports it: spec from the owner's template plus the fields admission adds (service
 * account token volume, default tolerations), and a status derived from the container states, so phase,
 * conditions, readiness and restart counts always agree with each other.
 */
export function pod(c: Cluster, o: PodOpts): Obj {
  const owner = o.owner;
  const ns = owner.metadata.namespace!;
  const tpl = o.template ?? owner.spec.template ?? owner.spec.jobTemplate?.spec.template;
  let name = o.name;
  const extra: Labels = {};
  if (!name) {
    if (owner.kind === "StatefulSet") {
      name = `${owner.metadata.name}-${c.podsOf(owner).length}`;
    } else {
      name = `${owner.metadata.name}-${nameSuffix(`${c.scenario}/${owner.metadata.uid}/${c.podsOf(owner).length}`)}`;
    }
  }
  if (owner.kind === "StatefulSet") {
    const ordinal = name.slice(owner.metadata.name.length + 1);
    Object.assign(extra, { "apps.kubernetes.io/pod-index": ordinal, "controller-revision-hash": `${owner.metadata.name}-${templateHash(tpl)}`, "statefulset.kubernetes.io/pod-name": name });
  }
  if (owner.kind === "DaemonSet") Object.assign(extra, { "controller-revision-hash": templateHash(tpl), "pod-template-generation": String(owner.metadata.generation ?? 1) });
  if (owner.kind === "Job") Object.assign(extra, { "batch.kubernetes.io/controller-uid": owner.metadata.uid!, "batch.kubernetes.io/job-name": owner.metadata.name, "controller-uid": owner.metadata.uid!, "job-name": owner.metadata.name });
  const labels = { ...(tpl.metadata.labels ?? {}), ...extra, ...(o.extraLabels ?? {}) };
  const spec = clone(tpl.spec);
  const tokenVol = `kube-api-access-${nameSuffix(`${c.scenario}/${name}/token`)}`;
  for (const ct of spec.containers) ct.volumeMounts = [...(ct.volumeMounts ?? []), { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: tokenVol, readOnly: true }];
  spec.enableServiceLinks = true;
  if (o.node && !o.unschedulable) spec.nodeName = o.node;
  spec.preemptionPolicy = "PreemptLowerPriority";
  spec.priority = 0;
  spec.serviceAccount = spec.serviceAccountName ?? "default";
  spec.serviceAccountName = spec.serviceAccountName ?? "default";
  spec.tolerations = [...(spec.tolerations ?? []),
    { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
    { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 }];
  spec.volumes = [...(spec.volumes ?? []), {
    name: tokenVol,
    projected: { defaultMode: 420, sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
      { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
    ] },
  }];
  const meta = c.meta("Pod", ns, name, {
    createdAgo: o.createdAgo,
    labels,
    ...(tpl.metadata.annotations ? { annotations: tpl.metadata.annotations } : {}),
    owner,
    ...(owner.kind === "StatefulSet" ? {} : { generateName: name.slice(0, name.lastIndexOf("-") + 1) }),
  });
  if (o.deletingAgo !== undefined) Object.assign(meta, { deletionGracePeriodSeconds: 30, deletionTimestamp: c.ago(o.deletingAgo) });
  const p: Obj = { apiVersion: "v1", kind: "Pod", metadata: meta, spec, status: {} };
  p.status = podStatus(c, p, o);
  return c.add(p);
}

function podStatus(c: Cluster, p: Obj, o: PodOpts) {
  const created = c.ago(o.createdAgo);
  const qos = qosClass(p.spec.containers);
  if (o.unschedulable) {
    return {
      conditions: [{ lastProbeTime: null, lastTransitionTime: created, message: o.unschedulable.message, reason: "Unschedulable", status: "False", type: "PodScheduled" }],
      phase: "Pending", qosClass: qos,
    };
  }
  const node = c.get("Node", undefined, o.node!);
  const hostIP = node.status.addresses.find((a: any) => a.type === "InternalIP").address as string;
  const podIP = o.sandboxPending ? undefined : c.podIp(o.node!);
  const startedAgo = o.createdAgo - 2;
  const statuses = p.spec.containers.map((ct: any) => containerStatus(c, p, ct, o.containers?.[ct.name] ?? running(startedAgo - 4)));
  const everStarted = statuses.some((s: any) => s.state.running || s.restartCount > 0 || s.state.terminated);
  const allTerminated = statuses.every((s: any) => s.state.terminated);
  const phase = allTerminated
    ? (statuses.every((s: any) => s.state.terminated.exitCode === 0) ? "Succeeded" : "Failed")
    : everStarted ? "Running" : "Pending";
  const notReady = statuses.filter((s: any) => !s.ready).map((s: any) => s.name);
  // Ready flips at the latest container start (+ first readiness probe), or when the last container failed.
  const readySince = Math.min(...statuses.map((s: any) => (s.state.running ? secondsAgo(c, s.state.running.startedAt) : o.createdAgo))) - 5;
  const notReadySince = Math.min(o.createdAgo, ...statuses.filter((s: any) => !s.ready).map((s: any) => (s.lastState.terminated ? secondsAgo(c, s.lastState.terminated.finishedAt) : o.createdAgo)));
  const readyCond = notReady.length === 0
    ? { lastProbeTime: null, lastTransitionTime: c.ago(Math.max(0, readySince)), status: "True" }
    : phase === "Succeeded" || phase === "Failed"
      ? { lastProbeTime: null, lastTransitionTime: c.ago(notReadySince), reason: "PodCompleted", status: "False" }
      : { lastProbeTime: null, lastTransitionTime: c.ago(notReadySince), message: `containers with unready status: [${notReady.join(" ")}]`, reason: "ContainersNotReady", status: "False" };
  return {
    conditions: [
      { lastProbeTime: null, lastTransitionTime: c.ago(o.sandboxPending ? o.createdAgo : startedAgo), status: o.sandboxPending ? "False" : "True", type: "PodReadyToStartContainers" },
      { lastProbeTime: null, lastTransitionTime: created, status: "True", type: "Initialized" },
      { ...readyCond, type: "Ready" },
      { ...readyCond, type: "ContainersReady" },
      { lastProbeTime: null, lastTransitionTime: created, status: "True", type: "PodScheduled" },
    ],
    containerStatuses: statuses,
    hostIP, hostIPs: [{ ip: hostIP }],
    phase,
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    qosClass: qos,
    startTime: created,
  };
}

function secondsAgo(c: Cluster, t: string): number {
  return Math.round((c.clock.now.getTime() - Date.parse(t)) / 1000);
}

function containerId(c: Cluster, p: Obj, name: string, n: number): string {
  return `containerd://${hexFor(`${c.scenario}/${p.metadata.uid}/${name}/${n}`, 64)}`;
}

function term(c: Cluster, p: Obj, name: string, t: Term, n: number) {
  return {
    containerID: containerId(c, p, name, n),
    exitCode: t.exitCode,
    finishedAt: c.ago(t.finishedAgo),
    ...(t.message ? { message: t.message } : {}),
    reason: t.reason,
    ...(t.signal ? { signal: t.signal } : {}),
    startedAt: c.ago(t.startedAgo),
  };
}

function containerStatus(c: Cluster, p: Obj, ct: any, s: ContainerState) {
  const restarts = s.restarts ?? 0;
  const pulled = !(s.state === "waiting" && ["ImagePullBackOff", "ErrImagePull", "ContainerCreating", "CreateContainerConfigError", "InvalidImageName"].includes(s.reason) && restarts === 0 && !s.last);
  const base = { image: ct.image, imageID: pulled ? imageId(ct.image) : "", name: ct.name, restartCount: restarts };
  const last = s.state !== "terminated" && s.last ? { terminated: term(c, p, ct.name, s.last, restarts - 1) } : {};
  // Since v1.30 (RecursiveReadOnlyMounts) the kubelet reports the mounts of every created container.
  const mounts = { volumeMounts: (ct.volumeMounts ?? []).map((m: any) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: "Disabled" } : {}) })) };
  if (s.state === "running") {
    return { containerID: containerId(c, p, ct.name, restarts), ...base, lastState: last, ready: s.ready ?? true, started: s.started ?? true, state: { running: { startedAt: c.ago(s.startedAgo) } }, ...mounts };
  }
  if (s.state === "terminated") {
    return { containerID: containerId(c, p, ct.name, restarts), ...base, lastState: {}, ready: false, started: false, state: { terminated: term(c, p, ct.name, s.term, restarts) }, ...mounts };
  }
  const message = s.message ?? (s.reason === "CrashLoopBackOff"
    ? `back-off ${backOffDelay(restarts)} restarting failed container=${ct.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`
    : undefined);
  return {
    ...(s.last ? { containerID: containerId(c, p, ct.name, restarts - 1) } : {}),
    ...base, lastState: last, ready: false, started: false,
    state: { waiting: { ...(message ? { message } : {}), reason: s.reason } },
    ...(s.last ? mounts : {}),
  };
}

export { ownerRef };
