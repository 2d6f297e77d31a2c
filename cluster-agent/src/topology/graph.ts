/** Builds a TopologyGraph: nodes keyed by refId, sanitized objects, de-duplicated edges, warnings. */
import {
  maskText, refId, sanitizeObject, type EdgeType, type KubeObject, type ResourceRef, type TopologyEdge, type TopologyGraph, type TopologyNode,
} from "../../../shared/src/index.js";

export function refOf(o: KubeObject): ResourceRef {
  return o.metadata.namespace ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name } : { kind: o.kind, name: o.metadata.name };
}

export class GraphBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  private readonly warnings: string[] = [];
  root = "";

  /** Adds (or completes) the node of an object read from the API; returns its id. */
  add(o: KubeObject): string {
    const ref = refOf(o);
    const id = refId(ref);
    const existing = this.nodes.get(id);
    if (!existing || !existing.object) this.nodes.set(id, { id, ref, object: sanitizeObject(o) });
    return id;
  }

  /** A node known only by reference: not read (no permission, over a cap) or, with `missing`, absent. */
  addRef(ref: ResourceRef, missing = false): string {
    const id = refId(ref);
    const existing = this.nodes.get(id);
    if (!existing) this.nodes.set(id, { id, ref, ...(missing ? { missing: true } : {}) });
    return id;
  }

  addMissing(ref: ResourceRef): string {
    return this.addRef(ref, true);
  }

  /** Objects of one kind read so far. */
  objects(kind: string): KubeObject[] {
    return [...this.nodes.values()].filter((n) => n.ref.kind === kind && n.object).map((n) => n.object as KubeObject);
  }

  has(ref: ResourceRef): boolean {
    return this.nodes.has(refId(ref));
  }

  edge(from: string, to: string, type: EdgeType, detail?: string): void {
    const key = `${from}|${to}|${type}|${detail ?? ""}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, type, ...(detail ? { detail } : {}) });
  }

  warn(message: string): void {
    const masked = maskText(message); // API messages are quoted in warnings: mask like everything else that leaves
    if (!this.warnings.includes(masked)) this.warnings.push(masked);
  }

  build(): TopologyGraph {
    return { root: this.root, nodes: [...this.nodes.values()], edges: [...this.edges.values()], warnings: [...this.warnings] };
  }
}
