/**
 * Validation of kubectl commands before a person sees them (model-proposed ones, and the remediation check of
 * deterministic ones). A command passes only when it is one kubectl invocation with no shell expansion, uses a
 * verb from the allowlist, carries no flag that redirects it (another cluster, identity, raw API), and acts on
 * a resource the investigation discovered. Everything else is rejected with a reason.
 */
import { K8S_NAME_RE, refId, type ResourceRef } from "../../../../shared/src/index.js";

/** What the investigation knows: every discovered resource (refIds, missing ones included) and namespaces. */
export interface KnownResources {
  ids: Set<string>;
  namespaces: Set<string>;
}

export type CommandVerdict = { ok: true; verb: string; targets: ResourceRef[] } | { ok: false; reason: string };

const KIND_ALIASES: Record<string, string> = {
  po: "Pod", pod: "Pod", pods: "Pod",
  deploy: "Deployment", deployment: "Deployment", deployments: "Deployment",
  rs: "ReplicaSet", replicaset: "ReplicaSet", replicasets: "ReplicaSet",
  sts: "StatefulSet", statefulset: "StatefulSet", statefulsets: "StatefulSet",
  ds: "DaemonSet", daemonset: "DaemonSet", daemonsets: "DaemonSet",
  job: "Job", jobs: "Job", cj: "CronJob", cronjob: "CronJob", cronjobs: "CronJob",
  svc: "Service", service: "Service", services: "Service",
  ep: "Endpoints", endpoints: "Endpoints",
  ing: "Ingress", ingress: "Ingress", ingresses: "Ingress", ingressclass: "IngressClass", ingressclasses: "IngressClass",
  netpol: "NetworkPolicy", networkpolicy: "NetworkPolicy", networkpolicies: "NetworkPolicy",
  cm: "ConfigMap", configmap: "ConfigMap", configmaps: "ConfigMap",
  secret: "Secret", secrets: "Secret",
  sa: "ServiceAccount", serviceaccount: "ServiceAccount", serviceaccounts: "ServiceAccount",
  pvc: "PersistentVolumeClaim", persistentvolumeclaim: "PersistentVolumeClaim", persistentvolumeclaims: "PersistentVolumeClaim",
  pv: "PersistentVolume", persistentvolume: "PersistentVolume", persistentvolumes: "PersistentVolume",
  sc: "StorageClass", storageclass: "StorageClass", storageclasses: "StorageClass",
  hpa: "HorizontalPodAutoscaler", horizontalpodautoscaler: "HorizontalPodAutoscaler", horizontalpodautoscalers: "HorizontalPodAutoscaler",
  pdb: "PodDisruptionBudget", poddisruptionbudget: "PodDisruptionBudget", poddisruptionbudgets: "PodDisruptionBudget",
  quota: "ResourceQuota", resourcequota: "ResourceQuota", resourcequotas: "ResourceQuota",
  limits: "LimitRange", limitrange: "LimitRange", limitranges: "LimitRange",
  no: "Node", node: "Node", nodes: "Node", ns: "Namespace", namespace: "Namespace", namespaces: "Namespace",
  role: "Role", roles: "Role", rolebinding: "RoleBinding", rolebindings: "RoleBinding",
  ev: "Event", event: "Event", events: "Event",
};
const CLUSTER_SCOPED = new Set(["Node", "Namespace", "PersistentVolume", "StorageClass", "IngressClass"]);

/** Verbs a remediation may use, and how many words (verb + subcommand) they take. Everything else is refused. */
const READ_ONLY = new Set(["get", "describe", "logs", "top", "explain"]);
const MUTATING: Record<string, string[] | null> = {
  scale: null, patch: null, label: null, annotate: null, cordon: null, uncordon: null, taint: null, autoscale: null,
  set: ["resources", "image", "env"],
  rollout: ["undo", "restart", "status", "history", "resume"],
  create: ["configmap", "role", "rolebinding", "job"],
};
/** Never: destructive, interactive, exfiltrating or API-redirecting. Named so the reason is explicit. */
const FORBIDDEN_VERBS = new Set(["delete", "exec", "cp", "port-forward", "proxy", "attach", "run", "debug", "drain", "replace", "edit", "apply", "kustomize", "plugin", "config", "certificate", "auth", "wait", "expose", "events"]);
const FORBIDDEN_FLAGS = /^--?(kubeconfig|server|s|token|as|as-group|as-uid|user|context|cluster|insecure-skip-tls-verify|certificate-authority|client-key|client-certificate|raw|filename|f|kustomize|k|output-watch|watch|w|force|grace-period|prune|cascade)(=|$)/;
/** Flags that take a separate value (so the next word is not a resource). */
const VALUE_FLAGS = new Set(["-n", "--namespace", "-c", "--container", "-l", "--selector", "-p", "--patch", "--type", "--field-selector", "-o", "--output", "--replicas", "--to-revision", "--limits", "--requests", "--from-literal", "--verb", "--resource", "--role", "--clusterrole", "--serviceaccount", "--tail", "--since", "--min", "--max", "--cpu-percent", "--revision", "--image", "--dry-run", "--from"]);

/** Split like a POSIX shell would, accepting only literal text: bare safe characters and single-quoted strings. */
export function splitLiteral(cmd: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (ch === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) return { error: "unterminated quote" };
      cur += cmd.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === "\\" && cmd[i + 1] === "'") {
      cur += "'";
      inWord = true;
      i++;
    } else if (ch === " ") {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else if (/[A-Za-z0-9_./:=@%+,-]/.test(ch)) {
      cur += ch;
      inWord = true;
    } else {
      return { error: `shell metacharacter ${JSON.stringify(ch)} outside single quotes` };
    }
  }
  if (inWord) words.push(cur);
  return { words };
}

export function validateCommand(cmd: string, known: KnownResources): CommandVerdict {
  if (cmd.length > 2000) return { ok: false, reason: "command is too long" };
  if (/[\n\r\0]/.test(cmd)) return { ok: false, reason: "command spans several lines" };
  const split = splitLiteral(cmd.trim());
  if ("error" in split) return { ok: false, reason: split.error };
  const w = split.words;
  if (w[0] !== "kubectl") return { ok: false, reason: "only kubectl commands are allowed" };
  const verb = w[1] ?? "";
  if (FORBIDDEN_VERBS.has(verb)) return { ok: false, reason: `kubectl ${verb} is never suggested` };
  const isRead = READ_ONLY.has(verb);
  if (!isRead && !(verb in MUTATING)) return { ok: false, reason: `kubectl ${verb || "(no verb)"} is not an allowed remediation` };
  let rest = w.slice(2);
  let sub = "";
  const subs = MUTATING[verb];
  if (subs) {
    sub = rest[0] ?? "";
    if (!subs.includes(sub)) return { ok: false, reason: `kubectl ${verb} ${sub || "(none)"} is not an allowed remediation` };
    rest = rest.slice(1);
  }
  // Separate flags from positional words.
  const positional: string[] = [];
  let namespace: string | undefined;
  let from: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith("-")) {
      if (FORBIDDEN_FLAGS.test(a)) return { ok: false, reason: `flag ${a.split("=")[0]} is not allowed` };
      if (a === "-A" || a === "--all-namespaces") {
        if (!isRead) return { ok: false, reason: "a change may not span all namespaces" };
        continue;
      }
      if (a === "--all" || a.startsWith("--all=")) return { ok: false, reason: "--all is not allowed" };
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      const value = inline ?? (VALUE_FLAGS.has(flag) ? rest[++i] : undefined);
      if (flag === "-n" || flag === "--namespace") namespace = value;
      if (flag === "--from") from = value;
      continue;
    }
    positional.push(a);
  }
  if (namespace !== undefined && !K8S_NAME_RE.test(namespace)) return { ok: false, reason: `namespace ${JSON.stringify(namespace)} is not a valid name` };
  if (namespace !== undefined && !known.namespaces.has(namespace)) return { ok: false, reason: `namespace ${namespace} was not part of this investigation` };

  const targets: ResourceRef[] = [];
  const target = (kind: string, name: string): string | undefined => {
    if (!K8S_NAME_RE.test(name) || name.length > 253) return `${JSON.stringify(name)} is not a valid Kubernetes name`;
    const scoped = !CLUSTER_SCOPED.has(kind);
    if (scoped && !namespace) return `${kind} ${name}: the command must name its namespace (-n)`;
    const ref: ResourceRef = scoped ? { kind, namespace, name } : { kind, name };
    targets.push(ref);
    return known.ids.has(refId(ref)) ? undefined : `${kind.toLowerCase()}/${name}${scoped ? ` in ${namespace}` : ""} is not among the discovered resources`;
  };

  if (verb === "create") {
    // Creating the object a workload references (a missing ConfigMap, a Role for its ServiceAccount) in a known namespace.
    const name = positional[0];
    if (!name) return { ok: false, reason: "create needs a name" };
    if (!K8S_NAME_RE.test(name)) return { ok: false, reason: `${JSON.stringify(name)} is not a valid Kubernetes name` };
    if (!namespace) return { ok: false, reason: "create must name its namespace (-n)" };
    if (sub === "job") {
      // Only a manual run of a discovered CronJob (`create job x --from=cronjob/y`).
      const m = /^(cronjob|cronjobs|cj)\/(.+)$/.exec(from ?? "");
      if (!m) return { ok: false, reason: "create job only as --from=cronjob/<name>" };
      const err = target("CronJob", m[2]!);
      if (err) return { ok: false, reason: err };
    }
    targets.push({ kind: sub === "job" ? "Job" : KIND_ALIASES[sub]!, namespace, name });
    return { ok: true, verb: `${verb} ${sub}`, targets };
  }
  if (verb === "logs") {
    const pod = positional[0]?.replace(/^(pod|pods|po)\//, "");
    if (!pod) return { ok: false, reason: "logs needs a pod" };
    const err = target("Pod", pod);
    return err ? { ok: false, reason: err } : { ok: true, verb, targets };
  }
  if (verb === "cordon" || verb === "uncordon" || verb === "taint") {
    let args = positional;
    if (verb === "taint") {
      if (!["node", "nodes", "no"].includes(args[0] ?? "")) return { ok: false, reason: "taint acts on nodes only" };
      args = args.slice(1);
    }
    const err = args[0] ? target("Node", args[0]) : "needs a node name";
    return err ? { ok: false, reason: err } : { ok: true, verb, targets };
  }
  // kind/name forms, or `kind name...`; key=value words (set env, label, annotate) and trailing taint specs are not resources.
  const words = positional.filter((p) => !p.includes("=") && !p.endsWith("-"));
  if (!words.length) return { ok: false, reason: "names no resource" };
  if (words[0]!.includes("/")) {
    for (const word of words) {
      if (!word.includes("/")) {
        if (verb === "top") continue;
        return { ok: false, reason: `unexpected argument ${JSON.stringify(word)}` };
      }
      const [k, n] = word.split("/", 2) as [string, string];
      const kind = KIND_ALIASES[k.toLowerCase()];
      if (!kind) return { ok: false, reason: `unknown kind ${JSON.stringify(k)}` };
      const err = target(kind, n);
      if (err) return { ok: false, reason: err };
    }
  } else {
    const kind = KIND_ALIASES[words[0]!.toLowerCase()];
    if (!kind) return { ok: false, reason: `unknown kind ${JSON.stringify(words[0])}` };
    const names = words.slice(1);
    if (!names.length) {
      // A list: fine to read within a known namespace (or cluster-scoped), never to change.
      if (!isRead) return { ok: false, reason: `kubectl ${verb} needs a named ${kind}` };
      return { ok: true, verb, targets };
    }
    for (const n of names) {
      const err = target(kind, n);
      if (err) return { ok: false, reason: err };
    }
  }
  return { ok: true, verb: sub ? `${verb} ${sub}` : verb, targets };
}

export function knownResources(graphs: { nodes: { id: string; ref: ResourceRef }[] }[], extra: ResourceRef[] = []): KnownResources {
  const ids = new Set<string>();
  const namespaces = new Set<string>();
  for (const g of graphs) {
    for (const n of g.nodes) {
      ids.add(n.id);
      if (n.ref.namespace) namespaces.add(n.ref.namespace);
      if (n.ref.kind === "Namespace") namespaces.add(n.ref.name);
    }
  }
  for (const r of extra) {
    ids.add(refId(r));
    if (r.namespace) namespaces.add(r.namespace);
  }
  return { ids, namespaces };
}
