/**
 * The discovered topology as a server-rendered SVG: one column per layer of the object graph (ingress →
 * services → workloads → replica sets/jobs → pods → config and storage → nodes and cluster objects), edges
 * labeled with their type, the culprit outlined in red, objects that are referenced but missing drawn dashed.
 * All text goes through escapeHtml (via the html template).
 */
import { parseRefId, refId, type ResourceRef, type TopologyGraph } from "../../../../shared/src/index.js";
import { html, type SafeHtml } from "./html.js";

const COLUMN_OF: Record<string, number> = {
  Ingress: 0, IngressClass: 0,
  Service: 1, Endpoints: 1, EndpointSlice: 1, HorizontalPodAutoscaler: 1, PodDisruptionBudget: 1, NetworkPolicy: 1,
  Deployment: 2, StatefulSet: 2, DaemonSet: 2, CronJob: 2,
  ReplicaSet: 3, Job: 3,
  Pod: 4,
  ConfigMap: 5, Secret: 5, PersistentVolumeClaim: 5, ServiceAccount: 5,
  Node: 6, PersistentVolume: 6, StorageClass: 6, ResourceQuota: 6, LimitRange: 6, Namespace: 6,
};
const NODE_W = 190;
const NODE_H = 44;
const COL_GAP = 90;
const ROW_GAP = 22;
const PAD = 20;

/** Middle ellipsis: sibling pods differ only in their suffix, so keep both ends. */
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, Math.ceil((n - 1) / 2))}…${s.slice(s.length - Math.floor((n - 1) / 2))}` : s);

export interface TopologySvgOptions {
  culprit?: ResourceRef;
  /** The alert's target (outlined in blue). */
  target?: ResourceRef;
  maxNodes?: number;
}

export function topologySvg(graph: TopologyGraph, opts: TopologySvgOptions = {}): SafeHtml {
  const culpritId = opts.culprit ? refId(opts.culprit) : undefined;
  const targetId = opts.target ? refId(opts.target) : undefined;
  const max = opts.maxNodes ?? 60;
  // Edges may name nodes the walk did not list (missing references): draw them too.
  const ids = new Map<string, { id: string; ref: ResourceRef; missing: boolean }>();
  for (const n of graph.nodes) ids.set(n.id, { id: n.id, ref: n.ref, missing: !!n.missing });
  for (const e of graph.edges) {
    for (const id of [e.from, e.to]) {
      if (ids.has(id)) continue;
      try {
        ids.set(id, { id, ref: parseRefId(id), missing: e.type === "missing-reference" && id === e.to });
      } catch {
        /* an id that is not a ref: skip it */
      }
    }
  }
  // Keep the culprit, the target and the root when trimming a large graph.
  const keep = new Set([culpritId, targetId, graph.root].filter((x): x is string => !!x));
  const all = [...ids.values()];
  const shown = all.length <= max ? all : [...all.filter((n) => keep.has(n.id)), ...all.filter((n) => !keep.has(n.id)).slice(0, max - keep.size)];
  const hidden = all.length - shown.length;

  const columns = new Map<number, typeof shown>();
  for (const n of shown) {
    const c = COLUMN_OF[n.ref.kind] ?? 6;
    if (!columns.has(c)) columns.set(c, []);
    columns.get(c)!.push(n);
  }
  const usedCols = [...columns.keys()].sort((a, b) => a - b);
  const pos = new Map<string, { x: number; y: number }>();
  let maxRows = 0;
  usedCols.forEach((c, ci) => {
    const col = columns.get(c)!.sort((a, b) => (a.ref.kind + a.ref.name).localeCompare(b.ref.kind + b.ref.name));
    maxRows = Math.max(maxRows, col.length);
    col.forEach((n, ri) => pos.set(n.id, { x: PAD + ci * (NODE_W + COL_GAP), y: PAD + ri * (NODE_H + ROW_GAP) }));
  });
  const width = PAD * 2 + Math.max(1, usedCols.length) * NODE_W + Math.max(0, usedCols.length - 1) * COL_GAP;
  const height = PAD * 2 + Math.max(1, maxRows) * NODE_H + Math.max(0, maxRows - 1) * ROW_GAP + (hidden ? 24 : 0);

  const edges = graph.edges.filter((e) => pos.has(e.from) && pos.has(e.to)).map((e, i) => {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    let x1: number, x2: number;
    if (a.x < b.x) { x1 = a.x + NODE_W; x2 = b.x; } else if (a.x > b.x) { x1 = a.x; x2 = b.x + NODE_W; } else { x1 = a.x + NODE_W; x2 = b.x + NODE_W; }
    const y1 = a.y + NODE_H / 2;
    const y2 = b.y + NODE_H / 2;
    const bend = a.x === b.x ? 40 : 0;
    const d = `M${x1},${y1} C${(x1 + x2) / 2 + bend},${y1} ${(x1 + x2) / 2 + bend},${y2} ${x2},${y2}`;
    const mx = (x1 + x2) / 2 + bend * 0.75;
    const my = (y1 + y2) / 2 - 4;
    const cls = `edge edge-${e.type}${e.type === "missing-reference" ? " missing" : ""}`;
    return html`<g class="${cls}" data-edge="${String(i)}"><title>${e.from} ${e.type} ${e.to}${e.detail ? ` (${e.detail})` : ""}</title><path d="${d}" marker-end="url(#arrow)"/><text x="${String(mx)}" y="${String(my)}" text-anchor="middle">${e.type}</text></g>`;
  });

  const nodes = shown.map((n) => {
    const p = pos.get(n.id)!;
    const classes = ["node", `kind-${n.ref.kind.toLowerCase()}`];
    if (n.missing) classes.push("missing");
    if (n.id === culpritId) classes.push("culprit");
    if (n.id === targetId) classes.push("target");
    const label = n.id === culpritId ? "culprit · " : n.missing ? "missing · " : "";
    return html`<g class="${classes.join(" ")}" data-id="${n.id}" transform="translate(${String(p.x)},${String(p.y)})"><title>${n.ref.kind} ${n.ref.namespace ? `${n.ref.namespace}/` : ""}${n.ref.name}${n.missing ? " (does not exist)" : ""}</title><rect width="${String(NODE_W)}" height="${String(NODE_H)}" rx="6"/><text class="kind" x="10" y="16">${label}${n.ref.kind}</text><text class="name" x="10" y="34">${short(n.ref.name, 26)}</text></g>`;
  });
  const more = hidden ? html`<text class="more" x="${String(PAD)}" y="${String(height - 8)}">${hidden} more objects not drawn</text>` : "";
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="topology" role="img" aria-label="topology of the investigated resources" width="${String(width)}" height="${String(height)}" viewBox="0 0 ${String(width)} ${String(height)}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${edges}${nodes}${more}</svg>`;
}
