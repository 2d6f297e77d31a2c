/** Hand-built Kubernetes objects and analysis inputs for unit tests of the analyzers (no scenario files). */
import type { EventSummary, KubeObject, LogsData, NormalizedAlert, ResourceRef, RolloutHistoryData } from "../../shared/src/index.js";
import { AnalysisContext } from "../../cloud/src/core/analyzers/context.js";
import { emptyEvidence, type EvidenceBundle } from "../../cloud/src/core/analyzers/types.js";
import { ScenarioAgent } from "./scenario-agent.js";

export const NOW = "2026-11-20T03:00:00Z";
const ago = (min: number) => new Date(new Date(NOW).getTime() - min * 60_000).toISOString();
export { ago };

let uid = 0;
const meta = (kind: string, ns: string | undefined, name: string, extra: Record<string, unknown> = {}) => ({
  name, ...(ns ? { namespace: ns } : {}), uid: `${kind.toLowerCase()}-${name}-${++uid}`, creationTimestamp: ago(60 * 24 * 10), ...extra,
});

export interface ContainerOpts { name: string; image?: string; ports?: any[]; resources?: any; env?: any[]; envFrom?: any[]; volumeMounts?: any[]; livenessProbe?: any; readinessProbe?: any; startupProbe?: any }
export interface StatusOpts { name: string; ready?: boolean; restartCount?: number; state?: any; lastState?: any }

export function deployment(ns: string, name: string, containers: ContainerOpts[], o: { replicas?: number; labels?: Record<string, string>; volumes?: any[]; podSpec?: any } = {}): KubeObject {
  const labels = o.labels ?? { app: name };
  return {
    apiVersion: "apps/v1", kind: "Deployment", metadata: meta("Deployment", ns, name, { labels, annotations: { "deployment.kubernetes.io/revision": "2" } }),
    spec: { replicas: o.replicas ?? 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: containers.map((c) => ({ image: `registry.example.com/${name}:1.0`, ...c })), volumes: o.volumes, ...o.podSpec } } },
    status: {},
  } as KubeObject;
}

export function replicaSet(d: KubeObject, hash: string, revision: number, o: { createdMinAgo?: number; containers?: ContainerOpts[] } = {}): KubeObject {
  const labels = { ...d.spec.template.metadata.labels, "pod-template-hash": hash };
  const template = JSON.parse(JSON.stringify(d.spec.template));
  template.metadata.labels = labels;
  if (o.containers) template.spec.containers = o.containers;
  return {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: meta("ReplicaSet", d.metadata.namespace, `${d.metadata.name}-${hash}`, { labels, annotations: { "deployment.kubernetes.io/revision": String(revision) }, creationTimestamp: ago(o.createdMinAgo ?? 60 * 24 * 10), ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid!, controller: true }] }),
    spec: { template }, status: {},
  } as KubeObject;
}

export function pod(owner: KubeObject, suffix: string, statuses: StatusOpts[], o: { phase?: string; node?: string; ready?: boolean; reason?: string; message?: string; conditions?: any[] } = {}): KubeObject {
  const tpl = owner.spec.template;
  const ready = o.ready ?? statuses.every((s) => s.ready !== false);
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: meta("Pod", owner.metadata.namespace, `${owner.metadata.name}-${suffix}`, { labels: { ...tpl.metadata.labels }, ownerReferences: [{ apiVersion: "apps/v1", kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true }] }),
    spec: { ...JSON.parse(JSON.stringify(tpl.spec)), ...(o.node === "" ? {} : { nodeName: o.node ?? "node-1" }) },
    status: {
      phase: o.phase ?? "Running", ...(o.reason ? { reason: o.reason } : {}), ...(o.message ? { message: o.message } : {}),
      conditions: o.conditions ?? [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: statuses.map((s) => ({ name: s.name, ready: s.ready ?? true, restartCount: s.restartCount ?? 0, state: s.state ?? { running: { startedAt: ago(5) } }, ...(s.lastState ? { lastState: s.lastState } : {}) })),
    },
  } as KubeObject;
}

export function service(ns: string, name: string, selector: Record<string, string>, ports: any[] = [{ name: "http", port: 80, targetPort: 8080 }], clusterIP = "10.96.0.50"): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: meta("Service", ns, name), spec: { selector, ports, clusterIP, type: "ClusterIP" } } as KubeObject;
}

export function endpoints(ns: string, name: string, ready: string[], notReady: string[] = []): KubeObject {
  const subsets = ready.length || notReady.length ? [{ addresses: ready.map((ip) => ({ ip })), notReadyAddresses: notReady.map((ip) => ({ ip })), ports: [{ port: 8080 }] }] : [];
  return { apiVersion: "v1", kind: "Endpoints", metadata: meta("Endpoints", ns, name), subsets } as KubeObject;
}

export function configMap(ns: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta("ConfigMap", ns, name), data } as KubeObject;
}

export function node(name: string, o: { labels?: Record<string, string>; conditions?: any[]; taints?: any[]; allocatable?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: "v1", kind: "Node", metadata: meta("Node", undefined, name, { labels: { "kubernetes.io/hostname": name, ...o.labels } }),
    spec: { taints: o.taints }, status: { conditions: o.conditions ?? [{ type: "Ready", status: "True" }], allocatable: o.allocatable ?? { cpu: "4", memory: "16Gi" } },
  } as KubeObject;
}

export function event(involved: KubeObject | ResourceRef, reason: string, message: string, o: { type?: string; count?: number; minAgo?: number; fieldPath?: string } = {}): EventSummary & { kubectl: string } {
  const ref = "metadata" in involved ? { kind: involved.kind, namespace: (involved as KubeObject).metadata.namespace, name: (involved as KubeObject).metadata.name } : involved;
  return { type: o.type ?? "Warning", reason, message, count: o.count ?? 1, firstTimestamp: ago((o.minAgo ?? 10) + 5), lastTimestamp: ago(o.minAgo ?? 10), involvedObject: { ...ref, ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}) }, kubectl: `kubectl get events -n ${ref.namespace} --field-selector involvedObject.name=${ref.name}` };
}

export function log(p: KubeObject, container: string, text: string, previous = false): LogsData & { kubectl: string } {
  return { namespace: p.metadata.namespace!, pod: p.metadata.name, container, previous, text, truncated: false, kubectl: `kubectl logs ${p.metadata.name} -n ${p.metadata.namespace} -c ${container}${previous ? " --previous" : ""}` };
}

export function alertFor(target: ResourceRef | undefined, alertname = "KubePodCrashLooping", extra: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    source: "alertmanager", fingerprint: "fp1", status: "firing", alertname, cluster: "prod", namespace: target?.namespace ?? (target?.kind === "Namespace" ? target.name : undefined), target,
    labels: { alertname }, annotations: {}, startsAt: ago(15), receivedAt: ago(14), links: [], ...extra,
  };
}

export interface Fixture {
  objects: KubeObject[];
  target: ResourceRef;
  logs?: (LogsData & { kubectl: string })[];
  events?: (EventSummary & { kubectl: string })[];
  rollouts?: (RolloutHistoryData & { kubectl: string })[];
  evidence?: Partial<EvidenceBundle>;
  alert?: NormalizedAlert;
  /** Objects read outside the walk (namespace pods, nodes...). */
  extra?: KubeObject[];
}

/** Graph from the fake agent's walk over the objects + hand-built evidence → an AnalysisContext. */
export function contextOf(f: Fixture): AnalysisContext {
  const agent = new ScenarioAgent(f.objects, new Map());
  const graph = agent.discover(f.target);
  const evidence: EvidenceBundle = { ...emptyEvidence(), ...f.evidence, logs: f.logs ?? [], events: f.events ?? [], rollouts: f.rollouts ?? [], objects: (f.extra ?? []).map((o) => ({ object: o, kubectl: "kubectl get" })) };
  return new AnalysisContext({ alert: f.alert ?? alertFor(f.target), graph, evidence, now: new Date(NOW) });
}

export const refOf = (o: KubeObject): ResourceRef => ({ kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name });
