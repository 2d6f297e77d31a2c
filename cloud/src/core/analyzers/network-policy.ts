/**
 * A NetworkPolicy blocks traffic the workload needs: its logs time out talking to a host while a policy selecting
 * its pods restricts egress without a rule for that destination (or the destination's policy refuses ingress).
 */
import type { EvidenceItem, KubeObject } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { errorLines, logItem, specItem } from "./common.js";
import type { AnalysisContext } from "./context.js";
import { hostsIn, isIp, type HostHit } from "./hosts.js";
import { labelSelectorMatches, refOf } from "./kube.js";
import type { Analyzer, Candidate } from "./types.js";

function policiesFor(ctx: AnalysisContext, pod: KubeObject, type: "Egress" | "Ingress"): KubeObject[] {
  return ctx.objects("NetworkPolicy", pod.metadata.namespace).filter((np) => {
    const types: string[] = np.spec?.policyTypes ?? (type === "Ingress" ? ["Ingress"] : np.spec?.egress ? ["Egress"] : []);
    return types.includes(type) && labelSelectorMatches(np.spec?.podSelector ?? {}, pod.metadata.labels);
  });
}

/** Does any egress rule allow this destination (pods with labels in namespace ns, or an external IP/port)? */
function egressAllows(np: KubeObject, dest: { labels?: Record<string, string>; nsLabels?: Record<string, string>; sameNs: boolean; external: boolean; port?: number }): boolean {
  for (const rule of np.spec?.egress ?? []) {
    const portOk = !rule.ports?.length || rule.ports.some((p: any) => p.port === undefined || p.port === dest.port || (dest.port === undefined));
    if (!portOk) continue;
    if (!rule.to?.length) return true;
    for (const peer of rule.to) {
      if (peer.ipBlock && dest.external) return true;
      if (peer.ipBlock?.cidr === "0.0.0.0/0") return true;
      const nsOk = peer.namespaceSelector ? labelSelectorMatches(peer.namespaceSelector, dest.nsLabels) : dest.sameNs;
      const podOk = peer.podSelector ? labelSelectorMatches(peer.podSelector, dest.labels) : true;
      if ((peer.namespaceSelector || peer.podSelector) && nsOk && podOk && !dest.external) return true;
    }
  }
  return false;
}

export const networkPolicy: Analyzer = {
  name: "network-policy",
  categories: ["network-policy"],
  analyze(ctx) {
    const pods = ctx.focusPods();
    if (!pods.length) return [];
    const errs = errorLines(ctx.focusLogs(), (l) => hostsIn(l).some((h) => h.kind === "timeout" || h.kind === "dns" && /timeout/i.test(l)));
    if (!errs.length) return [];
    const pod = pods[0]!;
    const egress = policiesFor(ctx, pod, "Egress");
    const out: Candidate[] = [];
    for (const { log, line } of errs) {
      for (const h of hostsIn(line) as HostHit[]) {
        const dep = ctx.evidence.dependencies.find((d) => d.host === h.host);
        const depPods = dep ? dep.graph.nodes.filter((n) => n.ref.kind === "Pod" && n.object).map((n) => n.object as KubeObject) : [];
        const dest = {
          labels: depPods[0]?.metadata.labels,
          nsLabels: ctx.get({ kind: "Namespace", name: dep?.service.namespace ?? "" })?.metadata.labels ?? { "kubernetes.io/metadata.name": dep?.service.namespace ?? "" },
          sameNs: dep?.service.namespace === pod.metadata.namespace,
          external: !dep && !isIp(h.host) ? true : !dep,
          port: h.port,
        };
        // Egress side: every egress policy must not allow it (policies are additive).
        let blocker: KubeObject | undefined;
        if (egress.length && !egress.some((np) => egressAllows(np, dest))) blocker = egress[0];
        // Ingress side of an in-cluster destination.
        if (!blocker && depPods[0]) {
          const ing = policiesFor(ctx, depPods[0], "Ingress");
          if (ing.length && !ing.some((np) => (np.spec?.ingress ?? []).some((r: any) => !r.from?.length || r.from.some((peer: any) => (peer.podSelector ? labelSelectorMatches(peer.podSelector, pod.metadata.labels) : true) && (peer.namespaceSelector ? labelSelectorMatches(peer.namespaceSelector, ctx.get({ kind: "Namespace", name: pod.metadata.namespace! })?.metadata.labels ?? { "kubernetes.io/metadata.name": pod.metadata.namespace! }) : depPods[0]!.metadata.namespace === pod.metadata.namespace))))) blocker = ing[0];
        }
        if (!blocker) continue;
        const npRef = refOf(blocker);
        const evidence: EvidenceItem[] = [
          logItem(log, line),
          specItem(npRef, `NetworkPolicy ${blocker.metadata.name} selects ${blocker.metadata.namespace === pod.metadata.namespace ? `pod ${pod.metadata.name}` : "the destination pods"} (policyTypes ${(blocker.spec?.policyTypes ?? []).join(",")}) and no rule allows traffic to ${h.host}${h.port ? `:${h.port}` : ""}`),
        ];
        if (dep) evidence.push({ source: `kubectl get endpoints ${dep.service.name} -n ${dep.service.namespace}`, detail: `${dep.service.name} itself is up (its pods are ready): the traffic is dropped on the way`, type: "status" });
        out.push({
          analyzer: "network-policy",
          category: "network-policy",
          culprit: npRef,
          confidence: dep || egress.length ? "high" : "medium",
          summary: `NetworkPolicy ${blocker.metadata.name} blocks ${pod.metadata.namespace}/${ctx.topOwner(pod).name} from reaching ${h.host}${h.port ? `:${h.port}` : ""}: the connections time out and no policy rule allows them.`,
          evidence,
          remediation: [
            { description: `Add an egress rule to ${blocker.metadata.name} allowing ${h.host}${h.port ? ` port ${h.port}` : ""} (and DNS on port 53), or a separate allow policy.`, needsJudgment: true, warning: "Policies are additive: a new allow policy is safer than editing a shared default-deny." },
            { description: "Read the policy.", command: tryCommand(() => k.describe(npRef)) },
          ],
          specificity: 0.92,
        });
        return out;
      }
    }
    return out;
  },
};
