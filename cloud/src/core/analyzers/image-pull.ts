/** Image cannot be pulled: tag/repository missing, or registry auth (401/403, missing imagePullSecret). */
import type { EvidenceItem, Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, statusItem } from "./common.js";
import { containers, refOf, truncate } from "./kube.js";
import { rolloutOf } from "./rollout.js";
import type { Analyzer } from "./types.js";

const PULL_REASONS = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"];

export const imagePull: Analyzer = {
  name: "image-pull",
  categories: ["image-pull"],
  analyze(ctx) {
    const evidence: EvidenceItem[] = [];
    let hit: { pod: any; container: string; image: string } | undefined;
    let auth = false;
    const messages: string[] = [];
    for (const p of ctx.focusPods()) {
      for (const c of containers(p)) {
        const w = c.status?.state?.waiting;
        if (!w || !PULL_REASONS.includes(w.reason)) continue;
        hit ??= { pod: p, container: c.name, image: c.spec.image };
        evidence.push(statusItem(p, `container ${c.name} of pod ${p.metadata.name} waits in ${w.reason} for image ${c.spec.image}${w.message ? `: ${truncate(w.message, 300)}` : ""}`));
        if (w.message) messages.push(w.message);
      }
      for (const e of ctx.eventsFor(refOf(p))) {
        if (!/Failed to pull image|Unable to retrieve some image pull secrets|InspectFailed|ErrImageNeverPull/.test(e.message)) continue;
        messages.push(e.message);
        if (evidence.length < 5) evidence.push(eventItem(e));
      }
    }
    if (!hit) return [];
    const text = messages.join("\n");
    auth = /401|403|unauthorized|denied|authentication required|no basic auth credentials|Unable to retrieve some image pull secrets/i.test(text);
    const notFound = /not found|manifest unknown|does not exist|NotFound/i.test(text);
    const workload = ctx.topOwner(hit.pod);
    const remediation: Remediation[] = [];
    const pullSecrets: string[] = (hit.pod.spec?.imagePullSecrets ?? []).map((s: any) => s.name);
    const missingSecrets = pullSecrets.filter((s) => !ctx.get({ kind: "Secret", namespace: hit!.pod.metadata.namespace, name: s }) && (ctx.isMissing({ kind: "Secret", namespace: hit!.pod.metadata.namespace, name: s }) || /Unable to retrieve some image pull secrets/.test(text)));
    if (missingSecrets.length) evidence.push({ source: tryCommand(() => k.getList("Secret", hit!.pod.metadata.namespace)) ?? "kubectl get secrets", detail: `imagePullSecret ${missingSecrets.join(", ")} does not exist in namespace ${hit.pod.metadata.namespace}`, type: "topology" });
    const ro = rolloutOf(ctx, workload);
    const imgChange = ro?.changes.find((c) => /\.image$/.test(c.path) && c.before && c.after === hit!.image);
    if (auth) {
      remediation.push({
        description: missingSecrets.length
          ? `Create the image pull secret ${missingSecrets[0]} in namespace ${hit.pod.metadata.namespace} (kubectl create secret docker-registry ${missingSecrets[0]} -n ${hit.pod.metadata.namespace} --docker-server=... with a robot account), or point imagePullSecrets at the existing one.`
          : `Fix the registry credentials of ${workload.name}: its imagePullSecrets (${pullSecrets.join(", ") || "none"}) are refused by the registry.`,
        needsJudgment: true,
        warning: "Registry credentials come from your secret store; never paste them into chat.",
      });
      remediation.push({ description: `Then restart ${workload.name} so its pods pull again at once instead of waiting out the back-off.`, command: tryCommand(() => k.rolloutRestart(workload, ctx.now)) });
    } else if (imgChange?.before && ro?.previous) {
      remediation.push({
        description: `Roll back ${hit.container} to the previous image ${imgChange.before} (revision ${ro.previous.revision}), or push the missing tag.`,
        command: tryCommand(() => k.rolloutUndo(workload, ro.previous!.revision)),
      });
      remediation.push({ description: `Or set the image explicitly to the last one that pulled.`, command: tryCommand(() => k.setImage(workload, hit!.container, imgChange.before!)) });
    } else {
      remediation.push({ description: `Point ${hit.container} at an image tag that exists in the registry (${hit.image} cannot be pulled).`, needsJudgment: true });
    }
    const desc = tryCommand(() => k.describe(refOf(hit!.pod)));
    if (desc) remediation.push({ description: "Check the pull error in the pod's events.", command: desc });
    return [{
      analyzer: "image-pull",
      category: "image-pull",
      culprit: workload,
      confidence: auth || notFound ? "high" : "medium",
      summary: auth
        ? `${workload.kind.toLowerCase()}/${workload.name} cannot pull ${hit.image}: the registry refuses the credentials${missingSecrets.length ? ` (imagePullSecret ${missingSecrets.join(", ")} does not exist)` : ""}.`
        : `${workload.kind.toLowerCase()}/${workload.name} cannot pull ${hit.image}${notFound ? ": the tag or repository does not exist" : ""}${imgChange?.before ? ` (changed from ${imgChange.before} in the last rollout)` : ""}.`,
      evidence,
      remediation,
      specificity: 0.85,
      changedAt: imgChange ? ro?.newest.createdAt : undefined,
    }];
  },
};
