/** A ResourceQuota or LimitRange blocks pod creation: FailedCreate "exceeded quota" / "maximum ... usage per Container". */
import type { EvidenceItem, Remediation, ResourceRef } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { formatBytes, parseQuantity } from "./kube.js";
import type { Analyzer } from "./types.js";

const QUOTA_RE = /exceeded quota: ([a-z0-9.-]+), requested: ([^,]+(?:,[^,:]+=[^,]+)*), used: ([^,]+(?:,[^,:]+=[^,]+)*), limited: ([^\s']+(?:,[^,:\s]+=[^,\s']+)*)/;
const LIMITRANGE_RE = /(maximum|minimum) (cpu|memory|storage) usage per (Container|Pod|PersistentVolumeClaim) is ([^\s,]+)(?:, but (?:limit|request) is ([^\s.,]+))?|must be less than or equal to (cpu|memory) limit/;

function kv(s: string): Record<string, string> {
  return Object.fromEntries(s.split(",").map((p) => p.split("=").map((x) => x.trim()) as [string, string]).filter((p) => p.length === 2));
}

export const quotaExceeded: Analyzer = {
  name: "quota-exceeded",
  categories: ["quota-exceeded"],
  analyze(ctx) {
    const workload = ctx.targetWorkload();
    const ns = workload?.namespace ?? ctx.rootRef?.namespace ?? ctx.alert.namespace;
    const evs = ctx.events().filter((e) => e.reason === "FailedCreate" && (e.involvedObject.namespace ?? "") === (ns ?? "") && (QUOTA_RE.test(e.message) || LIMITRANGE_RE.test(e.message)));
    if (!evs.length) return [];
    const e = evs.sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""))[0]!;
    const evidence: EvidenceItem[] = [eventItem(e)];
    const remediation: Remediation[] = [];
    const q = QUOTA_RE.exec(e.message);
    const owner = workload ?? { kind: e.involvedObject.kind, namespace: e.involvedObject.namespace, name: e.involvedObject.name };
    if (q) {
      const quota: ResourceRef = { kind: "ResourceQuota", namespace: e.involvedObject.namespace, name: q[1]! };
      const [requested, used, limited] = [kv(q[2]!), kv(q[3]!), kv(q[4]!)];
      const res = Object.keys(requested)[0] ?? Object.keys(limited)[0]!;
      const isMem = /memory|storage/.test(res);
      const need = parseQuantity(used[res]) + parseQuantity(requested[res]);
      const next = isMem ? formatBytes(Math.ceil(need / 2 ** 30) * 2 ** 30) : String(Math.ceil(need));
      evidence.push(specItem(quota, `ResourceQuota ${quota.name}: ${res} used ${used[res]} + requested ${requested[res]} > hard ${limited[res]}`));
      if (Number.isFinite(need)) remediation.push({ description: `Raise ${res} in ResourceQuota ${quota.name} to at least ${next} (used ${used[res]} + ${requested[res]} for the new pod), or lower the ${res.split(".")[0]} of ${owner.name}'s pods.`, command: tryCommand(() => k.patchMerge(quota, { spec: { hard: { [res]: next } } })), needsJudgment: true, warning: "Quotas are a budget decision: check with the namespace owner." });
      remediation.push({ description: "See the quota's usage.", command: tryCommand(() => k.describe(quota)) });
      return [{
        analyzer: "quota-exceeded",
        category: "quota-exceeded",
        culprit: quota,
        confidence: "high",
        summary: `ResourceQuota ${quota.name} blocks new pods of ${owner.kind.toLowerCase()}/${owner.name}: ${res} requested ${requested[res]}, used ${used[res]}, limited ${limited[res]} (exceeded quota).`,
        evidence,
        remediation,
        specificity: 0.9,
      }];
    }
    const l = LIMITRANGE_RE.exec(e.message)!;
    const lr = ctx.objects("LimitRange", ns)[0];
    if (lr) evidence.push(specItem(lr, `LimitRange ${lr.metadata.name} applies in namespace ${ns}`));
    remediation.push({ description: `Bring the pod template of ${owner.name} within the LimitRange${l[1] ? ` (${l[1]} ${l[2]} per ${l[3]} ${l[4]})` : ""}, or change the LimitRange.`, needsJudgment: true });
    return [{
      analyzer: "quota-exceeded",
      category: "quota-exceeded",
      culprit: owner,
      confidence: "high",
      summary: `A LimitRange rejects the pods of ${owner.kind.toLowerCase()}/${owner.name}: ${e.message.split(": ").slice(-1)[0]}.`,
      evidence,
      remediation,
      specificity: 0.9,
    }];
  },
};
