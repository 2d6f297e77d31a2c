import { KubesleuthError, type KubeObject, type PodLogs, type ScenarioMeta } from "../../../shared/src/index.js";
import { loadScenario } from "../loader.js";
import { GenContext, buildNamespace, buildNode, event, type NodeInfo } from "./builders.js";
import { createRng } from "./rng.js";
import { NAMESPACE_SUFFIXES, NAMESPACE_WORDS, WORKLOAD_ROLES } from "./vocabulary.js";
import { buildCronJob, buildDaemonSet, buildDeployment, buildStatefulSet, type Placement } from "./workloads.js";

/**
 * Large-cluster generator for the benchmarks: a realistic busy cluster (many namespaces of Deployments,
 * StatefulSets, CronJobs, node DaemonSets, Services/Endpoints/EndpointSlices, ConfigMaps, events, metrics)
 * with one scenario embedded unchanged. The generated part never shares a namespace or a node name with the
 * embedded scenario, so the resources related to the alert are exactly the scenario's: an investigation's
 * API request count must not move when the cluster grows around it.
 */
export interface GenerateOptions {
  /** Pods the generated part holds (the embedded scenario's pods come on top). */
  pods: number;
  /** Application namespaces to spread them over (default grows with `pods`). */
  namespaces?: number;
  seed: number;
  /** Scenario folder to embed. */
  embed?: string;
  /** Clock when nothing is embedded (default 2026-11-20T03:00:00Z); an embedded scenario's `now` wins. */
  now?: string;
}

export interface EmbeddedScenario {
  meta: ScenarioMeta;
  objects: KubeObject[];
  logs: Map<string, PodLogs>;
}

export interface GeneratedCluster {
  objects: KubeObject[];
  logs: Map<string, PodLogs>;
  /** The embedded scenario's meta, when one was embedded. */
  meta?: ScenarioMeta;
  stats: { generatedPods: number; nodes: number; namespaces: number; objects: number };
}

const DEFAULT_NOW = "2026-11-20T03:00:00Z";
/** Share of application pods that crash-loop as background noise. */
const NOISE_RATE = 0.01;

export async function generateCluster(opts: GenerateOptions): Promise<GeneratedCluster> {
  const embedded = opts.embed ? await loadScenario(opts.embed) : undefined;
  return generateClusterWith(opts, embedded);
}

/** Synchronous core (the scenario, if any, already loaded). */
export function generateClusterWith(opts: Omit<GenerateOptions, "embed">, embedded?: EmbeddedScenario): GeneratedCluster {
  if (!Number.isInteger(opts.pods) || opts.pods < 1) throw new KubesleuthError("BAD_REQUEST", `pods must be a positive integer, got ${opts.pods}`);
  if (opts.namespaces !== undefined && (!Number.isInteger(opts.namespaces) || opts.namespaces < 1)) {
    throw new KubesleuthError("BAD_REQUEST", `namespaces must be a positive integer, got ${opts.namespaces}`);
  }
  const now = new Date(embedded?.meta.now ?? opts.now ?? DEFAULT_NOW);
  if (Number.isNaN(now.getTime())) throw new KubesleuthError("BAD_REQUEST", `now is not a timestamp: ${opts.now}`);
  const ctx = new GenContext(createRng(opts.seed), now);
  const rng = ctx.rng;

  const takenNamespaces = new Set<string>();
  const takenNodes = new Set<string>();
  for (const o of embedded?.objects ?? []) {
    if (o.metadata.namespace) takenNamespaces.add(o.metadata.namespace);
    if (o.kind === "Namespace") takenNamespaces.add(o.metadata.name);
    if (o.kind === "Node" || o.kind === "NodeMetrics") takenNodes.add(o.metadata.name);
  }
  for (const key of embedded?.logs.keys() ?? []) takenNamespaces.add(key.split("/")[0]!);

  // Nodes: ~28 pods per node, like a real cluster packed at a comfortable density.
  const nodeCount = Math.max(3, Math.ceil(opts.pods / 28));
  const nodes: NodeInfo[] = [];
  for (let i = 0; nodes.length < nodeCount; i++) {
    const node = buildNode(ctx, i, takenNodes);
    if (node) nodes.push(node);
  }
  const placement: Placement = { nodes, cursor: 0 };
  let remaining = opts.pods;
  const namespaces: string[] = [];

  // System namespaces: node agents on every node, cluster DNS. Skipped when the scenario owns the namespace
  // or when they would eat more than half the pod budget (tiny clusters).
  const system: Array<{ ns: string; ds: Array<[string, string]> }> = [
    { ns: "kube-system", ds: [["kube-proxy", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.31.7-minimal-eksbuild.2"], ["aws-node", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.4-eksbuild.1"]] },
    { ns: "monitoring", ds: [["node-exporter", "quay.io/prometheus/node-exporter:v1.9.1"]] },
  ];
  for (const { ns, ds } of system) {
    if (takenNamespaces.has(ns)) continue;
    const cost = ds.length * nodes.length;
    if (remaining - cost < opts.pods / 2) continue;
    buildNamespace(ctx, ns, "platform");
    namespaces.push(ns);
    takenNamespaces.add(ns);
    for (const [name, image] of ds) remaining -= buildDaemonSet(ctx, nodes, ns, name, image);
  }

  // Application namespaces, named from team words; never one the scenario uses.
  const nsCount = opts.namespaces ?? Math.min(150, Math.max(3, Math.round(opts.pods / 45)));
  const candidates: string[] = [];
  for (const suffix of NAMESPACE_SUFFIXES) for (const word of NAMESPACE_WORDS) candidates.push(`${word}${suffix}`);
  const appNamespaces: string[] = [];
  for (let i = 0; appNamespaces.length < nsCount; i++) {
    const base = i < candidates.length ? candidates[i]! : `${candidates[i % candidates.length]}-${Math.floor(i / candidates.length) + 1}`;
    if (takenNamespaces.has(base)) continue;
    takenNamespaces.add(base);
    appNamespaces.push(base);
    buildNamespace(ctx, base, base.split("-")[0]!);
  }
  namespaces.push(...appNamespaces);

  // Fill the pod budget round-robin over namespaces, so each gets a mix of workloads.
  const usedNames = new Map<string, Set<string>>(appNamespaces.map((ns) => [ns, new Set<string>()]));
  const workloadName = (ns: string): string => {
    const used = usedNames.get(ns)!;
    const word = ns.split("-")[0]!;
    for (let attempt = 0; ; attempt++) {
      const role = rng.pick(WORKLOAD_ROLES);
      const name = attempt < 20 ? `${word}-${role}` : `${word}-${role}-${attempt}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  for (let i = 0; remaining > 0; i++) {
    const ns = appNamespaces[i % appNamespaces.length]!;
    const roll = rng.next();
    if (roll < 0.08) {
      remaining -= buildStatefulSet(ctx, placement, ns, workloadName(ns), Math.min(remaining, rng.int(1, 3)));
    } else if (roll < 0.14) {
      remaining -= buildCronJob(ctx, placement, ns, workloadName(ns), Math.min(remaining, rng.int(1, 3)));
    } else {
      remaining -= buildDeployment(ctx, placement, ns, workloadName(ns), Math.min(remaining, rng.int(1, 6)), NOISE_RATE);
    }
  }

  // A few node-level Normal events, as a live cluster always has some.
  for (const node of nodes.slice(0, Math.min(nodes.length, 10))) {
    const obj = ctx.objects.find((o) => o.kind === "Node" && o.metadata.name === node.name)!;
    event(ctx, obj, "Normal", "RegisteredNode", `Node ${node.name} event: Registered Node ${node.name} in Controller`, "node-controller", 1_800, 1_800);
  }

  const generatedPods = opts.pods - remaining;
  const objects = embedded ? mergeEmbedded(ctx.objects, embedded.objects) : ctx.objects;
  const logs = new Map(ctx.logs);
  for (const [key, value] of embedded?.logs ?? []) {
    if (logs.has(key)) throw new KubesleuthError("INTERNAL", `generator: PodLogs ${key} collides with the embedded scenario`);
    logs.set(key, value);
  }
  return {
    objects,
    logs,
    ...(embedded ? { meta: embedded.meta } : {}),
    stats: { generatedPods, nodes: nodes.length, namespaces: namespaces.length, objects: objects.length },
  };
}

export function objectKey(o: KubeObject): string {
  return `${o.apiVersion.split("/")[0]}|${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

function mergeEmbedded(generated: KubeObject[], embedded: KubeObject[]): KubeObject[] {
  const keys = new Set(generated.map(objectKey));
  for (const o of embedded) {
    if (keys.has(objectKey(o))) throw new KubesleuthError("INTERNAL", `generator: ${objectKey(o)} collides with the embedded scenario`);
  }
  return [...generated, ...embedded];
}
