/** PVC Pending (missing StorageClass, no PV), attach/mount failures (Multi-Attach of a ReadWriteOnce volume). */
import type { EvidenceItem, KubeObject, Remediation, ResourceRef } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, specItem } from "./common.js";
import { refOf } from "./kube.js";
import { isVolumeReason, schedulingFailures } from "./scheduling.js";
import type { Analyzer } from "./types.js";

function claimsOf(pod: KubeObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean);
}

export const volumeBinding: Analyzer = {
  name: "volume-binding",
  categories: ["volume-binding"],
  analyze(ctx) {
    const evidence: EvidenceItem[] = [];
    let claim: ResourceRef | undefined;
    let pod: KubeObject | undefined;
    let kind: "pending" | "attach" | "mount" | undefined;
    const remediation: Remediation[] = [];
    for (const p of ctx.unhealthyPods()) {
      for (const name of claimsOf(p)) {
        const ref = { kind: "PersistentVolumeClaim", namespace: p.metadata.namespace, name };
        const pvc = ctx.get(ref);
        if (pvc?.status?.phase === "Pending" || ctx.isMissing(ref)) {
          claim ??= ref; pod ??= p; kind ??= "pending";
          const sc = pvc?.spec?.storageClassName;
          const scMissing = sc && (ctx.isMissing({ kind: "StorageClass", name: sc }) || !ctx.get({ kind: "StorageClass", name: sc }));
          evidence.push(specItem(ref, pvc ? `PVC ${name} is Pending (storageClassName ${sc ?? "unset"}${scMissing ? ", which does not exist" : ""}, ${pvc.spec?.accessModes?.join(",") ?? ""} ${pvc.spec?.resources?.requests?.storage ?? ""})` : `PVC ${name} does not exist`));
          for (const e of ctx.eventsFor(ref).filter((e) => e.type === "Warning").slice(0, 2)) evidence.push(eventItem(e));
          if (scMissing) {
            const classes = ctx.objects("StorageClass").map((s) => `${s.metadata.name}${s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" ? " (default)" : ""}`);
            remediation.push({ description: `StorageClass ${sc} does not exist${classes.length ? `; existing classes: ${classes.join(", ")}` : ""}. storageClassName is immutable: recreate the claim with an existing class (for a StatefulSet, fix volumeClaimTemplates and delete the Pending PVC), or create StorageClass ${sc}.`, needsJudgment: true, warning: "Deleting a PVC deletes its data if it was ever bound; this one never was." });
            remediation.push({ description: "List the storage classes.", command: "kubectl get storageclass" });
          }
        }
      }
      for (const e of ctx.eventsFor(refOf(p))) {
        if (e.reason === "FailedAttachVolume" || /Multi-Attach error/.test(e.message)) {
          // An attach failure explains the mount timeout that follows it: it wins whatever the event order.
          pod ??= p;
          if (kind !== "pending") kind = "attach";
          claim ??= claimsOf(p).map((n) => ({ kind: "PersistentVolumeClaim", namespace: p.metadata.namespace, name: n }))[0];
          evidence.push(eventItem(e));
        } else if (e.reason === "FailedMount" && !/configmap|secret/i.test(e.message)) {
          pod ??= p; kind ??= "mount";
          claim ??= claimsOf(p).map((n) => ({ kind: "PersistentVolumeClaim", namespace: p.metadata.namespace, name: n }))[0];
          if (evidence.length < 5) evidence.push(eventItem(e));
        }
      }
    }
    for (const f of schedulingFailures(ctx)) {
      if (!f.reasons.some((r) => isVolumeReason(r.text))) continue;
      pod ??= f.pod; kind ??= "pending";
      claim ??= claimsOf(f.pod).map((n) => ({ kind: "PersistentVolumeClaim", namespace: f.pod.metadata.namespace, name: n }))[0];
      evidence.push(eventItem(f.event));
    }
    if (!claim || !pod || !kind) return [];
    evidence.sort((a, b) => Number(/Multi-Attach/.test(b.detail)) - Number(/Multi-Attach/.test(a.detail)));
    const pvc = ctx.get(claim);
    const modes: string[] = pvc?.spec?.accessModes ?? [];
    if (kind === "attach") {
      const holders = ctx.objects("Pod", claim.namespace).filter((p) => p !== pod && claimsOf(p).includes(claim!.name) && p.spec?.nodeName && p.spec.nodeName !== pod!.spec?.nodeName);
      evidence.push(specItem(claim, `PVC ${claim.name} is ${modes.join(",") || "ReadWriteOnce"}${holders.length ? `; still attached through pod ${holders[0]!.metadata.name} on node ${holders[0]!.spec.nodeName}` : ""}`));
      const workload = ctx.topOwner(pod);
      if (workload.kind === "Deployment") {
        remediation.push({ description: `A ${modes.join(",") || "ReadWriteOnce"} volume attaches to one node at a time: switch ${workload.name} to the Recreate strategy so the old pod releases it before the new one starts (or use a ReadWriteMany class).`, command: tryCommand(() => k.patchMerge(workload, { spec: { strategy: { type: "Recreate", rollingUpdate: null } } })), warning: "Recreate means a short outage on every rollout." });
      }
    }
    remediation.push({ description: "Check the claim's status and events.", command: tryCommand(() => k.describe(claim!)) });
    return [{
      analyzer: "volume-binding",
      category: "volume-binding",
      culprit: claim,
      confidence: "high",
      summary: kind === "attach"
        ? `Pod ${pod.metadata.name} cannot attach PVC ${claim.name}: Multi-Attach, the ${modes.join(",") || "ReadWriteOnce"} volume is still attached to another node.`
        : kind === "mount"
          ? `Pod ${pod.metadata.name} cannot mount PVC ${claim.name}.`
          : `PVC ${claim.name} is not bound, so pod ${pod.metadata.name} cannot start.${pvc?.spec?.storageClassName ? ` Its StorageClass ${pvc.spec.storageClassName} ${ctx.get({ kind: "StorageClass", name: pvc.spec.storageClassName }) ? "exists" : "does not exist"}.` : ""}`,
      evidence,
      remediation,
      specificity: 0.85,
    }];
  },
};
