import type { Obj, PodSpecOpts, Scn } from "./kit-b.js";

/**
 * The healthy surroundings every scenario of the second half shares: nodes, well-behaved neighbour apps,
 * and background noise (a pod that restarted hours ago, unrelated warnings), so analyzers must pick the
 * cause out of a believable cluster rather than a clean room.
 */
export interface NodeRef {
  name: string;
  ip: string;
}

const DAY = 86_400;

/** Worker nodes named like EKS nodes (`ip-10-0-1-23.eu-west-1.compute.internal`). */
export function workers(scn: Scn, count: number, o: { subnet?: number; cpu?: string; memoryKi?: number; region?: string } = {}): NodeRef[] {
  const region = o.region ?? "eu-west-1";
  const subnet = o.subnet ?? 1;
  const out: NodeRef[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `10.0.${subnet + (i % 3)}.${20 + i * 7}`;
    const name = `ip-${ip.replaceAll(".", "-")}.${region}.compute.internal`;
    scn.node(name, { ip, zone: `${region}${"abc"[i % 3]}`, ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memoryKi ? { memoryKi: o.memoryKi } : {}), labels: { "node.kubernetes.io/instance-type": o.cpu === "8" ? "m6i.2xlarge" : "m6i.xlarge", "eks.amazonaws.com/nodegroup": "general" } });
    out.push({ name, ip });
  }
  return out;
}

export interface AppOpts {
  replicas?: number;
  port?: number;
  image?: string;
  labels?: Record<string, string>;
  spec?: PodSpecOpts;
  createdAgo?: number;
  restarts?: number;
  service?: boolean;
  cpu?: string;
  memory?: string;
}

/** A healthy Deployment with its Service, Endpoints, pods, metrics and quiet logs. */
export function healthyApp(scn: Scn, ns: string, name: string, nodes: NodeRef[], o: AppOpts = {}): { deploy: Obj; rs: Obj; pods: Obj[] } {
  const port = o.port ?? 8080;
  const labels = o.labels ?? { app: name };
  const spec: PodSpecOpts = o.spec ?? {
    containers: [{
      name, image: o.image ?? `registry.acme.io/${ns}/${name}:1.${scn.rng.int(2, 30)}.${scn.rng.int(0, 9)}`,
      ports: [{ containerPort: port, name: "http" }],
      requests: { cpu: o.cpu ?? "100m", memory: o.memory ?? "128Mi" }, limits: { memory: o.memory === "1Gi" ? "1Gi" : "256Mi" },
      readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    }],
  };
  const replicas = o.replicas ?? 2;
  const { deploy, rs } = scn.deployment(ns, name, { replicas, labels, spec, ...(o.createdAgo ? { createdAgo: o.createdAgo } : {}) });
  const pods: Obj[] = [];
  for (let i = 0; i < replicas; i++) {
    const node = nodes[(i + name.length) % nodes.length]!;
    const pod = scn.pod(rs, { node: node.name, nodeIp: node.ip, state: { kind: "running", restarts: o.restarts ?? 0 }, createdAgo: scn.rng.int(2, 8) * DAY });
    pods.push(pod);
    scn.podMetrics(pod, { [spec.containers[0]!.name]: { cpu: `${scn.rng.int(3, 60)}m`, memory: `${scn.rng.int(40, 120)}Mi` } });
    scn.podLogs(pod, { [spec.containers[0]!.name]: { current: scn.lines([600, `GET /healthz 200 0.${scn.rng.int(2, 9)}ms`], [30, `request completed status=200 route=/v1/${name} duration_ms=${scn.rng.int(3, 40)}`]) } });
  }
  markAvailable(scn, deploy, rs, replicas, replicas);
  if (o.service !== false) scn.service(ns, name, { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  return { deploy, rs, pods };
}

/** Deployment/ReplicaSet status as the controllers write it for `ready` of `replicas`. */
export function markAvailable(scn: Scn, deploy: Obj, rs: Obj, replicas: number, ready: number, o: { progressing?: Record<string, unknown>; extraConditions?: Array<Record<string, unknown>>; updated?: number } = {}) {
  const since = scn.ago(ready === replicas ? 5 * DAY : 2_400);
  deploy.status = {
    observedGeneration: deploy.metadata.generation,
    replicas, updatedReplicas: o.updated ?? replicas, readyReplicas: ready, availableReplicas: ready,
    ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
    conditions: [
      ready === replicas
        ? { type: "Available", status: "True", lastUpdateTime: since, lastTransitionTime: since, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }
        : { type: "Available", status: "False", lastUpdateTime: since, lastTransitionTime: since, reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      o.progressing ?? { type: "Progressing", status: "True", lastUpdateTime: scn.ago(9 * DAY), lastTransitionTime: scn.ago(60 * DAY), reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` },
      ...(o.extraConditions ?? []),
    ],
  };
  if (ready === 0) delete deploy.status.readyReplicas;
  if (ready === 0) delete deploy.status.availableReplicas;
  rs.status = { replicas: rs.spec.replicas, fullyLabeledReplicas: rs.spec.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation };
  if (ready === 0) {
    delete rs.status.readyReplicas;
    delete rs.status.availableReplicas;
  }
}

/**
 * A decoy: a pod in another namespace that restarted a few times hours ago (exit 137 after a node drain,
 * or a transient error) and is healthy now, with the BackOff events long since stale.
 */
export function recoveredRestarter(scn: Scn, ns: string, name: string, nodes: NodeRef[], reason: "OOMKilled" | "Error" = "Error"): Obj {
  const { deploy, rs } = scn.deployment(ns, name, {
    replicas: 1,
    spec: { containers: [{ name, image: `registry.acme.io/${ns}/${name}:0.${scn.rng.int(10, 40)}.1`, requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "192Mi" } }] },
  });
  const node = nodes[nodes.length - 1]!;
  const pod = scn.pod(rs, { node: node.name, nodeIp: node.ip, state: { kind: "running", restarts: 3, startedAgo: 5 * 3_600, lastTerminated: { exitCode: reason === "OOMKilled" ? 137 : 1, reason, finishedAgo: 5 * 3_600 + 5 } }, createdAgo: 3 * DAY });
  markAvailable(scn, deploy, rs, 1, 1);
  scn.podLogs(pod, { [name]: { current: scn.lines([5 * 3_600, `starting ${name}`], [120, "sync complete items=412"]), previous: scn.lines([5 * 3_600 + 30, `starting ${name}`], [5 * 3_600 + 6, reason === "OOMKilled" ? "loading snapshot into memory" : "error: context deadline exceeded while fetching upstream snapshot"]) } });
  scn.event(pod, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${pod.metadata.name}_${ns}(${pod.metadata.uid})`, { component: "kubelet", host: node.name, first: 5 * 3_600 + 200, last: 5 * 3_600, count: 4, fieldPath: `spec.containers{${name}}` });
  return pod;
}

/** Unrelated warnings every cluster has: an HPA that briefly missed metrics, a slow image pull. */
export function backgroundWarnings(scn: Scn, ns: string, appName: string, nodes: NodeRef[]) {
  const hpa = scn.raw({
    apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: appName, namespace: ns, createdAgo: 80 * DAY,
    extra: {
      spec: { maxReplicas: 6, minReplicas: 2, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 75 } } }], scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: appName } },
      status: {
        currentReplicas: 2, desiredReplicas: 2, lastScaleTime: scn.ago(3 * DAY),
        currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 22, averageValue: "22m" } } }],
        conditions: [
          { type: "AbleToScale", status: "True", lastTransitionTime: scn.ago(80 * DAY), reason: "ReadyForNewScale", message: "recommended size matches current size" },
          { type: "ScalingActive", status: "True", lastTransitionTime: scn.ago(2_900), reason: "ValidMetricFound", message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)" },
          { type: "ScalingLimited", status: "True", lastTransitionTime: scn.ago(3 * DAY), reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" },
        ],
      },
    },
  });
  scn.event(hpa, "Warning", "FailedGetResourceMetric", "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API", { component: "horizontal-pod-autoscaler", first: 3_100, last: 2_950, count: 3 });
  const node = nodes[0]!;
  const nodeObj = scn.find("Node", undefined, node.name);
  scn.event(nodeObj, "Normal", "NodeHasSufficientMemory", `Node ${node.name} status is now: NodeHasSufficientMemory`, { component: "kubelet", host: node.name, first: 40 * DAY, last: 40 * DAY });
}

/** kube-prometheus-stack annotations, copied from the chart's rules (kubernetes-apps / -resources / -system). */
export const ANNOTATIONS = {
  KubePodNotReady: (ns: string, pod: string) => ({
    description: `Pod ${ns}/${pod} has been in a non-ready state for longer than 15 minutes.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodnotready",
    summary: "Pod has been in a non-ready state for more than 15 minutes.",
  }),
  KubePodCrashLooping: (ns: string, pod: string, container: string) => ({
    description: `Pod ${ns}/${pod} (${container}) is in waiting state (reason: "CrashLoopBackOff").`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping",
    summary: "Pod is crash looping.",
  }),
  KubeDeploymentReplicasMismatch: (ns: string, d: string) => ({
    description: `Deployment ${ns}/${d} has not matched the expected number of replicas for longer than 15 minutes.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubedeploymentreplicasmismatch",
    summary: "Deployment has not matched the expected number of replicas.",
  }),
  KubeStatefulSetReplicasMismatch: (ns: string, s: string) => ({
    description: `StatefulSet ${ns}/${s} has not matched the expected number of replicas for longer than 15 minutes.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubestatefulsetreplicasmismatch",
    summary: "Deployment has not matched the expected number of replicas.",
  }),
  KubeNodeNotReady: (node: string) => ({
    description: `${node} has been unready for more than 15 minutes.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubenodenotready",
    summary: "Node is not ready.",
  }),
  KubeHpaMaxedOut: (ns: string, hpa: string) => ({
    description: `HPA ${ns}/${hpa} has been running at max replicas for longer than 15 minutes.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubehpamaxedout",
    summary: "HPA is running at max replicas",
  }),
  CPUThrottlingHigh: (ns: string, pod: string, container: string, pct: string) => ({
    description: `${pct} throttling of CPU in namespace ${ns} for container ${container} in pod ${pod}.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/cputhrottlinghigh",
    summary: "Processes experience elevated CPU throttling.",
  }),
  KubeJobFailed: (ns: string, job: string) => ({
    description: `Job ${ns}/${job} failed to complete. Removing failed job after investigation should clear this alert.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubejobfailed",
    summary: "Job failed to complete.",
  }),
  TargetDown: (ns: string, job: string, service: string, pct: string) => ({
    description: `${pct}% of the ${job}/${service} targets in ${ns} namespace are down.`,
    runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/general/targetdown",
    summary: "One or more targets are unreachable.",
  }),
  /** Team-written SLO rule on ingress-nginx metrics (not part of the chart). */
  HighHTTP5xxRate: (ns: string, ingress: string, pct: string) => ({
    description: `${pct} of requests to ingress ${ns}/${ingress} returned 5xx over the last 5 minutes.`,
    summary: "High HTTP 5xx rate on ingress.",
  }),
};

/** Target labels kube-state-metrics series carry (its own pod included: a classic trap for label parsing). */
export const KSM = { container: "kube-state-metrics", endpoint: "http", instance: "10.42.7.31:8080", job: "kube-state-metrics", pod: "kube-prometheus-stack-kube-state-metrics-6d8b4c9f7-q2w8z", service: "kube-prometheus-stack-kube-state-metrics" };

/**
 * An ingress-nginx controller (namespace, IngressClass, controller Deployment) whose log carries `logText`:
 * the klog lines ingress-nginx prints about the broken backend or certificate.
 */
export function ingressNginx(scn: Scn, nodes: NodeRef[], logText: string): Obj {
  scn.namespace("ingress-nginx", { "app.kubernetes.io/name": "ingress-nginx" });
  scn.raw({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", name: "nginx", createdAgo: 400 * DAY, labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" }, annotations: { "ingressclass.kubernetes.io/is-default-class": "true" }, extra: { spec: { controller: "k8s.io/ingress-nginx" } } });
  const labels = { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/component": "controller" };
  const spec: PodSpecOpts = { serviceAccountName: "ingress-nginx", containers: [{ name: "controller", image: "registry.k8s.io/ingress-nginx/controller:v1.12.1", args: ["/nginx-ingress-controller", "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller", "--election-id=ingress-nginx-leader", "--controller-class=k8s.io/ingress-nginx", "--ingress-class=nginx"], ports: [{ containerPort: 80, name: "http" }, { containerPort: 443, name: "https" }, { containerPort: 10254, name: "metrics" }], requests: { cpu: "100m", memory: "90Mi" }, readinessProbe: { httpGet: { path: "/healthz", port: 10254, scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy, rs } = scn.deployment("ingress-nginx", "ingress-nginx-controller", { replicas: 1, labels, spec });
  const node = nodes[0]!;
  const pod = scn.pod(rs, { node: node.name, nodeIp: node.ip, state: { kind: "running" }, createdAgo: 11 * DAY });
  markAvailable(scn, deploy, rs, 1, 1);
  scn.service("ingress-nginx", "ingress-nginx-controller", { selector: labels, labels, type: "LoadBalancer", ports: [{ name: "http", port: 80, targetPort: "http" }, { name: "https", port: 443, targetPort: "https" }] });
  scn.podLogs(pod, { controller: { current: logText } });
  return pod;
}

/** An Ingress as ingress-nginx reports it (address published), with its controller's Sync event. */
export function ingress(scn: Scn, ns: string, name: string, spec: Record<string, unknown>, createdAgo: number, syncedAgo: number): Obj {
  const ing = scn.raw({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", name, namespace: ns, createdAgo, generation: 3, annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "8m" }, extra: { spec: { ingressClassName: "nginx", ...spec }, status: { loadBalancer: { ingress: [{ hostname: "k8s-ingressn-ingressn-5f1e2d3c4b-0123456789abcdef.elb.eu-west-1.amazonaws.com" }] } } } });
  scn.event(ing, "Normal", "Sync", "Scheduled for sync", { component: "nginx-ingress-controller", first: syncedAgo, last: syncedAgo });
  return ing;
}

/** klog header as ingress-nginx prints it: `W1120 16:01:02.123456       7 file.go:line] `. */
export function klog(scn: Scn, level: "I" | "W" | "E", secondsAgo: number, where: string, text: string): string {
  const t = new Date(scn.nowDate.getTime() - secondsAgo * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${level}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}.${p(scn.rng.int(0, 999_999), 6)}       7 ${where}] ${text}\n`;
}
