/** A Service selects no pods (no endpoints); the near-miss label shows the typo or the relabel. */
import type { EvidenceItem, KubeObject, Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { specItem } from "./common.js";
import { editDistance, labelsMatch, refOf } from "./kube.js";
import { endpointsReady } from "./services.js";
import type { Analyzer, Candidate } from "./types.js";

export const serviceSelectorMismatch: Analyzer = {
  name: "service-selector-mismatch",
  categories: ["service-selector-mismatch"],
  analyze(ctx) {
    const out: Candidate[] = [];
    for (const svc of ctx.graphObjects("Service")) {
      const sel: Record<string, string> | undefined = svc.spec?.selector;
      if (!sel || !Object.keys(sel).length || svc.spec?.type === "ExternalName") continue;
      const ns = svc.metadata.namespace!;
      const pods = ctx.objects("Pod", ns);
      if (pods.some((p) => labelsMatch(sel, p.metadata.labels))) continue;
      const ep = endpointsReady(ctx, refOf(svc));
      if (ep.ready > 0) continue;
      // Near miss: pods matching all but one selector entry, or one value within a small edit distance.
      let best: { pod: KubeObject; key: string; want: string; got?: string; score: number } | undefined;
      for (const p of pods) {
        const labels = p.metadata.labels ?? {};
        const diff = Object.entries(sel).filter(([kk, v]) => labels[kk] !== v);
        if (diff.length !== 1) continue;
        const [key, want] = diff[0]!;
        const got = labels[key];
        const score = got !== undefined ? editDistance(got, want) : 10;
        if (!best || score < best.score) best = { pod: p, key, want, got, score };
      }
      if (!best) {
        // Another key carrying the wanted value (app → app.kubernetes.io/name after a relabel).
        for (const p of pods) {
          const labels = p.metadata.labels ?? {};
          for (const [key, want] of Object.entries(sel)) {
            if (labels[key] === want) continue;
            const other = Object.entries(labels).find(([, v]) => v === want);
            if (other && (!best || best.score > 5)) best = { pod: p, key, want, got: undefined, score: 5 };
          }
        }
      }
      const svcRef = refOf(svc);
      const evidence: EvidenceItem[] = [
        specItem(svcRef, `Service ${svc.metadata.name} selects ${Object.entries(sel).map(([a, b]) => `${a}=${b}`).join(",")}: no pod in namespace ${ns} matches`),
        { source: ep.kubectl, detail: `Service ${svc.metadata.name} has no ready endpoints${ep.notReady ? ` (${ep.notReady} not ready)` : ""}`, type: "status", resource: svcRef },
      ];
      let remediation: Remediation[];
      let summary = `Service ${svc.metadata.name} selects ${Object.entries(sel).map(([a, b]) => `${a}=${b}`).join(",")}, which matches no pod, so it has no endpoints.`;
      if (best) {
        const owner = ctx.topOwner(best.pod);
        evidence.push({ source: `kubectl get pods -n ${ns} --show-labels`, detail: `pod ${best.pod.metadata.name} (${owner.kind.toLowerCase()}/${owner.name}) has ${best.got !== undefined ? `${best.key}=${best.got}` : `no ${best.key} label`}; the Service wants ${best.key}=${best.want}`, type: "topology", resource: refOf(best.pod) });
        summary += best.got !== undefined
          ? ` Near miss: the pods of ${owner.kind.toLowerCase()}/${owner.name} carry ${best.key}=${best.got}, the selector says ${best.key}=${best.want}.`
          : ` The pods of ${owner.kind.toLowerCase()}/${owner.name} lack the label ${best.key}.`;
        remediation = best.got !== undefined
          ? [{ description: `Point the selector at the pods' label ${best.key}=${best.got}.`, command: tryCommand(() => k.patchMerge(svcRef, { spec: { selector: { [best!.key]: best!.got } } })), warning: "Make sure no other pods carry this label." }]
          : [{ description: `Drop ${best.key} from the selector, or add the label back to the pod template of ${owner.name}.`, command: tryCommand(() => k.patchJson(svcRef, [{ op: "remove", path: `/spec/selector/${best!.key.replace(/~/g, "~0").replace(/\//g, "~1")}` }])), needsJudgment: true }];
      } else {
        remediation = [{ description: `Fix the selector of Service ${svc.metadata.name} to match the labels of the pods it should serve.`, needsJudgment: true }];
      }
      remediation.push({ description: "Compare the selector with the pods' labels.", command: tryCommand(() => k.getList("Pod", ns, " --show-labels")) });
      out.push({
        analyzer: "service-selector-mismatch",
        category: "service-selector-mismatch",
        culprit: svcRef,
        confidence: best ? "high" : pods.length ? "medium" : "low",
        summary,
        evidence,
        remediation,
        specificity: 0.9,
      });
    }
    return out;
  },
};
