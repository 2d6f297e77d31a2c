import type { KubeObject, PodLogs } from "../../../shared/src/index.js";
import type { Rng } from "./rng.js";
import { INSTANCE_TYPES, LOG_LINES, ZONES } from "./vocabulary.js";

/**
 * Object builders for the large-cluster generator. They produce what `kubectl get -o yaml` prints for a
 * healthy, busy cluster (owner chains with real uids, pod-template-hash, Endpoints/EndpointSlices that list
 * the ready pods), small enough to build 5,000 pods in well under a second.
 */
export class GenContext {
  private rv = 100_000;
  private podIp = 0;
  private svcIp = 0;
  readonly objects: KubeObject[] = [];
  readonly logs = new Map<string, PodLogs>();

  constructor(
    readonly rng: Rng,
    /** The clock of the embedded scenario: everything generated happened before it. */
    readonly now: Date,
  ) {}

  resourceVersion(): string {
    return String(this.rv++);
  }

  /** An RFC 3339 timestamp `seconds` before now (seconds precision, as the API server prints). */
  ago(seconds: number): string {
    return new Date(this.now.getTime() - Math.round(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  nextPodIp(): string {
    const n = this.podIp++;
    // 10.96.0.0/11-ish pod range, never .0 or .255 host parts.
    return `10.${96 + Math.floor(n / 62_000)}.${Math.floor((n % 62_000) / 250)}.${(n % 250) + 2}`;
  }

  nextClusterIp(): string {
    const n = this.svcIp++;
    return `172.20.${Math.floor(n / 250) + 1}.${(n % 250) + 2}`;
  }

  add(obj: KubeObject): KubeObject {
    this.objects.push(obj);
    return obj;
  }
}

export interface NodeInfo {
  name: string;
  ip: string;
  zone: string;
}

function meta(ctx: GenContext, name: string, namespace: string | undefined, createdAgo: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: ctx.rng.uid(),
    resourceVersion: ctx.resourceVersion(),
    creationTimestamp: ctx.ago(createdAgo),
    ...extra,
  };
}

function ownerRef(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

const DAY = 86_400;

export function buildNamespace(ctx: GenContext, name: string, team: string): KubeObject {
  return ctx.add({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(ctx, name, undefined, ctx.rng.int(30, 400) * DAY, {
      labels: { "kubernetes.io/metadata.name": name, team },
    }),
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  });
}

export function buildNode(ctx: GenContext, index: number, taken: Set<string>): NodeInfo | undefined {
  const rng = ctx.rng;
  const zone = ZONES[index % ZONES.length]!;
  const it = rng.pick(INSTANCE_TYPES);
  const ip = `10.64.${Math.floor(index / 200) + 16}.${(index % 200) + 10}`;
  const name = `ip-${ip.replaceAll(".", "-")}.eu-west-1.compute.internal`;
  if (taken.has(name)) return undefined;
  const created = rng.int(3, 60) * DAY;
  const heartbeat = ctx.ago(rng.int(1, 40));
  const allocMem = `${it.memoryKi - 1_540_000}Ki`;
  const allocCpu = `${Number(it.cpu) * 1000 - 90}m`;
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: heartbeat, lastTransitionTime: ctx.ago(created - 60),
  });
  ctx.add({
    apiVersion: "v1",
    kind: "Node",
    metadata: meta(ctx, name, undefined, created, {
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": it.type,
        "topology.kubernetes.io/region": "eu-west-1",
        "topology.kubernetes.io/zone": zone,
        "eks.amazonaws.com/nodegroup": `general-${it.type.split(".")[0]}`,
      },
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    }),
    spec: { providerID: `aws:///${zone}/i-0${rng.hex(16)}` },
    status: {
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "InternalDNS", address: name },
        { type: "Hostname", address: name },
      ],
      allocatable: { cpu: allocCpu, "ephemeral-storage": "95491281146", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: allocMem, pods: String(it.pods) },
      capacity: { cpu: it.cpu, "ephemeral-storage": "104845292Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${it.memoryKi}Ki`, pods: String(it.pods) },
      conditions: [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: rng.uid(),
        containerRuntimeVersion: "containerd://1.7.27",
        kernelVersion: "6.1.134-150.224.amzn2023.x86_64",
        kubeProxyVersion: "v1.31.7-eks-473151a",
        kubeletVersion: "v1.31.7-eks-473151a",
        machineID: rng.hex(32),
        operatingSystem: "linux",
        osImage: "Amazon Linux 2023.7.20250512",
        systemUUID: rng.uid(),
      },
    },
  });
  ctx.add({
    apiVersion: "metrics.k8s.io/v1beta1",
    kind: "NodeMetrics",
    metadata: { name, creationTimestamp: ctx.ago(0), labels: { "kubernetes.io/hostname": name } },
    timestamp: ctx.ago(rng.int(5, 25)),
    window: "20.049s",
    usage: { cpu: `${rng.int(400, Number(it.cpu) * 600)}m`, memory: `${Math.round(it.memoryKi * (0.3 + rng.next() * 0.4))}Ki` },
  });
  return { name, ip, zone };
}

export interface ContainerSpec {
  name: string;
  image: string;
  port?: number;
  cpuRequest: string;
  memRequest: string;
  memLimit: string;
  configMap?: string;
}

/** The pod template shared by Deployments, StatefulSets, DaemonSets and Jobs. */
export function podTemplate(labels: Record<string, string>, c: ContainerSpec, extra: Record<string, unknown> = {}) {
  return {
    metadata: { labels },
    spec: {
      containers: [
        {
          name: c.name,
          image: c.image,
          imagePullPolicy: "IfNotPresent",
          ...(c.port ? { ports: [{ containerPort: c.port, name: "http", protocol: "TCP" }] } : {}),
          ...(c.configMap ? { envFrom: [{ configMapRef: { name: c.configMap } }] } : {}),
          resources: { requests: { cpu: c.cpuRequest, memory: c.memRequest }, limits: { memory: c.memLimit } },
          ...(c.port
            ? {
                readinessProbe: {
                  httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
                  periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3,
                },
              }
            : {}),
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      ...extra,
    },
  };
}

export type PodState = "running" | "crashloop" | "completed" | "failed";

export interface PodPlan {
  name: string;
  namespace: string;
  owner: KubeObject;
  labels: Record<string, string>;
  template: ReturnType<typeof podTemplate>;
  node: NodeInfo;
  startedAgo: number;
  state: PodState;
  restartPolicy?: "Always" | "Never" | "OnFailure";
  hostNetwork?: boolean;
}

/** A pod as the API serves it once the kubelet has reported its status, plus its PodLogs fixture. */
export function buildPod(ctx: GenContext, p: PodPlan): KubeObject {
  const rng = ctx.rng;
  const container = p.template.spec.containers[0]!;
  const started = ctx.ago(p.startedAgo);
  const ip = p.hostNetwork ? p.node.ip : ctx.nextPodIp();
  const running = p.state === "running";
  const ready = running ? "True" : "False";
  const containerId = `containerd://${rng.hex(64)}`;
  const imageDigest = `${container.image.split(":")[0]}@sha256:${rng.hex(64)}`;
  let state: Record<string, unknown>;
  let lastState: Record<string, unknown> = {};
  let restartCount = rng.chance(0.1) ? rng.int(1, 2) : 0;
  let phase = "Running";
  if (p.state === "running") {
    state = { running: { startedAt: ctx.ago(p.startedAgo - 3) } };
  } else if (p.state === "crashloop") {
    restartCount = rng.int(6, 40);
    state = {
      waiting: {
        reason: "CrashLoopBackOff",
        message: `back-off 5m0s restarting failed container=${container.name} pod=${p.name}_${p.namespace}(${"$UID"})`,
      },
    };
    lastState = { terminated: { containerID: containerId, exitCode: 1, reason: "Error", startedAt: ctx.ago(240), finishedAt: ctx.ago(236) } };
  } else if (p.state === "completed") {
    phase = "Succeeded";
    restartCount = 0;
    state = { terminated: { containerID: containerId, exitCode: 0, reason: "Completed", startedAt: ctx.ago(p.startedAgo - 2), finishedAt: ctx.ago(p.startedAgo - rng.int(20, 200)) } };
  } else {
    phase = "Failed";
    restartCount = 0;
    state = { terminated: { containerID: containerId, exitCode: 1, reason: "Error", startedAt: ctx.ago(p.startedAgo - 2), finishedAt: ctx.ago(p.startedAgo - 30) } };
  }
  const tokenVolume = `kube-api-access-${rng.suffix(5)}`;
  const uid = rng.uid();
  if (p.state === "crashloop") (state.waiting as { message: string }).message = (state.waiting as { message: string }).message.replace("$UID", uid);
  const memLimit = (container.resources.limits as Record<string, string>).memory;
  const notReady: Record<string, string> = running
    ? {}
    : p.state === "completed"
      ? { reason: "PodCompleted" }
      : { reason: "ContainersNotReady", message: `containers with unready status: [${container.name}]` };
  const pod: KubeObject = ctx.add({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      ...(p.owner.kind === "ReplicaSet" || p.owner.kind === "DaemonSet" || p.owner.kind === "Job" ? { generateName: p.name.slice(0, p.name.lastIndexOf("-") + 1) } : {}),
      namespace: p.namespace,
      uid,
      resourceVersion: ctx.resourceVersion(),
      creationTimestamp: started,
      labels: p.labels,
      ownerReferences: [ownerRef(p.owner)],
    },
    spec: {
      ...p.template.spec,
      restartPolicy: p.restartPolicy ?? "Always",
      containers: [
        {
          ...container,
          volumeMounts: [{ mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: tokenVolume, readOnly: true }],
        },
      ],
      enableServiceLinks: true,
      nodeName: p.node.name,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      serviceAccount: "default",
      serviceAccountName: "default",
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      tolerations: [
        { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
        { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: tokenVolume,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
            ],
          },
        },
      ],
    },
    status: {
      phase,
      conditions: [
        { type: "PodReadyToStartContainers", status: running || p.state === "crashloop" ? "True" : "False", lastProbeTime: null, lastTransitionTime: ctx.ago(p.startedAgo - 3) },
        { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: started, ...(p.state === "completed" ? { reason: "PodCompleted" } : {}) },
        { type: "Ready", status: ready, lastProbeTime: null, lastTransitionTime: ctx.ago(p.startedAgo - 8), ...notReady },
        { type: "ContainersReady", status: ready, lastProbeTime: null, lastTransitionTime: ctx.ago(p.startedAgo - 8), ...notReady },
        { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: started },
      ],
      hostIP: p.node.ip,
      hostIPs: [{ ip: p.node.ip }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: started,
      qosClass: memLimit ? "Burstable" : "BestEffort",
      containerStatuses: [
        {
          name: container.name,
          containerID: containerId,
          image: container.image,
          imageID: imageDigest,
          lastState,
          ready: running,
          restartCount,
          started: running,
          state,
          volumeMounts: [{ mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: tokenVolume, readOnly: true, recursiveReadOnly: "Disabled" }],
        },
      ],
    },
  });
  if (running) {
    ctx.add({
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "PodMetrics",
      metadata: { name: p.name, namespace: p.namespace, creationTimestamp: ctx.ago(0), labels: p.labels },
      timestamp: ctx.ago(rng.int(5, 25)),
      window: "17.294s",
      containers: [{ name: container.name, usage: { cpu: `${rng.int(1, 180)}m`, memory: `${rng.int(24, 400) * 1024}Ki` } }],
    });
  }
  const line = (ago: number, text: string) => `${ctx.ago(ago)} ${text}`;
  const current =
    p.state === "crashloop"
      ? `${line(60, `starting ${container.name}`)}\n${line(58, "panic: runtime error: invalid memory address or nil pointer dereference")}\n`
      : `${line(p.startedAgo - 4, `starting ${container.name}`)}\n${line(rng.int(1, 120), rng.pick(LOG_LINES))}\n`;
  ctx.logs.set(`${p.namespace}/${p.name}`, {
    apiVersion: "kubesleuth.dev/v1alpha1",
    kind: "PodLogs",
    metadata: { namespace: p.namespace, name: p.name },
    containers: {
      [container.name]: {
        current,
        ...(p.state === "crashloop" ? { previous: `${line(240, `starting ${container.name}`)}\n${line(236, "panic: runtime error: invalid memory address or nil pointer dereference")}\n` } : {}),
      },
    },
  });
  return pod;
}

/** Service + Endpoints + EndpointSlice for the ready pods that match `selector`. */
export function buildService(ctx: GenContext, namespace: string, name: string, selector: Record<string, string>, port: number, pods: KubeObject[], createdAgo: number) {
  const clusterIP = ctx.nextClusterIp();
  const svc = ctx.add({
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(ctx, name, namespace, createdAgo, { labels: { ...selector } }),
    spec: {
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }],
      selector,
      sessionAffinity: "None",
      type: "ClusterIP",
    },
    status: { loadBalancer: {} },
  });
  const address = (pod: KubeObject) => ({
    ip: pod.status.podIP,
    nodeName: pod.spec.nodeName,
    targetRef: { kind: "Pod", name: pod.metadata.name, namespace, uid: pod.metadata.uid },
  });
  const ready = pods.filter((p) => p.status.phase === "Running" && p.status.containerStatuses[0].ready);
  const notReady = pods.filter((p) => p.status.phase === "Running" && !p.status.containerStatuses[0].ready);
  const subset: Record<string, unknown> = { ports: [{ name: "http", port, protocol: "TCP" }] };
  if (ready.length) subset.addresses = ready.map(address);
  if (notReady.length) subset.notReadyAddresses = notReady.map(address);
  ctx.add({
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      ...meta(ctx, name, namespace, createdAgo),
      labels: { ...selector },
      annotations: { "endpoints.kubernetes.io/last-change-trigger-time": ctx.ago(ctx.rng.int(600, 40_000)) },
    },
    ...(ready.length || notReady.length ? { subsets: [subset] } : {}),
  });
  ctx.add({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      ...meta(ctx, `${name}-${ctx.rng.suffix(5)}`, namespace, createdAgo),
      generateName: `${name}-`,
      labels: { "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": name },
      ownerReferences: [{ apiVersion: "v1", kind: "Service", name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType: "IPv4",
    endpoints: [...ready, ...notReady].map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: p.status.containerStatuses[0].ready, serving: p.status.containerStatuses[0].ready, terminating: false },
      nodeName: p.spec.nodeName,
      targetRef: { kind: "Pod", name: p.metadata.name, namespace, uid: p.metadata.uid },
    })),
    ports: [{ name: "http", port, protocol: "TCP" }],
  });
  return svc;
}

export function buildConfigMap(ctx: GenContext, namespace: string, name: string, createdAgo: number): KubeObject {
  return ctx.add({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(ctx, name, namespace, createdAgo),
    data: {
      LOG_LEVEL: ctx.rng.pick(["info", "info", "warn", "debug"]),
      HTTP_TIMEOUT_MS: String(ctx.rng.pick([500, 1000, 2000, 5000])),
      FEATURE_FLAGS_URL: "http://flagd.feature-flags.svc.cluster.local:8013",
    },
  });
}

export function event(
  ctx: GenContext,
  involved: KubeObject,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  component: string,
  firstAgo: number,
  lastAgo: number,
  count = 1,
  host?: string,
): KubeObject {
  const ns = involved.metadata.namespace ?? "default";
  const name = `${involved.metadata.name}.${ctx.rng.hex(16)}`;
  return ctx.add({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: ns, uid: ctx.rng.uid(), resourceVersion: ctx.resourceVersion(), creationTimestamp: ctx.ago(firstAgo) },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: involved.metadata.namespace,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
      ...(involved.kind === "Pod" ? { fieldPath: `spec.containers{${involved.spec.containers[0].name}}` } : {}),
    },
    reason,
    message,
    source: { component, ...(host ? { host } : {}) },
    firstTimestamp: ctx.ago(firstAgo),
    lastTimestamp: ctx.ago(lastAgo),
    count,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: host ?? "",
  });
}

export { meta, ownerRef, DAY };
