/**
 * Stage 3: gather evidence in parallel (p-limit) from what the topology shows, then follow up on what the first
 * wave revealed (services named in error logs, selectors that match nothing, pods nobody can schedule).
 * Reads stay targeted: one namespace-wide events/metrics read, logs of a few failing pods, one rollout history.
 */
import pLimit from "p-limit";
import { refId, type KubeObject, type NormalizedAlert, type ResourceRef, type TopologyGraph } from "../../../../shared/src/index.js";
import { AnalysisContext } from "../analyzers/context.js";
import { hostsIn, isIp, serviceFromHost } from "../analyzers/hosts.js";
import { containers, isErrorLine, isPodUnhealthy, labelsMatch, lastTermination, lines, refOf } from "../analyzers/kube.js";
import { emptyEvidence, type EvidenceBundle } from "../analyzers/types.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import type { AgentClient } from "./agent-client.js";
import type { EngineConfig } from "./config.js";

type Task = () => Promise<void>;

export async function gatherEvidence(
  alert: NormalizedAlert, graph: TopologyGraph, client: AgentClient, cfg: EngineConfig, deadlineAt: number, now: () => number,
  /** Filled in place, so whatever arrived before a stage timeout is kept. */
  ev: EvidenceBundle = emptyEvidence(),
): Promise<EvidenceBundle> {
  const limit = pLimit(cfg.concurrency);
  const remaining = () => Math.max(500, deadlineAt - now());
  const run = (tasks: Task[]) => Promise.all(tasks.map((t) => limit(t)));
  const ctx = new AnalysisContext({ alert, graph, evidence: ev, now: new Date() });
  const root = ctx.rootRef;
  const namespace = root?.namespace ?? (root?.kind === "Namespace" ? root.name : alert.namespace);

  const tasks: Task[] = [];
  // Logs: failing pods first, then healthy ones; previous logs of restarted containers.
  const focus = ctx.focusPods();
  // Budget: a few failing pods (or two healthy ones when none fails), their failing containers (plus the one
  // the alert names), previous logs only where a container restarted.
  const unhealthy = focus.filter(isPodUnhealthy);
  const podsForLogs = unhealthy.length ? unhealthy.slice(0, cfg.maxLogPods) : focus.slice(0, 2);
  for (const pod of podsForLogs) {
    const ns = pod.metadata.namespace!;
    const all = containers(pod).filter((c) => !c.init || (lastTermination(c.status)?.exitCode ?? 0) !== 0);
    const failing = all.filter((c) => c.status?.ready === false || (c.status?.restartCount ?? 0) > 0 || !!c.status?.state?.waiting || !!c.status?.state?.terminated);
    let cs = failing.length ? failing : all;
    const named = all.find((c) => c.name === alert.container);
    if (named) cs = [named, ...cs.filter((c) => c !== named)];
    for (const c of cs.slice(0, 2)) {
      const running = !!c.status?.state?.running || !!c.status?.state?.terminated;
      const restarted = (c.status?.restartCount ?? 0) > 0 || !!c.status?.lastState?.terminated;
      for (const previous of [false, true]) {
        if (previous && !restarted) continue;
        if (!previous && !running && !restarted) continue;
        tasks.push(async () => {
          const r = await client.call("logs.read", { namespace: ns, pod: pod.metadata.name, container: c.name, previous, tailLines: cfg.logTailLines, limitBytes: cfg.logLimitBytes }, remaining());
          if (r.ok) ev.logs.push({ ...r.data, kubectl: tryCommand(() => k.logs(ns, pod.metadata.name, c.name, previous)) ?? r.kubectl });
          else if (r.code !== "NOT_FOUND") ev.failures.push(r.message);
        });
      }
    }
  }
  // Events: the namespace (one read) plus each cluster-scoped node involved.
  if (namespace) {
    tasks.push(async () => {
      const r = await client.call("events.list", { namespace, limit: 500 }, remaining());
      if (r.ok) for (const e of r.data.events) ev.events.push({ ...e, kubectl: tryCommand(() => k.events({ kind: e.involvedObject.kind, namespace: e.involvedObject.namespace, name: e.involvedObject.name })) ?? r.kubectl });
      else ev.failures.push(r.message);
    });
  }
  const nodeNames = new Set<string>([...(root?.kind === "Node" ? [root.name] : []), ...focus.filter(isPodUnhealthy).map((p) => p.spec?.nodeName).filter(Boolean)]);
  for (const name of [...nodeNames].slice(0, 3)) {
    tasks.push(async () => {
      const r = await client.call("events.list", { involvedObject: { kind: "Node", name }, limit: 100 }, remaining());
      if (r.ok) for (const e of r.data.events) ev.events.push({ ...e, kubectl: tryCommand(() => k.events({ kind: "Node", name })) ?? r.kubectl });
      else ev.failures.push(r.message);
    });
  }
  // Metrics of the namespace's pods (and the node when the alert is about one).
  if (namespace) {
    tasks.push(async () => {
      const r = await client.call("metrics.read", { kind: "Pod", namespace }, remaining());
      if (r.ok) {
        ev.metrics.available = r.data.available;
        for (const m of r.data.items) ev.metrics.items.push({ ...m, kubectl: tryCommand(() => k.topPods(namespace)) ?? r.kubectl });
      } else ev.failures.push(r.message);
    });
  }
  if (root?.kind === "Node") {
    tasks.push(async () => {
      const r = await client.call("metrics.read", { kind: "Node", name: root.name }, remaining());
      if (r.ok) for (const m of r.data.items) ev.metrics.items.push({ ...m, kubectl: tryCommand(() => k.topNode(root.name)) ?? r.kubectl });
    });
  }
  // Rollout history of the workload(s) in focus.
  const workloads = new Map<string, ResourceRef>();
  const wl = ctx.targetWorkload();
  if (wl) workloads.set(refId(wl), wl);
  for (const p of focus.filter(isPodUnhealthy)) {
    const o = ctx.topOwner(p);
    if (["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind)) workloads.set(refId(o), o);
  }
  for (const w of [...workloads.values()].filter((w) => ["Deployment", "StatefulSet", "DaemonSet"].includes(w.kind)).slice(0, 2)) {
    tasks.push(async () => {
      const r = await client.call("rollout.history", { ref: w }, remaining());
      if (r.ok) ev.rollouts.push({ ...r.data, kubectl: tryCommand(() => k.rolloutHistory(w)) ?? r.kubectl });
      else if (r.code !== "NOT_FOUND") ev.failures.push(r.message);
    });
  }
  // Config changes of every ConfigMap/Secret the walk found.
  const cfgRefs = graph.nodes.filter((n) => n.ref.kind === "ConfigMap" || n.ref.kind === "Secret").map((n) => n.ref).slice(0, 50);
  if (cfgRefs.length) {
    tasks.push(async () => {
      const r = await client.call("config.changes", { refs: cfgRefs }, remaining());
      if (r.ok) for (const c of r.data.changes) ev.configChanges.push({ ...c, kubectl: tryCommand(() => k.getYaml(c.ref)) ?? r.kubectl });
      else ev.failures.push(r.message);
    });
  }
  await run(tasks);
  await followUps(ctx, ev, client, cfg, remaining, run, namespace);
  return ev;
}

async function followUps(
  ctx: AnalysisContext, ev: EvidenceBundle, client: AgentClient, cfg: EngineConfig, remaining: () => number,
  run: (t: Task[]) => Promise<void[]>, namespace: string | undefined,
): Promise<void> {
  const tasks: Task[] = [];
  const graph = ctx.graph;
  const focus = ctx.focusPods();
  const ownServices = new Set(ctx.graphObjects("Service").map((s) => refId(refOf(s))));
  const addObjects = (items: KubeObject[], kubectl: string) => { for (const o of items) ev.objects.push({ object: o, kubectl }); };

  // 1. Services named (or dialled by ClusterIP) in error logs: follow their topology.
  const hosts = new Map<string, { host: string; port?: number }>();
  for (const l of ev.logs) for (const line of lines(l.text)) if (isErrorLine(line)) for (const h of hostsIn(line)) if (!hosts.has(h.host)) hosts.set(h.host, h);
  const ipHosts = [...hosts.keys()].filter(isIp);
  let services: KubeObject[] | undefined;
  if (ipHosts.length && namespace) {
    const r = await client.call("resource.list", { kind: "Service", namespace, limit: 200 }, remaining());
    if (r.ok) services = r.data.items as KubeObject[];
  }
  const targets = new Map<string, { host: string; ref: ResourceRef; explicit: boolean }>();
  for (const host of hosts.keys()) {
    let ref: ResourceRef | undefined;
    let explicit = false;
    if (isIp(host)) {
      let s = services?.find((x) => x.spec?.clusterIP === host || (x.spec?.clusterIPs ?? []).includes(host));
      // No ClusterIP match (the Service was recreated, or the app cached an address): the one Service on that port
      // that the workload's own config names, else the only Service in the namespace exposing that port.
      const port = hosts.get(host)?.port;
      if (!s && port && services) {
        const onPort = services.filter((x) => (x.spec?.ports ?? []).some((p: any) => p.port === port));
        const cfgText = configText(ctx);
        s = onPort.find((x) => new RegExp(`\\b${x.metadata.name}(\\.${x.metadata.namespace})?(\\.svc[.a-z]*)?:${port}\\b`).test(cfgText)) ?? (onPort.length === 1 ? onPort[0] : undefined);
      }
      if (s) ref = refOf(s);
    } else {
      const s = serviceFromHost(host, namespace);
      if (s?.namespace) {
        ref = { kind: "Service", namespace: s.namespace, name: s.name };
        explicit = s.explicit;
      }
    }
    if (!ref || ownServices.has(refId(ref)) || targets.has(refId(ref))) continue;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ref.name) || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ref.namespace!)) continue;
    targets.set(refId(ref), { host, ref, explicit });
  }
  for (const t of [...targets.values()].slice(0, cfg.maxDependencies)) {
    tasks.push(async () => {
      const r = await client.call("topology.discover", { target: t.ref, maxPods: 10 }, remaining());
      if (r.ok) {
        const exists = r.data.nodes.some((n) => n.id === r.data.root && n.object);
        if (exists) ev.dependencies.push({ host: t.host, service: t.ref, graph: r.data });
        // A Service with no pods (scaled to zero, all deleted) still names its workload through the selector.
        if (exists && !r.data.nodes.some((n) => n.ref.kind === "Pod" && n.object)) {
          for (const kind of ["Deployment", "StatefulSet"]) {
            const l = await client.call("resource.list", { kind, namespace: t.ref.namespace, limit: 200 }, remaining());
            if (l.ok) addObjects(l.data.items as KubeObject[], tryCommand(() => k.getList(kind, t.ref.namespace)) ?? l.kubectl);
          }
        }
        ev.lookups.push({ host: t.host, service: t.ref, found: exists, kubectl: tryCommand(() => k.getYaml(t.ref)) ?? r.kubectl });
      } else if (r.code === "NOT_FOUND") {
        ev.lookups.push({ host: t.host, service: t.ref, found: false, kubectl: tryCommand(() => k.getYaml(t.ref)) ?? "kubectl get service" });
      } else if (t.explicit) ev.failures.push(r.message);
    });
  }

  // 2. Services whose selector matches no pod we saw: read the namespace's pods (for near-miss labels).
  const svcNamespaces = new Set<string>();
  for (const svc of ctx.graphObjects("Service")) {
    const sel = svc.spec?.selector;
    if (!sel || !Object.keys(sel).length) continue;
    if (!ctx.pods().some((p) => labelsMatch(sel, p.metadata.labels))) svcNamespaces.add(svc.metadata.namespace!);
  }
  for (const ns of svcNamespaces) {
    tasks.push(async () => {
      const r = await client.call("resource.list", { kind: "Pod", namespace: ns, limit: 200 }, remaining());
      if (r.ok) addObjects(r.data.items as KubeObject[], tryCommand(() => k.getList("Pod", ns, " --show-labels")) ?? r.kubectl);
      else ev.failures.push(r.message);
    });
  }

  // 3. Ingress backends the walk did not return: do they exist?
  for (const ing of ctx.graphObjects("Ingress")) {
    const ns = ing.metadata.namespace!;
    const names = new Set<string>();
    if (ing.spec?.defaultBackend?.service?.name) names.add(ing.spec.defaultBackend.service.name);
    for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name);
    for (const name of names) {
      const ref = { kind: "Service", namespace: ns, name };
      if (graph.nodes.some((n) => n.id === refId(ref))) continue;
      tasks.push(async () => {
        const r = await client.call("resource.get", { ref }, remaining());
        if (r.ok) addObjects([r.data.object as KubeObject], tryCommand(() => k.getYaml(ref)) ?? r.kubectl);
        else if (r.code === "NOT_FOUND") ev.lookups.push({ host: name, service: ref, found: false, kubectl: tryCommand(() => k.getYaml(ref)) ?? "kubectl get service" });
      });
    }
    // Near-miss names for a missing backend need the namespace's services.
    if ([...names].some((n) => !graph.nodes.some((x) => x.id === refId({ kind: "Service", namespace: ns, name: n }) && x.object))) {
      tasks.push(async () => {
        const r = await client.call("resource.list", { kind: "Service", namespace: ns, limit: 200 }, remaining());
        if (r.ok) addObjects(r.data.items as KubeObject[], tryCommand(() => k.getList("Service", ns)) ?? r.kubectl);
      });
    }
  }

  // 4. Ingress controller logs for the Ingresses in the graph: the controller is what reports missing TLS
  //    secrets and dead upstreams. Found through the IngressClass's well-known labels (Helm-installed controllers
  //    label the class like their pods); one targeted list, one log read, only the lines about these Ingresses kept.
  const ingresses = ctx.graphObjects("Ingress");
  if (ingresses.length) {
    tasks.push(async () => {
      const className = ingresses[0]!.spec?.ingressClassName as string | undefined;
      let cls = ctx.objects("IngressClass").find((c) => c.metadata.name === className) ?? ctx.objects("IngressClass")[0];
      if (!cls && className && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(className)) {
        const r = await client.call("resource.get", { ref: { kind: "IngressClass", name: className } }, remaining());
        if (r.ok) cls = r.data.object as KubeObject;
      }
      const labels = cls?.metadata.labels ?? {};
      const sel = ["app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/instance"]
        .filter((key) => labels[key] && /^[A-Za-z0-9._-]+$/.test(labels[key]!)).map((key) => `${key}=${labels[key]}`);
      if (!sel.length) return;
      const pods = await client.call("resource.list", { kind: "Pod", labelSelector: sel.join(","), limit: 5 }, remaining());
      if (!pods.ok) return;
      const ctrl = (pods.data.items as KubeObject[]).find((p) => p.status?.phase === "Running");
      const container = ctrl?.spec?.containers?.[0]?.name as string | undefined;
      if (!ctrl || !container) return;
      const r = await client.call("logs.read", { namespace: ctrl.metadata.namespace!, pod: ctrl.metadata.name, container, previous: false, tailLines: 1000, limitBytes: 256 * 1024 }, remaining());
      if (!r.ok) return;
      const needles = new Set<string>();
      for (const ing of ingresses) {
        const ns = ing.metadata.namespace!;
        needles.add(`${ns}/${ing.metadata.name}`);
        for (const t of ing.spec?.tls ?? []) if (t.secretName) needles.add(`${ns}/${t.secretName}`);
      }
      const kept = lines(r.data.text).filter((l) => [...needles].some((n) => l.includes(`"${n}"`) || l.includes(` ${n}`) || l.includes(`key "${n}"`)));
      if (kept.length) ev.logs.push({ ...r.data, text: kept.slice(-20).join("\n"), kubectl: tryCommand(() => k.logs(ctrl.metadata.namespace!, ctrl.metadata.name, container)) ?? r.kubectl });
    });
  }

  // 5. Pods nobody can schedule: the nodes' labels and taints explain why.
  if (focus.some((p) => p.status?.phase === "Pending" && !p.spec?.nodeName)) {
    tasks.push(async () => {
      const r = await client.call("resource.list", { kind: "Node", limit: 200 }, remaining());
      if (r.ok) addObjects(r.data.items as KubeObject[], "kubectl get nodes --show-labels");
      else ev.failures.push(r.message);
    });
  }
  await run(tasks);
}

/** Every config value the focus pods see (inline env + referenced ConfigMap data), for matching hosts. */
function configText(ctx: AnalysisContext): string {
  const parts: string[] = [];
  for (const p of ctx.focusPods().slice(0, 3)) {
    for (const c of p.spec?.containers ?? []) for (const e of c.env ?? []) if (e.value) parts.push(String(e.value));
  }
  for (const cm of ctx.graphObjects("ConfigMap")) parts.push(...Object.values<string>(cm.data ?? {}));
  return parts.join("\n");
}
