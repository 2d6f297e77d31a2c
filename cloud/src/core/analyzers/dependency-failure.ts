/**
 * The alerting workload fails because an in-cluster service it calls is down: its logs report refused/timed-out
 * connections to the service's DNS name or ClusterIP, and that Service has no ready endpoints.
 * The culprit is the dependency's workload (scaled to zero, crashing) or its Service.
 */
import { refId, type EvidenceItem, type KubeObject, type Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { crashDetail, crashes, errorLines, logItem, specItem, statusItem } from "./common.js";
import { AnalysisContext } from "./context.js";
import { hostsIn } from "./hosts.js";
import { isPodUnhealthy, labelsMatch, refOf } from "./kube.js";
import { endpointsReady } from "./services.js";
import type { Analyzer, Candidate } from "./types.js";

export const dependencyFailure: Analyzer = {
  name: "dependency-failure",
  categories: ["dependency-failure"],
  analyze(ctx) {
    const out: Candidate[] = [];
    const ownServices = new Set(ctx.graphObjects("Service").filter((s) => ctx.focusPods().some((p) => labelsMatch(s.spec?.selector, p.metadata.labels))).map((s) => refId(refOf(s))));
    const errs = errorLines(ctx.focusLogs(), (l) => hostsIn(l).length > 0);
    for (const dep of ctx.evidence.dependencies) {
      if (ownServices.has(refId(dep.service))) continue;
      const lines = errs.filter((e) => hostsIn(e.line).some((h) => h.host === dep.host));
      if (!lines.length) continue;
      const dctx = new AnalysisContext({ alert: ctx.alert, graph: dep.graph, evidence: { ...ctx.evidence, dependencies: [] }, now: ctx.now });
      const svc = dctx.get(dep.service);
      if (!svc) continue;
      const ep = endpointsReady(dctx, dep.service);
      if (ep.ready > 0 || (!ep.known && dctx.pods().some((p) => !isPodUnhealthy(p)))) continue;
      const pods = dctx.pods().filter((p) => labelsMatch(svc.spec?.selector, p.metadata.labels));
      const owner = pods.length ? dctx.topOwner(pods[0]!) : findWorkload(dctx, svc);
      const evidence: EvidenceItem[] = [logItem(lines[0]!.log, lines[0]!.line)];
      if (lines.length > 1) evidence.push(logItem(lines.at(-1)!.log, lines.at(-1)!.line));
      evidence.push({ source: ep.kubectl, detail: `Service ${dep.service.name} in namespace ${dep.service.namespace} has no ready endpoints${ep.notReady ? ` (${ep.notReady} not ready)` : ""}`, type: "status", resource: dep.service });
      const remediation: Remediation[] = [];
      let state = "has no ready pods";
      const ownerObj = owner ? dctx.get(owner) : undefined;
      if (ownerObj && ownerObj.spec?.replicas === 0) {
        state = "is scaled to 0 replicas";
        evidence.push(specItem(owner!, `${owner!.kind} ${owner!.name} has spec.replicas 0 (scaled down)`));
        const prev = Number(ownerObj.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"] ?? 0) || 1;
        remediation.push({ description: `Scale ${owner!.name} back up.`, command: tryCommand(() => k.scale(owner!, prev)), warning: "Check who scaled it down and why (kubectl get events, your GitOps history) before scaling up.", needsJudgment: true });
      } else {
        const dc = crashes(dctx, pods);
        for (const x of dc.slice(0, 2)) evidence.push(statusItem(x.pod, crashDetail(x)));
        for (const p of pods.filter(isPodUnhealthy).slice(0, 2)) if (!dc.some((x) => x.pod === p)) evidence.push(statusItem(p, `pod ${p.metadata.name} of ${dep.service.name} is ${p.status?.phase}, not ready`));
        if (dc.length) state = `is crash-looping (${dc[0]!.reason ?? `exit ${dc[0]!.exitCode}`})`;
        else if (!pods.length) state = "has no pods";
        else state = "has no ready pods";
        if (pods[0]) remediation.push({ description: `Find out why ${owner?.name ?? dep.service.name} is down.`, command: tryCommand(() => k.describe(refOf(pods[0]!))) });
      }
      remediation.push({ description: `Check the endpoints of ${dep.service.name}.`, command: tryCommand(() => k.describe(dep.service)) });
      const culprit = owner && owner.kind !== "Pod" ? owner : dep.service;
      const wl = ctx.targetWorkload();
      out.push({
        analyzer: "dependency-failure",
        category: "dependency-failure",
        culprit,
        confidence: "high",
        summary: `${wl ? `${wl.kind.toLowerCase()}/${wl.name}` : "The alerting workload"} fails because its dependency ${dep.service.name} (${dep.service.namespace}) is down: ${culprit.kind.toLowerCase()}/${culprit.name} ${state}, so Service ${dep.service.name} has no endpoints; the app logs ${lines[0]!.line.match(/connection refused|ECONNREFUSED|timeout|timed out|no such host/i)?.[0] ?? "errors"} to ${dep.host}.`,
        evidence,
        remediation,
        specificity: 0.95,
      });
    }
    return out;
  },
};

function findWorkload(ctx: AnalysisContext, svc: KubeObject) {
  for (const kind of ["Deployment", "StatefulSet", "DaemonSet"]) {
    const w = ctx.objects(kind, svc.metadata.namespace).find((o) => labelsMatch(svc.spec?.selector, o.spec?.template?.metadata?.labels));
    if (w) return refOf(w);
  }
  return undefined;
}
