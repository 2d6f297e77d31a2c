/** Service helpers: ready endpoints from Endpoints or EndpointSlices, selected pods. */
import type { KubeObject, ResourceRef } from "../../../../shared/src/index.js";
import type { AnalysisContext } from "./context.js";
import { labelsMatch } from "./kube.js";

export function endpointsReady(ctx: AnalysisContext, svc: ResourceRef): { ready: number; notReady: number; known: boolean; kubectl: string } {
  const kubectl = `kubectl get endpoints ${svc.name} -n ${svc.namespace}`;
  const ep = ctx.get({ kind: "Endpoints", namespace: svc.namespace, name: svc.name });
  const slices = ctx.objects("EndpointSlice", svc.namespace).filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc.name);
  if (slices.length) {
    let ready = 0, notReady = 0;
    for (const s of slices) for (const e of (s as any).endpoints ?? []) { if (e.conditions?.ready === false) notReady++; else ready++; }
    return { ready, notReady, known: true, kubectl };
  }
  if (ep) {
    const subsets = (ep as any).subsets ?? [];
    return {
      ready: subsets.reduce((n: number, s: any) => n + (s.addresses?.length ?? 0), 0),
      notReady: subsets.reduce((n: number, s: any) => n + (s.notReadyAddresses?.length ?? 0), 0),
      known: true,
      kubectl,
    };
  }
  return { ready: 0, notReady: 0, known: false, kubectl };
}

export function selectedPods(ctx: AnalysisContext, svc: KubeObject): KubeObject[] {
  const sel = svc.spec?.selector;
  return sel ? ctx.objects("Pod", svc.metadata.namespace).filter((p) => labelsMatch(sel, p.metadata.labels)) : [];
}
