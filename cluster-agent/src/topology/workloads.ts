/** Ownership: from any object up to its top controller, and from a workload down to its pods (by selector). */
import { refId, type KubeObject, type ResourceRef } from "../../../shared/src/index.js";
import { kindInfo } from "../k8s/kinds.js";
import { selectorString } from "../selectors.js";
import type { WalkContext } from "./context.js";
import { refOf } from "./graph.js";

export const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]);
/** Pods listed per selector read; more is a warning, not a bigger read. */
const POD_LIST_LIMIT = 500;

export function controllerRef(o: KubeObject): { kind: string; name: string; uid: string } | undefined {
  const refs = o.metadata.ownerReferences ?? [];
  return (refs.find((r) => r.controller) ?? refs[0]) as any;
}

/** Climbs controller ownerReferences (Pod → ReplicaSet → Deployment, Pod → Job → CronJob); returns the top object read. */
export async function climbOwners(ctx: WalkContext, start: KubeObject, maxDepth = 4): Promise<KubeObject> {
  let cur = start;
  for (let i = 0; i < maxDepth; i++) {
    const owner = controllerRef(cur);
    if (!owner) break;
    const ns = cur.metadata.namespace;
    const ref: ResourceRef = kindInfo(owner.kind)?.namespaced === false || !ns ? { kind: owner.kind, name: owner.name } : { kind: owner.kind, namespace: ns, name: owner.name };
    const curId = ctx.g.add(cur);
    if (!kindInfo(owner.kind)) {
      // An operator's custom kind: named, not read (the agent reads only built-in kinds).
      ctx.g.edge(ctx.g.addRef(ref), curId, "owns");
      break;
    }
    const o = await ctx.lookup(ref);
    if (o === null) {
      ctx.g.warn(`${ref.kind} ${ref.name} owning ${cur.kind} ${cur.metadata.name} no longer exists`);
      ctx.g.edge(ctx.g.addRef(ref), curId, "owns");
      break;
    }
    if (!o) {
      ctx.g.edge(ctx.g.addRef(ref), curId, "owns");
      break;
    }
    ctx.g.edge(ctx.g.add(o), curId, "owns");
    cur = o;
  }
  ctx.g.add(cur);
  return cur;
}

/** The label selector query that lists a workload's children (pods, ReplicaSets); shared with rollout.history so the cache hits. */
export function workloadSelector(w: KubeObject): string | undefined {
  const s = selectorString(w.spec?.selector);
  return s ? s : undefined; // an empty selector would list the whole namespace
}

/** Pods of a workload (Deployment/StatefulSet/DaemonSet/ReplicaSet/Job/CronJob), with owner edges. */
export async function podsOfWorkload(ctx: WalkContext, w: KubeObject): Promise<KubeObject[]> {
  const ns = w.metadata.namespace;
  if (w.kind === "CronJob") return podsOfCronJob(ctx, w);
  const sel = workloadSelector(w);
  if (!sel) {
    ctx.g.warn(`${w.kind} ${w.metadata.name} has no usable selector: its pods were not listed`);
    return [];
  }
  if (w.kind === "Deployment") {
    const rss = (await ctx.list("ReplicaSet", ns, { labelSelector: sel })) ?? [];
    const wid = ctx.g.add(w);
    for (const rs of rss) {
      if (controllerRef(rs)?.uid !== w.metadata.uid) continue;
      // Only ReplicaSets that still run pods or are the newest matter to the graph; rollout.history reads the rest.
      if ((rs.status?.replicas ?? 0) > 0 || (rs.spec?.replicas ?? 0) > 0) ctx.g.edge(wid, ctx.g.add(rs), "owns");
    }
  }
  const pods = await listPods(ctx, ns, { labelSelector: sel }, `pods of ${w.kind.toLowerCase()}/${w.metadata.name}`);
  return pods.filter((p) => owned(ctx, p, w));
}

async function podsOfCronJob(ctx: WalkContext, cj: KubeObject): Promise<KubeObject[]> {
  const ns = cj.metadata.namespace;
  const jobs = ((await ctx.list("Job", ns, { limit: POD_LIST_LIMIT })) ?? []).filter((j) => controllerRef(j)?.uid === cj.metadata.uid);
  jobs.sort((a, b) => String(b.metadata.creationTimestamp ?? "").localeCompare(String(a.metadata.creationTimestamp ?? "")));
  const recent = jobs.slice(0, 3);
  const cid = ctx.g.add(cj);
  for (const j of recent) ctx.g.edge(cid, ctx.g.add(j), "owns");
  if (jobs.length > recent.length) ctx.g.warn(`${jobs.length - recent.length} older Jobs of cronjob/${cj.metadata.name} not included`);
  if (!recent.length) return [];
  const key = Object.keys(recent[0]!.spec?.selector?.matchLabels ?? {}).find((k) => k.endsWith("controller-uid"));
  const sel = key ? `${key} in (${recent.map((j) => j.metadata.uid).join(",")})` : `job-name in (${recent.map((j) => j.metadata.name).join(",")})`;
  const pods = await listPods(ctx, ns, { labelSelector: sel }, `pods of cronjob/${cj.metadata.name}`);
  return pods.filter((p) => recent.some((j) => owned(ctx, p, j)));
}

export async function listPods(ctx: WalkContext, ns: string | undefined, o: { labelSelector?: string; fieldSelector?: string }, what: string): Promise<KubeObject[]> {
  const res = await ctx.safe(what, () => ctx.r.list("Pod", ns, { ...o, limit: POD_LIST_LIMIT }));
  if (!res) return [];
  if (res.continue) ctx.g.warn(`more than ${POD_LIST_LIMIT} ${what}: only the first ${POD_LIST_LIMIT} were considered`);
  return res.items;
}

/** True when `p` is owned by `w` (directly, or through a ReplicaSet of a Deployment); adds the owner edge. */
function owned(ctx: WalkContext, p: KubeObject, w: KubeObject): boolean {
  const c = controllerRef(p);
  if (!c) return false;
  if (c.uid === w.metadata.uid) return true;
  if (w.kind === "Deployment" && c.kind === "ReplicaSet") return c.name.startsWith(`${w.metadata.name}-`); // <deployment>-<pod-template-hash>
  return false;
}

/** Adds pod → owner edges for the pods that made it into the graph. */
export function linkPodOwners(ctx: WalkContext, pods: KubeObject[]): void {
  for (const p of pods) {
    const c = controllerRef(p);
    if (!c) continue;
    const ref: ResourceRef = { kind: c.kind, namespace: p.metadata.namespace, name: c.name };
    ctx.g.edge(ctx.g.addRef(ref), refId(refOf(p)), "owns");
  }
}
