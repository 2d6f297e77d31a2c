import type { Cluster, Obj } from "./cluster.js";
import { DAY, HOUR } from "./clock.js";
import { namespace } from "./config.js";
import { event, kubeletEvent } from "./events.js";
import { intFor } from "./ids.js";
import { lines, podLogs } from "./logs.js";
import { podMetrics } from "./metrics.js";
import { ingressClass, service } from "./network.js";
import { workers } from "./nodes.js";
import { type ContainerState, type PodSpecOpts, httpProbe, pod, running } from "./pods.js";
import { hpa } from "./policy.js";
import { type DeploymentParts, deployment, settleDeployment } from "./workloads.js";

/**
 * Healthy surroundings shared by scenarios: worker nodes, kube-system and monitoring basics (whose
 * kube-state-metrics pod is the one named in the `pod` label of workload-level alerts), well-behaved
 * neighbour apps, and the background noise every real cluster has.
 */
export function baseline(c: Cluster, o: { nodes?: number; region?: string } = {}): string[] {
  const nodes = workers(c, o.nodes ?? 3, o.region ? { region: o.region } : {});
  namespace(c, "default", {}, 420 * DAY);
  namespace(c, "kube-system", {}, 420 * DAY);
  namespace(c, "monitoring", { "app.kubernetes.io/part-of": "kube-prometheus-stack" }, 300 * DAY);
  healthyApp(c, {
    ns: "kube-system", name: "coredns", nodes, replicas: 2, podLabels: { "k8s-app": "kube-dns" }, port: 53, serviceName: "kube-dns",
    image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2", memory: "170Mi", createdAgo: 420 * DAY,
    logLine: '[INFO] 10.42.2.31:51432 - 4182 "A IN sts.eu-west-1.amazonaws.com. udp 45 false 512" NOERROR qr,rd,ra 108 0.002134s',
  });
  healthyApp(c, {
    ns: "monitoring", name: "kube-prometheus-stack-kube-state-metrics", nodes, replicas: 1,
    podLabels: { "app.kubernetes.io/instance": "kube-prometheus-stack", "app.kubernetes.io/name": "kube-state-metrics" },
    image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.15.0", port: 8080, memory: "256Mi", createdAgo: 300 * DAY,
    logLine: 'I1120 00:00:00.000000       1 server.go:226] "Started metrics server" metricsServerAddress="[::]:8080"',
  });
  return nodes;
}

export interface HealthyAppOpts {
  ns: string;
  name: string;
  nodes: string[];
  replicas?: number;
  image?: string;
  port?: number;
  memory?: string;
  cpu?: string;
  podLabels?: Record<string, string>;
  serviceName?: string | false;
  createdAgo?: number;
  rolledAgo?: number;
  logLine?: string;
  spec?: PodSpecOpts;
  /** Per-pod container state override (index → state of the first container). */
  states?: Record<number, ContainerState>;
}

/** A healthy Deployment with pods spread over the nodes, Service/Endpoints, metrics and quiet logs. */
export function healthyApp(c: Cluster, o: HealthyAppOpts): DeploymentParts & { pods: Obj[] } {
  const port = o.port ?? 8080;
  const container = o.name.replace(/^kube-prometheus-stack-/, "");
  const spec: PodSpecOpts = o.spec ?? {
    containers: [{
      name: container, image: o.image ?? `registry.acme.io/${o.ns}/${o.name}:1.${intFor(`${c.scenario}/${o.name}/v`, 2, 30)}.${intFor(`${c.scenario}/${o.name}/p`, 0, 9)}`,
      ports: [{ containerPort: port, name: port === 53 ? "dns" : "http", ...(port === 53 ? { protocol: "UDP" } : {}) }],
      requests: { cpu: o.cpu ?? "100m", memory: o.memory ?? "128Mi" }, limits: { memory: o.memory ?? "128Mi" },
      ...(port === 53 ? {} : { readinessProbe: httpProbe("/healthz", "http") }),
    }],
  };
  const rolledAgo = o.rolledAgo ?? intFor(`${c.scenario}/${o.name}/rolled`, 6, 40) * DAY;
  const parts = deployment(c, { ns: o.ns, name: o.name, replicas: o.replicas ?? 2, revisions: [{ spec, rolledAgo }], ...(o.podLabels ? { podLabels: o.podLabels } : {}), ...(o.createdAgo ? { createdAgo: o.createdAgo } : {}), manager: "helm" });
  const pods: Obj[] = [];
  const name0 = spec.containers[0]!.name;
  for (let i = 0; i < (o.replicas ?? 2); i++) {
    const createdAgo = Math.min(rolledAgo, intFor(`${c.scenario}/${o.name}/${i}/age`, 2, 9) * DAY);
    const st = o.states?.[i];
    const p = pod(c, { owner: parts.current, node: o.nodes[(i + intFor(`${c.scenario}/${o.name}`, 0, 5)) % o.nodes.length]!, createdAgo, ...(st ? { containers: { [name0]: st } } : {}) });
    pods.push(p);
    podMetrics(c, p, Object.fromEntries(spec.containers.map((ct) => [ct.name, { cpu: `${intFor(`${p.metadata.name}/cpu`, 2, 40)}m`, memory: `${intFor(`${p.metadata.name}/mem`, 30, 90)}Mi` }])));
    podLogs(c, p, { [name0]: { current: lines(c, [intFor(`${p.metadata.name}/l1`, 200, 900), o.logLine ?? `level=info msg="request completed" method=GET path=/v1/${o.name} status=200 duration_ms=${intFor(`${p.metadata.name}/d`, 2, 30)}`], [intFor(`${p.metadata.name}/l2`, 5, 60), o.logLine ?? 'level=info msg="request completed" method=GET path=/healthz status=200 duration_ms=0']) } });
  }
  settleDeployment(c, parts);
  if (o.serviceName !== false) {
    service(c, { ns: o.ns, name: o.serviceName ?? o.name, selector: o.podLabels ?? { app: o.name }, ports: port === 53 ? [{ name: "dns", port: 53, targetPort: 53, protocol: "UDP" }] : [{ name: "http", port: 80, targetPort: "http" }], ...(o.podLabels ? { labels: o.podLabels } : {}) });
  }
  return { ...parts, pods };
}

/**
 * Decoy: a neighbour that restarted a few times hours ago (exit 137 or 1) and has been healthy since; its
 * BackOff events are old. Analyzers must not blame it.
 */
export function recoveredRestarter(c: Cluster, o: { ns: string; name: string; nodes: string[]; reason?: "OOMKilled" | "Error"; hoursAgo?: number }): Obj {
  const h = (o.hoursAgo ?? 5) * HOUR;
  const reason = o.reason ?? "Error";
  const parts = deployment(c, {
    ns: o.ns, name: o.name, replicas: 1,
    revisions: [{ rolledAgo: 12 * DAY, spec: { containers: [{ name: o.name, image: `registry.acme.io/${o.ns}/${o.name}:0.${intFor(o.name, 10, 40)}.1`, requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "192Mi" } }] } }],
  });
  const p = pod(c, { owner: parts.current, node: o.nodes[o.nodes.length - 1]!, createdAgo: 3 * DAY, containers: { [o.name]: running(h, { restarts: 3, last: { exitCode: reason === "OOMKilled" ? 137 : 1, reason, startedAgo: h + 400, finishedAgo: h + 5 } }) } });
  settleDeployment(c, parts);
  podMetrics(c, p, { [o.name]: { cpu: "4m", memory: "61Mi" } });
  podLogs(c, p, { [o.name]: {
    current: lines(c, [h, `level=info msg="starting ${o.name}"`], [140, 'level=info msg="sync complete" items=412']),
    previous: lines(c, [h + 400, `level=info msg="starting ${o.name}"`], [h + 6, reason === "OOMKilled" ? 'level=info msg="loading snapshot into memory" size=1.4GB' : 'level=error msg="fetching upstream snapshot" err="context deadline exceeded"']),
  } });
  kubeletEvent(c, p, o.name, { type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ${o.name} in pod ${p.metadata.name}_${o.ns}(${p.metadata.uid})`, first: h + 300, last: h + 20, count: 4 });
  return p;
}

/** Noise: an HPA that briefly could not read metrics (metrics-server restart) an hour ago. */
export function hpaMetricsHiccup(c: Cluster, parts: DeploymentParts): Obj {
  const h = hpa(c, { ns: parts.deploy.metadata.namespace!, name: parts.deploy.metadata.name, target: parts.deploy, min: parts.deploy.spec.replicas, max: parts.deploy.spec.replicas * 3, current: parts.deploy.spec.replicas, cpuCurrent: 31 });
  event(c, h, { type: "Warning", reason: "FailedGetResourceMetric", message: "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API", component: "horizontal-pod-autoscaler", first: 3_900, last: 3_700, count: 3 });
  event(c, h, { type: "Warning", reason: "FailedComputeMetricsReplicas", message: "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API", component: "horizontal-pod-autoscaler", first: 3_900, last: 3_700, count: 3 });
  return h;
}

/**
 * ingress-nginx: namespace, IngressClass `nginx`, the controller Deployment and its LoadBalancer Service.
 * `accessLog` becomes the controller's log (ingress-nginx access log format, see `nginxAccessLine`).
 */
export function ingressController(c: Cluster, nodes: string[], accessLog?: string): Obj {
  namespace(c, "ingress-nginx", { "app.kubernetes.io/name": "ingress-nginx" }, 380 * DAY);
  ingressClass(c);
  const labels = { "app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx" };
  const app = healthyApp(c, {
    ns: "ingress-nginx", name: "ingress-nginx-controller", nodes, replicas: 1, podLabels: labels, serviceName: false, createdAgo: 380 * DAY,
    spec: { serviceAccountName: "ingress-nginx", containers: [{
      name: "controller", image: "registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b",
      args: ["/nginx-ingress-controller", "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller", "--election-id=ingress-nginx-leader", "--controller-class=k8s.io/ingress-nginx", "--ingress-class=nginx", "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller"],
      ports: [{ containerPort: 80, name: "http" }, { containerPort: 443, name: "https" }, { containerPort: 10254, name: "metrics" }],
      requests: { cpu: "100m", memory: "90Mi" }, readinessProbe: httpProbe("/healthz", 10254),
    }] },
  });
  service(c, { ns: "ingress-nginx", name: "ingress-nginx-controller", selector: labels, labels, type: "LoadBalancer", ports: [{ name: "http", port: 80, targetPort: "http", nodePort: 31080 }, { name: "https", port: 443, targetPort: "https", nodePort: 31443 }], createdAgo: 380 * DAY });
  const p = app.pods[0]!;
  if (accessLog) c.logs.splice(c.logs.findIndex((l) => l.metadata.name === p.metadata.name), 1);
  if (accessLog) podLogs(c, p, { controller: { current: accessLog } });
  return p;
}

/** One ingress-nginx access log line (default log-format-upstream). */
export function nginxAccessLine(c: Cluster, ago: number, o: { clientIp?: string; method?: string; path: string; status: number; bytes?: number; ns: string; service: string; port?: number; upstream: string; upstreamStatus?: number | string; duration?: number }): string {
  const d = c.clock.date(ago);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const ts = `${String(d.getUTCDate()).padStart(2, "0")}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
  const dur = (o.duration ?? 0.004).toFixed(3);
  const reqId = intFor(`${c.scenario}/${ago}/${o.path}`, 0, 2 ** 30).toString(16).padStart(8, "0").repeat(4);
  return `${c.clock.agoMs(ago)} ${o.clientIp ?? "10.0.1.55"} - - [${ts}] "${o.method ?? "GET"} ${o.path} HTTP/1.1" ${o.status} ${o.bytes ?? 87} "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36" 512 ${dur} [${o.ns}-${o.service}-${o.port ?? 80}] [] ${o.upstream} ${o.bytes ?? 87} ${dur} ${o.upstreamStatus ?? o.status} ${reqId}`;
}
