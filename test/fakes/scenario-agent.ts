/**
 * In-memory fake of the cluster agent over a loaded scenario's objects: answers the agent protocol
 * (topology.discover, logs, events, metrics, rollout history, config changes, get/list) for UNIT tests of the
 * core. Integration tests and the eval use the real agent against the emulator instead.
 */
import {
  AgentCommandSchema, refId, type AgentCommandInput, type AgentResult, type FieldChange, type KubeObject, type PodLogs,
  type ResourceRef, type TopologyEdge, type TopologyGraph, type TopologyNode,
} from "../../shared/src/index.js";
import type { ClusterGateway } from "../../cloud/src/core/ports.js";

const refOf = (o: KubeObject): ResourceRef => (o.metadata.namespace ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name } : { kind: o.kind, name: o.metadata.name });
const matches = (sel: Record<string, string> | undefined, labels: Record<string, string> | undefined) => !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);
function selMatches(sel: any, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = labels && e.key in labels;
    if (e.operator === "In" && !(has && e.values.includes(labels![e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels![e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

export class ScenarioAgent implements ClusterGateway {
  readonly byId = new Map<string, KubeObject>();
  calls: AgentCommandInput[] = [];
  /** `secrets: false` models the chart's default RBAC: Secrets cannot be read, so their existence is unknown. */
  constructor(readonly objects: KubeObject[], readonly logs: Map<string, PodLogs>, readonly clusterId = "test", readonly opts: { secrets?: boolean } = {}) {
    for (const o of objects) if (o.kind !== "Secret" || opts.secrets !== false) this.byId.set(refId(refOf(o)), o);
  }

  async execute(input: AgentCommandInput): Promise<AgentResult> {
    this.calls.push(input);
    const cmd = AgentCommandSchema.parse(input);
    const base = { commandId: cmd.id, clusterId: cmd.clusterId, investigationId: cmd.investigationId, kubectl: [`kubectl (${cmd.kind})`], startedAt: new Date().toISOString(), durationMs: 0, apiRequests: 1 };
    try {
      const data = this.answer(cmd);
      return { ...base, ok: true, kind: cmd.kind, data, truncated: false, warnings: [] };
    } catch (e: any) {
      return { ...base, ok: false, kind: cmd.kind, error: { code: e.code ?? "INTERNAL", message: e.message } };
    }
  }

  private get(ref: ResourceRef): KubeObject {
    if (ref.kind === "Secret" && this.opts.secrets === false) throw Object.assign(new Error(`secrets "${ref.name}" is forbidden`), { code: "FORBIDDEN" });
    const o = this.byId.get(refId(ref));
    if (!o) throw Object.assign(new Error(`${ref.kind} "${ref.name}" not found`), { code: "NOT_FOUND" });
    return o;
  }
  private list(kind: string, ns?: string): KubeObject[] {
    if (kind === "Secret" && this.opts.secrets === false) throw Object.assign(new Error("secrets is forbidden"), { code: "FORBIDDEN" });
    return this.objects.filter((o) => o.kind === kind && (!ns || o.metadata.namespace === ns));
  }

  private answer(cmd: ReturnType<typeof AgentCommandSchema.parse>): unknown {
    switch (cmd.kind) {
      case "resource.get": return { object: this.get(cmd.params.ref) };
      case "resource.list": {
        // Equality-based label selectors (k=v,k2=v2) are all the engine sends.
        const sel = Object.fromEntries((cmd.params.labelSelector ?? "").split(",").filter(Boolean).map((p) => p.split("=") as [string, string]));
        return { items: this.list(cmd.params.kind, cmd.params.namespace).filter((o) => Object.entries(sel).every(([k, v]) => o.metadata.labels?.[k] === v)).slice(0, cmd.params.limit) };
      }
      case "topology.discover": return this.discover(cmd.params.target);
      case "logs.read": {
        const p = this.get({ kind: "Pod", namespace: cmd.params.namespace, name: cmd.params.pod });
        const c = cmd.params.container ?? p.spec.containers[0].name;
        const entry = this.logs.get(`${cmd.params.namespace}/${cmd.params.pod}`)?.containers[c];
        const text = (cmd.params.previous ? entry?.previous : entry?.current) ?? "";
        if (cmd.params.previous && !entry?.previous) throw Object.assign(new Error(`previous terminated container "${c}" in pod "${cmd.params.pod}" not found`), { code: "NOT_FOUND" });
        return { namespace: cmd.params.namespace, pod: cmd.params.pod, container: c, previous: cmd.params.previous, text: text.split("\n").slice(-cmd.params.tailLines - 1).join("\n"), truncated: false };
      }
      case "events.list": {
        const evs = this.list("Event", cmd.params.namespace).filter((e) => !cmd.params.involvedObject || (e.involvedObject.name === cmd.params.involvedObject.name && (!cmd.params.involvedObject.kind || e.involvedObject.kind === cmd.params.involvedObject.kind)));
        return {
          events: evs.slice(0, cmd.params.limit).map((e) => ({
            type: e.type ?? "Normal", reason: e.reason ?? "", message: e.message ?? "", count: e.count ?? 1, firstTimestamp: e.firstTimestamp ?? e.eventTime ?? undefined, lastTimestamp: e.lastTimestamp ?? e.eventTime ?? undefined,
            involvedObject: { kind: e.involvedObject.kind, name: e.involvedObject.name, ...(e.involvedObject.namespace ? { namespace: e.involvedObject.namespace } : {}), fieldPath: e.involvedObject.fieldPath },
            source: e.source?.component,
          })),
        };
      }
      case "metrics.read": {
        const kind = cmd.params.kind === "Pod" ? "PodMetrics" : "NodeMetrics";
        const items = this.list(kind, cmd.params.namespace).filter((m) => !cmd.params.name || m.metadata.name === cmd.params.name);
        const cpu = (s: string) => (s.endsWith("n") ? Number(s.slice(0, -1)) / 1e6 : s.endsWith("m") ? Number(s.slice(0, -1)) : Number(s) * 1000);
        const mem = (s: string) => { const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(s); return m ? Number(m[1]) * ({ Ki: 1024, Mi: 2 ** 20, Gi: 2 ** 30 } as any)[m[2] ?? ""] || Number(m?.[1]) : 0; };
        return {
          available: items.length > 0 || this.objects.some((o) => o.kind === kind),
          items: items.map((m) => ({ kind: cmd.params.kind, namespace: m.metadata.namespace, name: m.metadata.name, timestamp: m.timestamp, window: m.window,
            containers: (kind === "PodMetrics" ? m.containers : [{ name: m.metadata.name, usage: m.usage }]).map((c: any) => ({ name: c.name, cpu: c.usage.cpu, memory: c.usage.memory, cpuMillicores: cpu(c.usage.cpu), memoryBytes: mem(c.usage.memory) })) })),
        };
      }
      case "rollout.history": return this.history(cmd.params.ref);
      case "config.changes": return {
        changes: cmd.params.refs.map((ref) => {
          const o = this.byId.get(refId(ref));
          if (!o) return { ref, exists: false, keys: [] };
          const mf = [...((o.metadata as any).managedFields ?? [])].sort((a: any, b: any) => String(b.time).localeCompare(String(a.time)))[0] as any;
          return { ref, exists: true, lastChangedAt: mf?.time ?? o.metadata.creationTimestamp, manager: mf?.manager, keys: Object.keys(o.data ?? {}) };
        }),
      };
    }
  }

  private history(ref: ResourceRef) {
    const w = this.get(ref);
    const rss = this.list(ref.kind === "Deployment" ? "ReplicaSet" : "ControllerRevision", ref.namespace).filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === w.metadata.uid || o.name === w.metadata.name));
    const revOf = (r: KubeObject) => Number(r.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? r.revision ?? 0);
    const sorted = rss.sort((a, b) => revOf(a) - revOf(b));
    const tpl = (r: KubeObject) => r.spec?.template ?? r.data?.spec?.template;
    const revisions = sorted.map((r) => ({ revision: revOf(r), name: r.metadata.name, createdAt: r.metadata.creationTimestamp, images: (tpl(r)?.spec?.containers ?? []).map((c: any) => c.image), replicas: r.status?.replicas, readyReplicas: r.status?.readyReplicas, templateHash: r.metadata.labels?.["pod-template-hash"] ?? r.metadata.labels?.["controller-revision-hash"] }));
    const diffs: { fromRevision: number; toRevision: number; changes: FieldChange[] }[] = [];
    for (let i = 1; i < sorted.length; i++) diffs.push({ fromRevision: revOf(sorted[i - 1]!), toRevision: revOf(sorted[i]!), changes: diffTemplates(tpl(sorted[i - 1]!), tpl(sorted[i]!)) });
    return { workload: ref, revisions, diffs };
  }

  discover(target: ResourceRef): TopologyGraph {
    const nodes = new Map<string, TopologyNode>();
    const edges: TopologyEdge[] = [];
    const add = (o: KubeObject) => { const r = refOf(o); const id = refId(r); if (!nodes.has(id)) nodes.set(id, { id, ref: r, object: o }); return id; };
    const addMissing = (r: ResourceRef) => {
      const id = refId(r);
      if (!nodes.has(id)) nodes.set(id, r.kind === "Secret" && this.opts.secrets === false ? { id, ref: r } : { id, ref: r, missing: true });
      return id;
    };
    const edge = (from: string, to: string, type: TopologyEdge["type"], detail?: string) => edges.push({ from, to, type, ...(detail ? { detail } : {}) });
    const rootObj = this.get(target);
    const root = add(rootObj);
    const ns = target.namespace ?? (target.kind === "Namespace" ? target.name : undefined);
    let pods: KubeObject[] = [];
    const owned = (kind: string, owner: KubeObject) => this.list(kind, owner.metadata.namespace).filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid));
    const top = (o: KubeObject): KubeObject => {
      let cur = o;
      for (let i = 0; i < 4; i++) {
        const ref = (cur.metadata.ownerReferences ?? [])[0];
        if (!ref) break;
        const next = this.byId.get(refId({ kind: ref.kind, namespace: cur.metadata.namespace, name: ref.name }));
        if (!next) break;
        edge(add(next), add(cur), "owns");
        cur = next;
      }
      return cur;
    };
    const podsOfTop = (t: KubeObject): KubeObject[] => {
      const out: KubeObject[] = [];
      const walk = (o: KubeObject, depth: number) => {
        for (const kind of ["ReplicaSet", "Job", "Pod"]) for (const c of owned(kind, o)) {
          edge(add(o), add(c), "owns");
          if (c.kind === "Pod") out.push(c); else if (depth < 3) walk(c, depth + 1);
        }
      };
      walk(t, 0);
      return out;
    };
    switch (target.kind) {
      case "Pod": { const t = top(rootObj); pods = t === rootObj ? [rootObj] : podsOfTop(t); if (!pods.includes(rootObj)) pods.push(rootObj); break; }
      case "Service": pods = this.list("Pod", ns).filter((p) => matches(rootObj.spec?.selector, p.metadata.labels)); pods.forEach((p) => top(p)); break;
      case "Node": pods = this.list("Pod").filter((p) => p.spec?.nodeName === target.name); break;
      case "Namespace": pods = this.list("Pod", target.name).slice(0, 50); pods.forEach((p) => top(p)); break;
      case "HorizontalPodAutoscaler": { const st = rootObj.spec.scaleTargetRef; const w = this.byId.get(refId({ kind: st.kind, namespace: ns, name: st.name })); if (w) { edge(root, add(w), "scales"); pods = podsOfTop(w); } break; }
      case "PersistentVolumeClaim": pods = this.list("Pod", ns).filter((p) => (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === target.name)); pods.forEach((p) => top(p)); break;
      case "Ingress": break;
      default: { const t = top(rootObj); pods = podsOfTop(t); }
    }
    // Ingress → services; Services → pods
    const services = new Set<KubeObject>();
    if (target.kind === "Service") services.add(rootObj);
    for (const s of this.list("Service", ns)) if (pods.some((p) => matches(s.spec?.selector, p.metadata.labels))) services.add(s);
    const ingresses = target.kind === "Ingress" ? [rootObj] : this.list("Ingress", ns).filter((i) => JSON.stringify(i.spec).match(new RegExp([...services].map((s) => `"name":"${s.metadata.name}"`).join("|") || "$^")));
    for (const ing of ingresses) {
      const iid = add(ing);
      const names = new Set<string>();
      if (ing.spec?.defaultBackend?.service) names.add(ing.spec.defaultBackend.service.name);
      for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) if (p.backend?.service) names.add(p.backend.service.name);
      for (const n of names) {
        const s = this.byId.get(refId({ kind: "Service", namespace: ing.metadata.namespace, name: n }));
        if (s) { services.add(s); edge(iid, add(s), "routes-to"); if (target.kind === "Ingress") for (const p of this.list("Pod", ns)) if (matches(s.spec?.selector, p.metadata.labels) && !pods.includes(p)) { pods.push(p); top(p); } }
        else edge(iid, addMissing({ kind: "Service", namespace: ing.metadata.namespace, name: n }), "missing-reference", "backend service");
      }
      for (const t of ing.spec?.tls ?? []) if (t.secretName) {
        const s = this.byId.get(refId({ kind: "Secret", namespace: ing.metadata.namespace, name: t.secretName }));
        edge(iid, s ? add(s) : addMissing({ kind: "Secret", namespace: ing.metadata.namespace, name: t.secretName }), s ? "tls-secret" : "missing-reference", "tls");
      }
    }
    for (const s of services) {
      const sid = add(s);
      for (const p of pods) if (matches(s.spec?.selector, p.metadata.labels)) edge(sid, add(p), "selects");
      const ep = this.byId.get(refId({ kind: "Endpoints", namespace: s.metadata.namespace, name: s.metadata.name }));
      if (ep) edge(add(ep), sid, "endpoints-of");
      for (const sl of this.list("EndpointSlice", s.metadata.namespace)) if (sl.metadata.labels?.["kubernetes.io/service-name"] === s.metadata.name) edge(add(sl), sid, "endpoints-of");
    }
    for (const p of pods) {
      const pid = add(p);
      const pns = p.metadata.namespace;
      const refCm = (kind: string, name: string, detail: string, optional?: boolean) => {
        const o = this.byId.get(refId({ kind, namespace: pns, name }));
        if (o) edge(pid, add(o), "references", detail);
        else if (!optional) edge(pid, addMissing({ kind, namespace: pns, name }), "missing-reference", detail);
      };
      for (const c of [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])]) {
        for (const e of c.env ?? []) {
          if (e.valueFrom?.configMapKeyRef) refCm("ConfigMap", e.valueFrom.configMapKeyRef.name, `env ${e.name}`, e.valueFrom.configMapKeyRef.optional);
          if (e.valueFrom?.secretKeyRef) refCm("Secret", e.valueFrom.secretKeyRef.name, `env ${e.name}`, e.valueFrom.secretKeyRef.optional);
        }
        for (const f of c.envFrom ?? []) {
          if (f.configMapRef) refCm("ConfigMap", f.configMapRef.name, "envFrom", f.configMapRef.optional);
          if (f.secretRef) refCm("Secret", f.secretRef.name, "envFrom", f.secretRef.optional);
        }
      }
      for (const v of p.spec?.volumes ?? []) {
        if (v.configMap) refCm("ConfigMap", v.configMap.name, `volume ${v.name}`, v.configMap.optional);
        if (v.secret) refCm("Secret", v.secret.secretName, `volume ${v.name}`, v.secret.optional);
        for (const s of v.projected?.sources ?? []) { if (s.configMap) refCm("ConfigMap", s.configMap.name, `volume ${v.name}`); if (s.secret) refCm("Secret", s.secret.name, `volume ${v.name}`); }
        if (v.persistentVolumeClaim) {
          const pvc = this.byId.get(refId({ kind: "PersistentVolumeClaim", namespace: pns, name: v.persistentVolumeClaim.claimName }));
          if (!pvc) { edge(pid, addMissing({ kind: "PersistentVolumeClaim", namespace: pns, name: v.persistentVolumeClaim.claimName }), "missing-reference"); continue; }
          const cid = add(pvc);
          edge(pid, cid, "mounts", `volume ${v.name}`);
          if (pvc.spec?.volumeName) { const pv = this.byId.get(refId({ kind: "PersistentVolume", name: pvc.spec.volumeName })); if (pv) edge(cid, add(pv), "bound-to"); }
          if (pvc.spec?.storageClassName) { const sc = this.byId.get(refId({ kind: "StorageClass", name: pvc.spec.storageClassName })); edge(cid, sc ? add(sc) : addMissing({ kind: "StorageClass", name: pvc.spec.storageClassName }), sc ? "uses-storage-class" : "missing-reference"); }
        }
      }
      for (const s of p.spec?.imagePullSecrets ?? []) refCm("Secret", s.name, "imagePullSecret");
      if (p.spec?.nodeName) { const n = this.byId.get(refId({ kind: "Node", name: p.spec.nodeName })); if (n) edge(pid, add(n), "scheduled-on"); }
      const sa = this.byId.get(refId({ kind: "ServiceAccount", namespace: pns, name: p.spec?.serviceAccountName ?? "default" }));
      if (sa) edge(pid, add(sa), "uses-service-account");
      for (const np of this.list("NetworkPolicy", pns)) if (selMatches(np.spec?.podSelector, p.metadata.labels) || Object.keys(np.spec?.podSelector ?? {}).length === 0) edge(add(np), pid, "selects");
      for (const pdb of this.list("PodDisruptionBudget", pns)) if (selMatches(pdb.spec?.selector, p.metadata.labels)) edge(add(pdb), pid, "selects");
    }
    const workloadIds = new Set([...nodes.values()].filter((n) => ["Deployment", "StatefulSet", "DaemonSet"].includes(n.ref.kind)).map((n) => n.ref));
    for (const h of this.list("HorizontalPodAutoscaler", ns)) for (const w of workloadIds) if (h.spec?.scaleTargetRef?.name === w.name && h.spec?.scaleTargetRef?.kind === w.kind) edge(add(h), refId(w), "scales");
    if (ns) {
      for (const q of [...this.list("ResourceQuota", ns), ...this.list("LimitRange", ns)]) add(q);
      const nso = this.byId.get(refId({ kind: "Namespace", name: ns }));
      if (nso) add(nso);
    }
    return { root, nodes: [...nodes.values()], edges, warnings: [] };
  }
}

function diffTemplates(a: any, b: any): FieldChange[] {
  const out: FieldChange[] = [];
  const flat = (t: any): Map<string, string> => {
    const m = new Map<string, string>();
    for (const c of t?.spec?.containers ?? []) {
      const p = `containers[${c.name}]`;
      m.set(`${p}.image`, c.image);
      if (c.args) m.set(`${p}.args`, JSON.stringify(c.args));
      if (c.command) m.set(`${p}.command`, JSON.stringify(c.command));
      for (const e of c.env ?? []) m.set(`${p}.env.${e.name}`, e.value ?? JSON.stringify(e.valueFrom));
      for (const e of c.envFrom ?? []) m.set(`${p}.envFrom.${e.configMapRef?.name ?? e.secretRef?.name}`, "present");
      for (const [k, v] of Object.entries<any>(c.resources ?? {})) for (const [r, q] of Object.entries<any>(v)) m.set(`${p}.resources.${k}.${r}`, String(q));
      for (const pr of ["livenessProbe", "readinessProbe", "startupProbe"]) if (c[pr]) m.set(`${p}.${pr}`, JSON.stringify(c[pr]));
    }
    for (const v of t?.spec?.volumes ?? []) m.set(`volumes[${v.name}]`, JSON.stringify(v));
    if (t?.spec?.nodeSelector) m.set("nodeSelector", JSON.stringify(t.spec.nodeSelector));
    if (t?.spec?.tolerations) m.set("tolerations", JSON.stringify(t.spec.tolerations));
    return m;
  };
  const fa = flat(a), fb = flat(b);
  for (const k of new Set([...fa.keys(), ...fb.keys()])) if (fa.get(k) !== fb.get(k)) out.push({ path: k, before: fa.get(k), after: fb.get(k) });
  return out;
}
