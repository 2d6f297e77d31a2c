import { type Cluster, type Labels, type Obj, ownerRef } from "./cluster.js";
import { DAY } from "./clock.js";
import { intFor, nameSuffix } from "./ids.js";

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol?: string;
  nodePort?: number;
}

export interface ServiceOpts {
  ns: string;
  name: string;
  selector?: Labels;
  ports: ServicePort[];
  type?: "ClusterIP" | "NodePort" | "LoadBalancer";
  labels?: Labels;
  annotations?: Record<string, string>;
  createdAgo?: number;
  /** Headless (StatefulSet governing service). */
  headless?: boolean;
}

function readyPod(p: Obj): boolean {
  return p.status.conditions?.some((x: any) => x.type === "Ready" && x.status === "True") && !p.metadata.deletionTimestamp;
}

function resolvePort(p: Obj, target: number | string): number | undefined {
  if (typeof target === "number") return target;
  for (const ct of p.spec.containers) for (const cp of ct.ports ?? []) if (cp.name === target) return cp.containerPort;
  return undefined;
}

/**
 * Service plus the Endpoints and EndpointSlice the controllers derive from the pods its selector matches
 * (ready pods as addresses, others as notReadyAddresses). Create the pods first.
 */
export function service(c: Cluster, o: ServiceOpts): { svc: Obj; endpoints: Obj; slice: Obj } {
  const created = o.createdAgo ?? 150 * DAY;
  const ip = o.headless ? "None" : `10.96.${intFor(`${c.scenario}/${o.ns}/${o.name}/a`, 0, 254)}.${intFor(`${c.scenario}/${o.ns}/${o.name}/b`, 2, 254)}`;
  const labels = o.labels ?? { app: o.name };
  const svc = c.add<Obj>({
    apiVersion: "v1", kind: "Service",
    metadata: c.meta("Service", o.ns, o.name, { createdAgo: created, labels, ...(o.annotations ? { annotations: o.annotations } : {}) }),
    spec: {
      clusterIP: ip, clusterIPs: [ip], internalTrafficPolicy: "Cluster", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack",
      ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol ?? "TCP", targetPort: p.targetPort })),
      ...(o.selector ? { selector: o.selector } : {}),
      sessionAffinity: "None", type: o.type ?? "ClusterIP",
      ...(o.type === "LoadBalancer" || o.type === "NodePort" ? { externalTrafficPolicy: "Cluster" } : {}),
    },
    status: { loadBalancer: o.type === "LoadBalancer" ? { ingress: [{ hostname: `a${nameSuffix(`${c.scenario}/${o.name}/lb`, 31)}.elb.amazonaws.com` }] } : {} },
  });
  const sel = o.selector;
  const pods = sel
    ? c.list("Pod", o.ns).filter((p) => p.status.podIP && !["Succeeded", "Failed"].includes(p.status.phase) && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v))
    : [];
  const ports = o.ports
    .map((sp) => ({ ...(o.ports.length > 1 || sp.name ? { name: sp.name ?? "" } : {}), port: pods[0] ? resolvePort(pods[0], sp.targetPort) : undefined, protocol: sp.protocol ?? "TCP" }))
    .filter((p): p is { name: string; port: number; protocol: string } => p.port !== undefined);
  const addr = (p: Obj) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", name: p.metadata.name, namespace: o.ns, uid: p.metadata.uid } });
  const ready = pods.filter(readyPod);
  const notReady = pods.filter((p) => !readyPod(p));
  const trigger = c.ago(Math.min(...pods.map((p) => {
    const t = p.status.conditions?.find((x: any) => x.type === "Ready")?.lastTransitionTime;
    return t ? (c.clock.now.getTime() - Date.parse(t)) / 1000 : created;
  }), created));
  const endpoints = c.add<Obj>({
    apiVersion: "v1", kind: "Endpoints",
    metadata: c.meta("Endpoints", o.ns, o.name, { createdAgo: created, labels, annotations: { "endpoints.kubernetes.io/last-change-trigger-time": trigger } }),
    ...(pods.length && ports.length ? { subsets: [{ ...(ready.length ? { addresses: ready.map(addr) } : {}), ...(notReady.length ? { notReadyAddresses: notReady.map(addr) } : {}), ports }] } : {}),
  });
  const sliceName = `${o.name}-${nameSuffix(`${c.scenario}/${o.ns}/${o.name}/slice`)}`;
  const slice = c.add<Obj>({
    addressType: "IPv4",
    apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
    endpoints: pods.length ? pods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: readyPod(p), serving: readyPod(p), terminating: !!p.metadata.deletionTimestamp },
      nodeName: p.spec.nodeName, targetRef: { kind: "Pod", name: p.metadata.name, namespace: o.ns, uid: p.metadata.uid },
      zone: c.find("Node", undefined, p.spec.nodeName)?.metadata.labels?.["topology.kubernetes.io/zone"],
    })) : null,
    metadata: {
      ...c.meta("EndpointSlice", o.ns, sliceName, {
        createdAgo: created, generateName: `${o.name}-`, annotations: { "endpoints.kubernetes.io/last-change-trigger-time": trigger },
        labels: { ...labels, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": o.name },
      }),
      ownerReferences: [ownerRef(svc)],
    },
    ports: ports.length ? ports : null,
  });
  return { svc, endpoints, slice };
}

export function ingressClass(c: Cluster, name = "nginx", controller = "k8s.io/ingress-nginx"): Obj {
  return c.add<Obj>({
    apiVersion: "networking.k8s.io/v1", kind: "IngressClass",
    metadata: c.meta("IngressClass", undefined, name, {
      createdAgo: 400 * DAY,
      annotations: { "ingressclass.kubernetes.io/is-default-class": "true" },
      labels: { "app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx" },
    }),
    spec: { controller },
  });
}

export interface IngressRule {
  host: string;
  paths: Array<{ path: string; service: string; port: number | string; pathType?: string }>;
}

export function ingress(c: Cluster, o: { ns: string; name: string; rules: IngressRule[]; tlsSecret?: string; className?: string; createdAgo?: number; annotations?: Record<string, string>; lbHostname?: string }): Obj {
  return c.add<Obj>({
    apiVersion: "networking.k8s.io/v1", kind: "Ingress",
    metadata: c.meta("Ingress", o.ns, o.name, { createdAgo: o.createdAgo ?? 90 * DAY, generation: 2, ...(o.annotations ? { annotations: o.annotations } : {}) }),
    spec: {
      ingressClassName: o.className ?? "nginx",
      rules: o.rules.map((r) => ({
        host: r.host,
        http: { paths: r.paths.map((p) => ({ backend: { service: { name: p.service, port: typeof p.port === "number" ? { number: p.port } : { name: p.port } } }, path: p.path, pathType: p.pathType ?? "Prefix" })) },
      })),
      ...(o.tlsSecret ? { tls: [{ hosts: o.rules.map((r) => r.host), secretName: o.tlsSecret }] } : {}),
    },
    status: { loadBalancer: { ingress: [{ hostname: o.lbHostname ?? "k8s-ingressn-ingressn-3c1f5e7a9b-1f2e3d4c5b6a7980.elb.eu-west-1.amazonaws.com" }] } },
  });
}

export function networkPolicy(c: Cluster, o: { ns: string; name: string; podSelector: Labels; policyTypes: Array<"Ingress" | "Egress">; ingress?: Array<Record<string, unknown>>; egress?: Array<Record<string, unknown>>; createdAgo: number; manager?: string; labels?: Labels; annotations?: Record<string, string> }): Obj {
  return c.add<Obj>({
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: c.meta("NetworkPolicy", o.ns, o.name, {
      createdAgo: o.createdAgo, generation: 1, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}),
      managedFields: [{ manager: o.manager ?? "kubectl-client-side-apply", operation: "Update", ago: o.createdAgo, apiVersion: "networking.k8s.io/v1", fieldsV1: { "f:spec": { "f:podSelector": {}, "f:policyTypes": {} } } }],
    }),
    spec: { ...(o.egress ? { egress: o.egress } : {}), ...(o.ingress ? { ingress: o.ingress } : {}), podSelector: Object.keys(o.podSelector).length ? { matchLabels: o.podSelector } : {}, policyTypes: o.policyTypes },
  });
}
