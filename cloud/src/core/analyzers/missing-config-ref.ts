/** A referenced ConfigMap, Secret or key does not exist: CreateContainerConfigError, FailedMount, missing-reference edges. */
import { refId, type EvidenceItem, type Remediation, type ResourceRef } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, statusItem } from "./common.js";
import { containers, refOf, truncate } from "./kube.js";
import { rolloutOf } from "./rollout.js";
import type { Analyzer } from "./types.js";

const NOT_FOUND_RE = /(configmap|secret)s? "([a-z0-9.-]+)" not found/i;
const MISSING_KEY_RE = /couldn't find key ([A-Za-z0-9_.-]+) in (ConfigMap|Secret) ([a-z0-9.-]+)\/([a-z0-9.-]+)/i;

export const missingConfigRef: Analyzer = {
  name: "missing-config-ref",
  categories: ["missing-config-ref"],
  analyze(ctx) {
    const evidence: EvidenceItem[] = [];
    let missing: { ref: ResourceRef; key?: string } | undefined;
    let pod: any;
    for (const p of ctx.focusPods()) {
      for (const c of containers(p)) {
        const w = c.status?.state?.waiting;
        if (w?.reason !== "CreateContainerConfigError" || !w.message) continue;
        const key = MISSING_KEY_RE.exec(w.message);
        const nf = NOT_FOUND_RE.exec(w.message);
        if (key) missing ??= { ref: { kind: key[2] === "Secret" ? "Secret" : "ConfigMap", namespace: key[3], name: key[4]! }, key: key[1] };
        else if (nf) missing ??= { ref: { kind: nf[1]!.toLowerCase() === "secret" ? "Secret" : "ConfigMap", namespace: p.metadata.namespace, name: nf[2]! } };
        if (key || nf) {
          pod ??= p;
          evidence.push(statusItem(p, `container ${c.name} of pod ${p.metadata.name} waits in CreateContainerConfigError: ${truncate(w.message, 300)}`));
        }
      }
      for (const e of ctx.eventsFor(refOf(p), /^(FailedMount|Failed)$/)) {
        const nf = NOT_FOUND_RE.exec(e.message);
        const key = MISSING_KEY_RE.exec(e.message);
        if (!nf && !key) continue;
        pod ??= p;
        if (!missing) {
          missing = key
            ? { ref: { kind: key[2] === "Secret" ? "Secret" : "ConfigMap", namespace: key[3], name: key[4]! }, key: key[1] }
            : { ref: { kind: nf![1]!.toLowerCase() === "secret" ? "Secret" : "ConfigMap", namespace: p.metadata.namespace, name: nf![2]! } };
        }
        if (evidence.length < 4) evidence.push(eventItem(e));
      }
    }
    // The walk's own finding (a reference to an object that does not exist) backs it up or stands alone.
    for (const edge of ctx.graph.edges) {
      if (edge.type !== "missing-reference") continue;
      const to = ctx.graph.nodes.find((n) => n.id === edge.to);
      if (!to || !["ConfigMap", "Secret"].includes(to.ref.kind) || to.ref.name === "kube-root-ca.crt") continue;
      const fromPod = ctx.focusPods().find((p) => refId(refOf(p)) === edge.from);
      if (!fromPod) continue;
      if (!missing) {
        // Optional references do not stop a pod; only claim one when the pod is actually stuck.
        const stuck = fromPod.status?.phase === "Pending" || containers(fromPod).some((c) => ["ContainerCreating", "CreateContainerConfigError"].includes(c.status?.state?.waiting?.reason));
        if (!stuck) continue;
        missing = { ref: to.ref, key: /key missing: (.+)/.exec(edge.detail ?? "")?.[1] };
        pod = fromPod;
      }
      evidence.push({ source: tryCommand(() => k.getYaml(to.ref)) ?? "kubectl get", detail: `${to.ref.kind} ${to.ref.name} is referenced by ${edge.from.split("/").pop()} (${edge.detail ?? edge.type}) but does not exist`, type: "topology", resource: to.ref });
      break;
    }
    if (!missing || !pod) return [];
    const workload = ctx.topOwner(pod);
    const what = missing.key ? `key ${missing.key} of ${missing.ref.kind} ${missing.ref.name}` : `${missing.ref.kind} ${missing.ref.name}`;
    const remediation: Remediation[] = [];
    const ro = rolloutOf(ctx, workload);
    const newRefs = ro?.changes.some((c) => `${c.path} ${c.after ?? ""}`.includes(missing!.ref.name) && c.after !== undefined && !(c.before ?? "").includes(missing!.ref.name));
    if (ro?.previous && newRefs) {
      remediation.push({
        description: `Roll ${workload.name} back to revision ${ro.previous.revision}, which did not reference ${missing.ref.name}.`,
        command: tryCommand(() => k.rolloutUndo(workload, ro.previous!.revision)),
      });
    }
    remediation.push({
      description: missing.key
        ? `Add the key ${missing.key} to ${missing.ref.kind} ${missing.ref.name} in namespace ${missing.ref.namespace} (or fix the key name the workload references).`
        : `Create ${missing.ref.kind} ${missing.ref.name} in namespace ${missing.ref.namespace} with the keys the workload expects (or fix the name it references).`,
      needsJudgment: true,
      warning: missing.ref.kind === "Secret" ? "Secret values come from your secret store; never paste them into chat." : undefined,
    });
    if (missing.ref.kind === "ConfigMap" && !missing.key) {
      // The keys the pod asks for by name (configMapKeyRef); envFrom/volume references need whatever the app reads.
      const keys = new Set<string>();
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) for (const e of c.env ?? []) if (e.valueFrom?.configMapKeyRef?.name === missing.ref.name) keys.add(e.valueFrom.configMapKeyRef.key);
      const skeleton = tryCommand(() => `${k.createConfigMap(missing!.ref.namespace ?? pod.metadata.namespace, missing!.ref.name, Object.fromEntries([...keys].map((x) => [x, "CHANGE_ME"])))} --dry-run=client -o yaml`);
      if (skeleton) remediation.push({ description: `Generate a ${missing.ref.name} manifest to fill in and apply${keys.size ? ` (keys the pod reads: ${[...keys].join(", ")})` : ""}.`, command: skeleton, needsJudgment: true, warning: "Prints YAML only; replace CHANGE_ME with the real values before kubectl apply -f." });
    }
    const list = tryCommand(() => k.getList(missing!.ref.kind, missing!.ref.namespace ?? pod.metadata.namespace));
    if (list) remediation.push({ description: `See which ${missing.ref.kind}s exist in the namespace.`, command: list });
    return [{
      analyzer: "missing-config-ref",
      category: "missing-config-ref",
      culprit: workload,
      confidence: evidence.some((e) => e.type === "status" || e.type === "event") ? "high" : "medium",
      summary: `${workload.kind.toLowerCase()}/${workload.name} references ${what}, which does not exist: its pod cannot start.`,
      evidence,
      remediation,
      specificity: 0.85,
    }];
  },
};
