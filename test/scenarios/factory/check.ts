import { z } from "zod";
import type { Expected, KubeObject, PodLogs, ResourceRef, ScenarioMeta } from "../../../shared/src/index.js";

/**
 * Self-consistency checks of one scenario: what a real API server and Alertmanager could have served.
 * Returns the list of problems (empty when consistent) so tests can assert both ways.
 */

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

export const AlertmanagerAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: z.record(z.string(), z.string()).refine((l) => !!l.alertname, "labels.alertname is required"),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string().regex(RFC3339),
  endsAt: z.string().regex(RFC3339),
  generatorURL: z.string().url(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});

/** Alertmanager webhook payload, version 4 (all required fields of alertmanager/notify/webhook). */
export const AlertmanagerWebhookSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().min(1),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.string().url(),
  alerts: z.array(AlertmanagerAlertSchema).min(1),
});

/** Alert label → kind of the object it names (kube-prometheus-stack label conventions). */
const LABEL_KINDS: Array<[string, string]> = [
  ["pod", "Pod"], ["deployment", "Deployment"], ["statefulset", "StatefulSet"], ["daemonset", "DaemonSet"], ["job_name", "Job"],
  ["cronjob", "CronJob"], ["horizontalpodautoscaler", "HorizontalPodAutoscaler"], ["persistentvolumeclaim", "PersistentVolumeClaim"],
  ["ingress", "Ingress"], ["service", "Service"],
];

const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ""}/${name}`;

export interface CheckInput {
  meta: ScenarioMeta;
  objects: KubeObject[];
  logs: Map<string, PodLogs>;
  alertBody: unknown;
  expected: Expected;
}

function walkTimes(v: unknown, path: string, out: Array<[string, string]>) {
  if (typeof v === "string") {
    if (RFC3339.test(v)) out.push([path, v]);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => walkTimes(x, `${path}[${i}]`, out));
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) walkTimes(x, `${path}.${k}`, out);
  }
}

export function checkScenario(s: CheckInput): string[] {
  const problems: string[] = [];
  const now = Date.parse(s.meta.now);
  const byKey = new Map<string, KubeObject>();
  const clusterScoped = new Set(["Namespace", "Node", "PersistentVolume", "StorageClass", "IngressClass", "ClusterRole", "ClusterRoleBinding", "NodeMetrics"]);
  for (const o of s.objects) {
    const k = key(o.kind, o.metadata.namespace, o.metadata.name);
    if (byKey.has(k)) problems.push(`duplicate object ${k}`);
    byKey.set(k, o);
    if (!clusterScoped.has(o.kind) && !o.metadata.namespace) problems.push(`${o.kind} ${o.metadata.name} has no namespace`);
    if (o.kind !== "PodMetrics" && o.kind !== "NodeMetrics" && !o.metadata.uid) problems.push(`${k} has no uid`);
  }
  const uids = new Map<string, string>();
  for (const o of s.objects) {
    if (!o.metadata.uid) continue;
    const prev = uids.get(o.metadata.uid);
    if (prev) problems.push(`uid ${o.metadata.uid} shared by ${prev} and ${key(o.kind, o.metadata.namespace, o.metadata.name)}`);
    uids.set(o.metadata.uid, key(o.kind, o.metadata.namespace, o.metadata.name));
  }
  const exists = (kind: string, ns: string | undefined, name: string) => byKey.has(key(kind, clusterScoped.has(kind) ? undefined : ns, name));

  // Namespaced objects live in namespaces that exist.
  // "default" exists in every cluster (node events live there) even when a scenario does not list it.
  const namespaces = new Set(["default", ...s.objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name)]);
  for (const o of s.objects) {
    if (o.metadata.namespace && !namespaces.has(o.metadata.namespace)) problems.push(`${key(o.kind, o.metadata.namespace, o.metadata.name)}: namespace ${o.metadata.namespace} does not exist`);
  }

  for (const o of s.objects) {
    const where = key(o.kind, o.metadata.namespace, o.metadata.name);
    for (const ref of o.metadata.ownerReferences ?? []) {
      const owner = byKey.get(key(ref.kind, clusterScoped.has(ref.kind) ? undefined : o.metadata.namespace, ref.name));
      if (!owner) problems.push(`${where}: owner ${ref.kind}/${ref.name} does not exist`);
      else if (owner.metadata.uid !== ref.uid) problems.push(`${where}: owner ${ref.kind}/${ref.name} uid ${ref.uid} != ${owner.metadata.uid}`);
    }
    if (o.kind === "Event") {
      const io = o.involvedObject ?? {};
      const target = byKey.get(key(io.kind, clusterScoped.has(io.kind) ? undefined : io.namespace, io.name));
      if (!target) problems.push(`${where}: involvedObject ${io.kind}/${io.namespace ?? ""}/${io.name} does not exist`);
      else if (io.uid && target.metadata.uid !== io.uid) problems.push(`${where}: involvedObject uid ${io.uid} != ${target.metadata.uid}`);
      if (o.firstTimestamp && o.lastTimestamp && Date.parse(o.firstTimestamp) > Date.parse(o.lastTimestamp)) problems.push(`${where}: firstTimestamp after lastTimestamp`);
    }
    if (o.kind === "Pod" && o.spec?.nodeName && !exists("Node", undefined, o.spec.nodeName)) problems.push(`${where}: node ${o.spec.nodeName} does not exist`);
    if (o.kind === "Endpoints") {
      for (const sub of o.subsets ?? []) {
        for (const a of [...(sub.addresses ?? []), ...(sub.notReadyAddresses ?? [])]) {
          const p = a.targetRef && byKey.get(key("Pod", a.targetRef.namespace, a.targetRef.name));
          if (a.targetRef && (!p || p.metadata.uid !== a.targetRef.uid)) problems.push(`${where}: address ${a.ip} targets missing pod ${a.targetRef.name}`);
          if (p && p.status?.podIP !== a.ip) problems.push(`${where}: address ${a.ip} != pod IP ${p.status?.podIP}`);
        }
      }
    }
    if (o.kind === "PodMetrics" && !exists("Pod", o.metadata.namespace, o.metadata.name)) problems.push(`${where}: pod does not exist`);
    if (o.kind === "Pod") {
      // A controller only owns pods its selector matches; container statuses describe the spec's containers.
      const ref = o.metadata.ownerReferences?.find((r) => r.controller);
      const owner = ref && byKey.get(key(ref.kind, o.metadata.namespace, ref.name));
      const sel: Record<string, string> | undefined = owner?.spec?.selector?.matchLabels;
      if (sel && Object.entries(sel).some(([k, v]) => o.metadata.labels?.[k] !== v)) problems.push(`${where}: labels do not match the selector of its owner ${ref!.kind}/${ref!.name}`);
      const names = new Set((o.spec?.containers ?? []).map((c: any) => c.name));
      for (const cs of o.status?.containerStatuses ?? []) if (!names.has(cs.name)) problems.push(`${where}: status of unknown container ${cs.name}`);
    }
    if (o.kind === "ReplicaSet") {
      const hash = o.metadata.labels?.["pod-template-hash"];
      if (hash && !o.metadata.name.endsWith(`-${hash}`)) problems.push(`${where}: name does not end with its pod-template-hash ${hash}`);
    }
    if (o.kind === "Deployment") {
      const sets = s.objects.filter((x) => x.kind === "ReplicaSet" && x.metadata.namespace === o.metadata.namespace && x.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
      const revs = sets.map((x) => Number(x.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0));
      const rev = Number(o.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
      if (sets.length && rev !== Math.max(...revs)) problems.push(`${where}: revision ${rev} is not its newest ReplicaSet's (${Math.max(...revs)})`);
    }
    if (o.kind === "Endpoints") {
      const ready = (n: string) => byKey.get(key("Pod", o.metadata.namespace, n))?.status?.conditions?.some((x: any) => x.type === "Ready" && x.status === "True");
      for (const sub of o.subsets ?? []) {
        for (const a of sub.addresses ?? []) if (a.targetRef && ready(a.targetRef.name) === false) problems.push(`${where}: unready pod ${a.targetRef.name} listed as ready address`);
        for (const a of sub.notReadyAddresses ?? []) if (a.targetRef && ready(a.targetRef.name)) problems.push(`${where}: ready pod ${a.targetRef.name} listed as not ready`);
      }
    }

    const times: Array<[string, string]> = [];
    walkTimes(o, where, times);
    for (const [path, t] of times) if (Date.parse(t) > now) problems.push(`${path} = ${t} is after now (${s.meta.now})`);
  }

  for (const [podKey, l] of s.logs) {
    const [ns, name] = podKey.split("/");
    const p = byKey.get(key("Pod", ns, name!));
    if (!p) {
      problems.push(`PodLogs ${podKey}: pod does not exist`);
      continue;
    }
    for (const [container, text] of Object.entries(l.containers)) {
      if (!p.spec.containers.some((c: any) => c.name === container) && !(p.spec.initContainers ?? []).some((c: any) => c.name === container)) problems.push(`PodLogs ${podKey}: no container ${container}`);
      for (const line of `${text.current ?? ""}\n${text.previous ?? ""}`.split("\n")) {
        const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s/.exec(line);
        if (m && Date.parse(m[1]!) > now) problems.push(`PodLogs ${podKey}/${container}: line at ${m[1]} is after now`);
      }
    }
  }

  const culprits = ([] as ResourceRef[]).concat(s.expected.culprit ?? []);
  for (const c of [...culprits, ...(s.expected.remediationTargets ?? [])]) {
    if (!exists(c.kind, c.namespace, c.name)) problems.push(`expected resource ${c.kind}/${c.namespace ?? ""}/${c.name} does not exist in cluster.yaml`);
  }
  // What a correct report must mention has to be discoverable in the evidence the scenario serves.
  const evidence = `${JSON.stringify(s.objects)}\n${JSON.stringify([...s.logs.values()])}`.toLowerCase();
  for (const m of s.expected.mustMention ?? []) if (!evidence.includes(m.toLowerCase())) problems.push(`mustMention "${m}" appears nowhere in cluster.yaml`);
  const categories = ([] as string[]).concat(s.expected.category);
  if ((categories.includes("external-dependency") || categories.includes("unknown")) && culprits.length && categories.length === 1) {
    problems.push(`category ${categories[0]} has no culprit, but expected.yaml names one`);
  }

  if (s.meta.alertSource === "alertmanager") {
    const parsed = AlertmanagerWebhookSchema.safeParse(s.alertBody);
    if (!parsed.success) {
      problems.push(`alert.json is not an Alertmanager v4 webhook: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    } else {
      for (const a of parsed.data.alerts) {
        if (Date.parse(a.startsAt) > now) problems.push(`alert startsAt ${a.startsAt} is after now`);
        const l = a.labels;
        if (l.namespace && !namespaces.has(l.namespace)) problems.push(`alert label namespace=${l.namespace} names no Namespace`);
        // Labels of the kube-state-metrics target (container="kube-state-metrics") name the exporter, not the workload.
        const exporterTarget = l.container === "kube-state-metrics" || l.job === "kube-state-metrics" && l.service === "kube-prometheus-stack-kube-state-metrics";
        for (const [label, kind] of LABEL_KINDS) {
          if (!l[label]) continue;
          if ((label === "pod" && l.container === "kube-state-metrics") || (label === "service" && exporterTarget)) continue;
          if (!exists(kind, l.namespace, l[label]!)) problems.push(`alert label ${label}=${l[label]} names no ${kind} in namespace ${l.namespace ?? "?"}`);
        }
        if (l.node && !exists("Node", undefined, l.node)) problems.push(`alert label node=${l.node} names no Node`);
        const text = JSON.stringify(a.annotations).toLowerCase();
        for (const c of categories) if (text.includes(c)) problems.push(`alert annotations state the answer (${c})`);
      }
      for (const [k, v] of Object.entries(parsed.data.commonLabels)) {
        if (parsed.data.alerts.some((a) => a.labels[k] !== v)) problems.push(`commonLabels.${k} is not common to all alerts`);
      }
      for (const [k, v] of Object.entries(parsed.data.groupLabels)) {
        if (parsed.data.commonLabels[k] !== v) problems.push(`groupLabels.${k} is not in commonLabels`);
      }
    }
  } else if (!s.alertBody || typeof s.alertBody !== "object") {
    problems.push(`alert.json is not a JSON object for source ${s.meta.alertSource}`);
  }
  return problems;
}
