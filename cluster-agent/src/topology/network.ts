/** Services selecting the pods, their Endpoints/EndpointSlices, and Ingresses routing to them (+ TLS secrets, IngressClass). */
import { refId, type KubeObject } from "../../../shared/src/index.js";
import { mapSelectorMatches } from "../selectors.js";
import type { WalkContext } from "./context.js";
import { refOf } from "./graph.js";

const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** Services of `ns` whose selector matches any of `pods` (listed once, matched client-side), plus `extra` services. */
export async function servicesForPods(ctx: WalkContext, ns: string, pods: KubeObject[], extra: KubeObject[] = [], listOthers = true): Promise<KubeObject[]> {
  const all = pods.length && listOthers ? ((await ctx.list("Service", ns)) ?? []) : [];
  const chosen = new Map<string, KubeObject>();
  for (const s of extra) chosen.set(s.metadata.name, s);
  for (const s of all) if (pods.some((p) => mapSelectorMatches(s.spec?.selector, p.metadata.labels))) chosen.set(s.metadata.name, s);
  for (const s of chosen.values()) {
    const sid = ctx.g.add(s);
    for (const p of pods) if (mapSelectorMatches(s.spec?.selector, p.metadata.labels)) ctx.g.edge(sid, refId(refOf(p)), "selects");
  }
  return [...chosen.values()];
}

/** EndpointSlices of the services in one labelled list (ready and not-ready endpoints); Endpoints only for a service without slices. */
export async function endpointsOf(ctx: WalkContext, ns: string, services: KubeObject[]): Promise<void> {
  const named = services.filter((s) => s.spec?.type !== "ExternalName").slice(0, 10);
  if (!named.length) return;
  const sel = `${SERVICE_NAME_LABEL} in (${named.map((s) => s.metadata.name).sort().join(",")})`;
  const slices = (await ctx.list("EndpointSlice", ns, { labelSelector: sel })) ?? [];
  for (const s of named) {
    const sid = refId(refOf(s));
    const mine = slices.filter((sl) => sl.metadata.labels?.[SERVICE_NAME_LABEL] === s.metadata.name);
    for (const sl of mine) ctx.g.edge(ctx.g.add(sl), sid, "endpoints-of");
    if (!mine.length) {
      // No slices (an older cluster, or a Service the slice controller has not reached): the Endpoints object.
      const ep = await ctx.lookup({ kind: "Endpoints", namespace: ns, name: s.metadata.name });
      if (ep) ctx.g.edge(ctx.g.add(ep), sid, "endpoints-of");
    }
  }
}

export function backendServiceNames(ing: KubeObject): Array<{ name: string; port?: string }> {
  const out: Array<{ name: string; port?: string }> = [];
  const push = (b: any) => {
    if (b?.service?.name) out.push({ name: b.service.name, port: b.service.port?.name ?? (b.service.port?.number !== undefined ? String(b.service.port.number) : undefined) });
  };
  push(ing.spec?.defaultBackend);
  for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) push(p.backend);
  return out;
}

/** Ingresses of `ns` routing to any of `serviceNames` (listed once). */
export async function ingressesFor(ctx: WalkContext, ns: string, serviceNames: Set<string>): Promise<KubeObject[]> {
  if (!serviceNames.size) return [];
  const all = (await ctx.list("Ingress", ns)) ?? [];
  return all.filter((i) => backendServiceNames(i).some((b) => serviceNames.has(b.name)));
}

/** An Ingress's backends (missing services become missing nodes), TLS secrets and IngressClass. Returns the backend services read. */
export async function walkIngress(ctx: WalkContext, ing: KubeObject): Promise<KubeObject[]> {
  const ns = ing.metadata.namespace!;
  const iid = ctx.g.add(ing);
  const services: KubeObject[] = [];
  const seen = new Set<string>();
  for (const b of backendServiceNames(ing)) {
    const detail = `backend ${b.name}${b.port ? ` port ${b.port}` : ""}`;
    if (seen.has(detail)) continue;
    seen.add(detail);
    const ref = { kind: "Service", namespace: ns, name: b.name };
    const s = await ctx.lookup(ref);
    if (s === null) ctx.g.edge(iid, ctx.g.addMissing(ref), "missing-reference", detail);
    else if (s) {
      ctx.g.edge(iid, ctx.g.add(s), "routes-to", detail);
      if (!services.includes(s)) services.push(s);
    } else ctx.g.edge(iid, ctx.g.addRef(ref), "routes-to", detail);
  }
  for (const t of ing.spec?.tls ?? []) {
    if (!t.secretName) continue;
    const ref = { kind: "Secret", namespace: ns, name: t.secretName };
    const detail = `tls ${(t.hosts ?? []).join(",")}`.trim();
    if (!ctx.secrets.allowed) {
      ctx.g.warn(`cannot verify Secret ${ns}/${t.secretName} (no permission)`);
      ctx.g.edge(iid, ctx.g.addRef(ref), "tls-secret", detail);
      continue;
    }
    const s = await ctx.lookup(ref);
    if (s === null) ctx.g.edge(iid, ctx.g.addMissing(ref), "missing-reference", detail);
    else ctx.g.edge(iid, s ? ctx.g.add(s) : ctx.g.addRef(ref), "tls-secret", detail);
  }
  // spec.ingressClassName names an IngressClass object; the legacy annotation names a controller's class,
  // which need not exist as an object, so only the former can be "missing".
  const explicit: string | undefined = ing.spec?.ingressClassName;
  const className = explicit ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"];
  if (className) {
    const ref = { kind: "IngressClass", name: className };
    const c = await ctx.lookup(ref);
    if (c === null && explicit) ctx.g.edge(iid, ctx.g.addMissing(ref), "missing-reference", "ingressClassName");
    else if (c !== null) ctx.g.edge(iid, c ? ctx.g.add(c) : ctx.g.addRef(ref), "uses-ingress-class");
  }
  return services;
}
