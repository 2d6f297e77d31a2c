import type { KubeObject, PodLogs } from "../../../shared/src/index.js";
import { Clock } from "./clock.js";
import { intFor, uidFor } from "./ids.js";

export type Obj = KubeObject;
export type Labels = Record<string, string>;

export interface MetaOpts {
  createdAgo: number;
  labels?: Labels;
  annotations?: Record<string, string>;
  owner?: Obj;
  generation?: number;
  generateName?: string;
  finalizers?: string[];
  managedFields?: ManagedField[];
}

export interface ManagedField {
  manager: string;
  operation: "Update" | "Apply";
  /** Seconds before now. */
  ago: number;
  apiVersion?: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/**
 * One scenario's cluster under construction: the clock, the objects in the order the API server would list
 * them (by kind then name when written), the PodLogs fixtures and the counters that keep resourceVersions and
 * pod IPs plausible. Builders in the other factory files take a Cluster as their first argument.
 */
export class Cluster {
  readonly clock: Clock;
  readonly objects: Obj[] = [];
  readonly logs: PodLogs[] = [];
  private rv: number;
  private readonly podIps = new Map<string, number>();

  /** `scenario` seeds every derived identity, `cluster` is the value of the alert's `cluster` label. */
  constructor(readonly scenario: string, now: string, readonly cluster: string) {
    this.clock = new Clock(now);
    this.rv = 1_000_000 + intFor(scenario, 0, 8_000_000);
  }

  ago(seconds: number): string {
    return this.clock.ago(seconds);
  }

  nextResourceVersion(): string {
    this.rv += intFor(`${this.scenario}/${this.rv}`, 1, 900);
    return String(this.rv);
  }

  uid(kind: string, namespace: string | undefined, name: string): string {
    return uidFor(kind, namespace, name, this.scenario);
  }

  /** ObjectMeta as the API server returns it (fields in kubectl's order). */
  meta(kind: string, namespace: string | undefined, name: string, o: MetaOpts): Obj["metadata"] {
    const m: Record<string, unknown> = {};
    if (o.annotations && Object.keys(o.annotations).length) m.annotations = o.annotations;
    m.creationTimestamp = this.ago(o.createdAgo);
    if (o.finalizers) m.finalizers = o.finalizers;
    if (o.generateName) m.generateName = o.generateName;
    if (o.generation !== undefined) m.generation = o.generation;
    if (o.labels && Object.keys(o.labels).length) m.labels = o.labels;
    if (o.managedFields) {
      m.managedFields = o.managedFields.map((f) => ({
        apiVersion: f.apiVersion ?? "v1", fieldsType: "FieldsV1", fieldsV1: f.fieldsV1, manager: f.manager, operation: f.operation,
        ...(f.subresource ? { subresource: f.subresource } : {}), time: this.ago(f.ago),
      }));
    }
    m.name = name;
    if (namespace) m.namespace = namespace;
    if (o.owner) m.ownerReferences = [ownerRef(o.owner)];
    m.resourceVersion = this.nextResourceVersion();
    m.uid = this.uid(kind, namespace, name);
    return m as Obj["metadata"];
  }

  add<T extends Obj>(o: T): T {
    if (this.find(o.kind, o.metadata.namespace, o.metadata.name)) {
      throw new Error(`${this.scenario}: duplicate ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`);
    }
    this.objects.push(o);
    return o;
  }

  find(kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.objects.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? "") === (namespace ?? ""));
  }

  get(kind: string, namespace: string | undefined, name: string): Obj {
    const o = this.find(kind, namespace, name);
    if (!o) throw new Error(`${this.scenario}: no ${kind} ${namespace ?? ""}/${name}`);
    return o;
  }

  list(kind: string, namespace?: string): Obj[] {
    return this.objects.filter((x) => x.kind === kind && (namespace === undefined || x.metadata.namespace === namespace));
  }

  /** Pods owned (controller ref) by `owner`. */
  podsOf(owner: Obj): Obj[] {
    return this.list("Pod", owner.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
  }

  /** Next pod IP inside the node's podCIDR (10.42.<n>.0/24), as the CNI would hand it out. */
  podIp(nodeName: string): string {
    const node = this.get("Node", undefined, nodeName);
    const cidr = String(node.spec.podCIDR ?? "10.42.0.0/24");
    const base = cidr.split("/")[0]!.split(".").slice(0, 3).join(".");
    const next = (this.podIps.get(nodeName) ?? intFor(`${this.scenario}/${nodeName}/ip`, 5, 40)) + intFor(`${this.scenario}/${nodeName}/${this.podIps.size}`, 1, 9);
    this.podIps.set(nodeName, next);
    return `${base}.${(next % 250) + 2}`;
  }
}

export function ownerRef(owner: Obj) {
  return { apiVersion: owner.apiVersion, blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid! };
}

/** Deep copy for templates that must not alias (the YAML writer would otherwise emit anchors). */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
