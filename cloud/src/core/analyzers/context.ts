/** AnalysisContext: the graph and evidence of one investigation with the lookups every analyzer needs. */
import { refId, type EventSummary, type KubeObject, type NormalizedAlert, type ResourceRef, type TopologyGraph } from "../../../../shared/src/index.js";
import { isPodUnhealthy, labelsMatch, refOf, WORKLOAD_KINDS } from "./kube.js";
import type { AnalysisInput, EvidenceBundle, Sourced } from "./types.js";
import type { LogsData } from "../../../../shared/src/index.js";

export class AnalysisContext {
  readonly alert: NormalizedAlert;
  readonly graph: TopologyGraph;
  readonly evidence: EvidenceBundle;
  readonly now: Date;
  private readonly byId = new Map<string, KubeObject>();
  private readonly missing = new Set<string>();

  constructor(input: AnalysisInput) {
    this.alert = input.alert;
    this.graph = input.graph;
    this.evidence = input.evidence;
    this.now = input.now;
    const addGraph = (g: TopologyGraph) => {
      for (const n of g.nodes) {
        if (n.object && !this.byId.has(n.id)) this.byId.set(n.id, n.object as KubeObject);
        if (n.missing && !n.object) this.missing.add(n.id);
      }
    };
    addGraph(input.graph);
    for (const o of input.evidence.objects) {
      const id = refId(refOf(o.object as KubeObject));
      if (!this.byId.has(id)) this.byId.set(id, o.object as KubeObject);
    }
    for (const d of input.evidence.dependencies) addGraph(d.graph);
  }

  /** The resource the investigation started from. */
  get rootRef(): ResourceRef | undefined {
    return this.graph.nodes.find((n) => n.id === this.graph.root)?.ref;
  }

  get(ref: ResourceRef | string): KubeObject | undefined {
    return this.byId.get(typeof ref === "string" ? ref : refId(ref));
  }

  /** Referenced (by the walk) but absent from the cluster. */
  isMissing(ref: ResourceRef): boolean {
    if (this.missing.has(refId(ref))) return true;
    return this.evidence.lookups.some((l) => !l.found && refId(l.service) === refId(ref));
  }

  objects(kind?: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.byId.values()) {
      if (kind && o.kind !== kind) continue;
      if (namespace && o.metadata.namespace !== namespace) continue;
      out.push(o);
    }
    return out;
  }

  /** Objects of the main graph only (not dependencies or extra reads). */
  graphObjects(kind?: string): KubeObject[] {
    return this.graph.nodes.filter((n) => n.object && (!kind || n.ref.kind === kind)).map((n) => n.object as KubeObject);
  }

  /** Follow controller ownerReferences up to the top object we can see (Pod → ReplicaSet → Deployment; Job → CronJob). */
  topOwner(o: KubeObject): ResourceRef {
    let cur: ResourceRef = refOf(o);
    let obj: KubeObject | undefined = o;
    for (let i = 0; i < 5 && obj; i++) {
      const owner = (obj.metadata.ownerReferences ?? []).find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
      if (!owner) break;
      cur = { kind: owner.kind, namespace: obj.metadata.namespace, name: owner.name };
      obj = this.get(cur);
      // A ReplicaSet we did not read still names its Deployment by its name minus the pod-template-hash.
      if (!obj && cur.kind === "ReplicaSet") {
        const dep = cur.name.replace(/-[a-z0-9]{6,10}$/, "");
        const d = this.get({ kind: "Deployment", namespace: cur.namespace, name: dep });
        if (d) return refOf(d);
      }
    }
    return cur;
  }

  /** The workload the alert is about (Deployment/StatefulSet/DaemonSet/Job/CronJob), when there is one. */
  targetWorkload(): ResourceRef | undefined {
    const root = this.rootRef;
    if (!root) return undefined;
    const obj = this.get(root);
    if (WORKLOAD_KINDS.includes(root.kind)) return obj ? this.topOwner(obj) : root;
    if (obj && (root.kind === "Pod" || root.kind === "ReplicaSet")) return this.topOwner(obj);
    if (root.kind === "HorizontalPodAutoscaler" && obj?.spec?.scaleTargetRef) {
      return { kind: obj.spec.scaleTargetRef.kind, namespace: root.namespace, name: obj.spec.scaleTargetRef.name };
    }
    // Service/Ingress/PVC/Namespace: the one workload owning the focus pods, if unique.
    const owners = new Map<string, ResourceRef>();
    for (const p of this.focusPods()) {
      const o = this.topOwner(p);
      if (o.kind !== "Pod") owners.set(refId(o), o);
    }
    return owners.size === 1 ? [...owners.values()][0] : undefined;
  }

  /** All pods of the main graph. */
  pods(): KubeObject[] {
    return this.graphObjects("Pod");
  }

  podsOf(workload: ResourceRef): KubeObject[] {
    return this.objects("Pod", workload.namespace).filter((p) => refId(this.topOwner(p)) === refId(workload));
  }

  /** The pods the alert is about: the alerting pod and its siblings, the workload's pods, the service's pods, the node's pods. */
  focusPods(): KubeObject[] {
    const root = this.rootRef;
    const all = this.pods();
    if (!root) return all;
    const obj = this.get(root);
    if (root.kind === "Pod") {
      if (!obj) return all;
      const owner = this.topOwner(obj);
      return owner.kind === "Pod" ? [obj] : this.podsOf(owner);
    }
    if (WORKLOAD_KINDS.includes(root.kind) || root.kind === "ReplicaSet") {
      const pods = obj ? all.filter((p) => {
        const chain = this.ownerChain(p);
        return chain.some((r) => refId(r) === refId(root));
      }) : [];
      return pods.length ? pods : all;
    }
    if (root.kind === "Service" && obj?.spec?.selector) {
      const sel = all.filter((p) => labelsMatch(obj.spec.selector, p.metadata.labels));
      return sel.length ? sel : all;
    }
    if (root.kind === "Node") return all.filter((p) => p.spec?.nodeName === root.name);
    const wl = root.kind === "HorizontalPodAutoscaler" ? this.targetWorkload() : undefined;
    if (wl) return this.podsOf(wl);
    return all;
  }

  ownerChain(o: KubeObject): ResourceRef[] {
    const chain: ResourceRef[] = [];
    let obj: KubeObject | undefined = o;
    for (let i = 0; i < 5 && obj; i++) {
      const owner = (obj.metadata.ownerReferences ?? []).find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
      if (!owner) break;
      const ref = { kind: owner.kind, namespace: obj.metadata.namespace, name: owner.name };
      chain.push(ref);
      obj = this.get(ref);
    }
    return chain;
  }

  unhealthyPods(pods = this.focusPods()): KubeObject[] {
    return pods.filter(isPodUnhealthy);
  }

  events(): Sourced<EventSummary>[] {
    return this.evidence.events;
  }

  eventsFor(ref: ResourceRef, reason?: string | RegExp): Sourced<EventSummary>[] {
    return this.evidence.events.filter(
      (e) =>
        e.involvedObject.name === ref.name &&
        e.involvedObject.kind === ref.kind &&
        (e.involvedObject.namespace ?? "") === (ref.namespace ?? "") &&
        (reason === undefined || (typeof reason === "string" ? e.reason === reason : reason.test(e.reason))),
    );
  }

  logsOf(pod: KubeObject, container?: string, previous?: boolean): Sourced<LogsData>[] {
    return this.evidence.logs.filter(
      (l) => l.pod === pod.metadata.name && l.namespace === pod.metadata.namespace && (container === undefined || l.container === container) && (previous === undefined || l.previous === previous),
    );
  }

  /** Logs of the focus pods (current and previous). */
  focusLogs(): Sourced<LogsData>[] {
    const names = new Set(this.focusPods().map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    return this.evidence.logs.filter((l) => names.has(`${l.namespace}/${l.pod}`));
  }
}
