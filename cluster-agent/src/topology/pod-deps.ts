/** What a pod depends on: ConfigMaps/Secrets (and their keys), PVC → PV → StorageClass, its Node, its ServiceAccount. */
import { refId, type KubeObject, type ResourceRef } from "../../../shared/src/index.js";
import type { WalkContext } from "./context.js";
import { refOf } from "./graph.js";
import { claimReferences, configReferences, isPodFailing } from "./pods.js";

/** Nodes read in full per walk (the target's and failing pods'); others are linked by name only. */
const MAX_NODES_READ = 2;

/** `maxNodes`: Node objects read in full (the target's and failing pods' first); the others are linked by name. */
export async function walkPodDependencies(ctx: WalkContext, pods: KubeObject[], targetPod?: string, maxNodes = MAX_NODES_READ): Promise<void> {
  await Promise.all(pods.map((p) => configOf(ctx, p)));
  await Promise.all(pods.map((p) => claimsOf(ctx, p)));
  await serviceAccounts(ctx, pods);
  await nodesOf(ctx, pods, targetPod, maxNodes);
}

async function configOf(ctx: WalkContext, pod: KubeObject): Promise<void> {
  const ns = pod.metadata.namespace!;
  const pid = refId(refOf(pod));
  for (const ref of configReferences(pod.spec)) {
    const r: ResourceRef = { kind: ref.kind, namespace: ns, name: ref.name };
    if (ref.kind === "Secret" && !ctx.secrets.allowed) {
      ctx.g.warn(`cannot verify Secret ${ns}/${ref.name} (no permission)`);
      ctx.g.edge(pid, ctx.g.addRef(r), "references", ref.how);
      continue;
    }
    const o = await ctx.lookup(r);
    if (o === null) {
      if (!ref.optional) ctx.g.edge(pid, ctx.g.addMissing(r), "missing-reference", ref.how);
      continue;
    }
    if (o === undefined) {
      ctx.g.edge(pid, ctx.g.addRef(r), "references", ref.how);
      continue;
    }
    const id = ctx.g.add(o);
    const type = ref.how.startsWith("volume") ? "mounts" : "references";
    ctx.g.edge(pid, id, type, ref.how);
    const present = new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {})]);
    for (const k of ref.keys) if (!present.has(k) && !ref.optional) ctx.g.edge(pid, id, "missing-reference", `${ref.how}: key missing: ${k}`);
  }
}

async function claimsOf(ctx: WalkContext, pod: KubeObject): Promise<void> {
  const ns = pod.metadata.namespace!;
  const pid = refId(refOf(pod));
  for (const { claim, volume } of claimReferences(pod.spec)) {
    const ref = { kind: "PersistentVolumeClaim", namespace: ns, name: claim };
    const pvc = await ctx.lookup(ref);
    if (pvc === null) {
      ctx.g.edge(pid, ctx.g.addMissing(ref), "missing-reference", `volume ${volume}`);
      continue;
    }
    if (!pvc) {
      ctx.g.edge(pid, ctx.g.addRef(ref), "mounts", `volume ${volume}`);
      continue;
    }
    ctx.g.edge(pid, ctx.g.add(pvc), "mounts", `volume ${volume}`);
    await walkClaim(ctx, pvc);
  }
}

/** PVC → PV (bound-to) and → StorageClass (uses-storage-class; a named class that does not exist is a missing node). */
export async function walkClaim(ctx: WalkContext, pvc: KubeObject): Promise<void> {
  const cid = ctx.g.add(pvc);
  const volumeName: string | undefined = pvc.spec?.volumeName;
  let pv: KubeObject | null | undefined;
  if (volumeName) {
    const ref = { kind: "PersistentVolume", name: volumeName };
    pv = await ctx.lookup(ref);
    ctx.g.edge(cid, pv ? ctx.g.add(pv) : pv === null ? ctx.g.addMissing(ref) : ctx.g.addRef(ref), pv === null ? "missing-reference" : "bound-to", "spec.volumeName");
  }
  const scName: string | undefined = pvc.spec?.storageClassName || pv?.spec?.storageClassName;
  if (!scName) return;
  const ref = { kind: "StorageClass", name: scName };
  const sc = await ctx.lookup(ref);
  if (sc === null) {
    ctx.g.edge(cid, ctx.g.addMissing(ref), "missing-reference", `storageClassName ${scName}`);
    // Which classes do exist (and which is default) is what the fix needs; the list is small and cluster-scoped.
    for (const other of (await ctx.list("StorageClass", undefined, { limit: 50 })) ?? []) ctx.g.add(other);
    return;
  }
  const sid = sc ? ctx.g.add(sc) : ctx.g.addRef(ref);
  ctx.g.edge(cid, sid, "uses-storage-class");
  if (pv) ctx.g.edge(refId(refOf(pv)), sid, "uses-storage-class");
}

async function serviceAccounts(ctx: WalkContext, pods: KubeObject[]): Promise<void> {
  const names = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const key = `${p.metadata.namespace}/${p.spec?.serviceAccountName ?? "default"}`;
    names.set(key, [...(names.get(key) ?? []), p]);
  }
  await Promise.all([...names].map(async ([key, ps]) => {
    const [namespace, name] = key.split("/") as [string, string];
    const ref = { kind: "ServiceAccount", namespace, name };
    const sa = await ctx.lookup(ref);
    // "default" is created by the cluster in every namespace (snapshots often omit it): absent means not captured.
    const missing = sa === null && name !== "default";
    const id = sa ? ctx.g.add(sa) : missing ? ctx.g.addMissing(ref) : ctx.g.addRef(ref);
    for (const p of ps) ctx.g.edge(refId(refOf(p)), id, missing ? "missing-reference" : "uses-service-account", "serviceAccountName");
  }));
}

async function nodesOf(ctx: WalkContext, pods: KubeObject[], targetPod: string | undefined, maxNodes: number): Promise<void> {
  const order = [...pods].sort((a, b) => Number(b.metadata.name === targetPod) - Number(a.metadata.name === targetPod) || Number(isPodFailing(b)) - Number(isPodFailing(a)));
  const read = new Set<string>();
  for (const p of order) {
    const name: string | undefined = p.spec?.nodeName;
    if (!name) continue;
    const ref = { kind: "Node", name };
    let id: string;
    if (ctx.g.has(ref) || read.size >= maxNodes) id = ctx.g.addRef(ref);
    else {
      read.add(name);
      const n = await ctx.lookup(ref);
      id = n ? ctx.g.add(n) : n === null ? ctx.g.addMissing(ref) : ctx.g.addRef(ref);
    }
    ctx.g.edge(refId(refOf(p)), id, "scheduled-on");
  }
}
