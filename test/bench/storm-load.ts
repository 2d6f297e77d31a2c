/**
 * The alert storm's traffic, as Alertmanager would send it: distinct single-alert groups, groups that grow
 * (each update carries the whole group so far), and verbatim repeats (repeat_interval, retries after a timeout).
 * Deterministic for a seed, so two runs send the same thing.
 */
import { createHash } from "node:crypto";

export interface StormPod {
  namespace: string;
  name: string;
  container: string;
}

export interface StormWebhook {
  kind: "distinct" | "group-update" | "repeat";
  body: AmWebhook;
}

interface AmAlert {
  status: "firing";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

interface AmWebhook {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: "firing";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AmAlert[];
}

const ALERTNAMES = ["KubePodCrashLooping", "KubePodNotReady", "KubeContainerWaiting"];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Alertmanager's fingerprint is a hash of the label set; any stable hash of it behaves the same here. */
const fingerprintOf = (labels: Record<string, string>) =>
  createHash("sha256").update(JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))).digest("hex").slice(0, 16);

function alertFor(alertname: string, pod: StormPod, cluster: string, startsAt: string): AmAlert {
  const labels = { alertname, cluster, namespace: pod.namespace, pod: pod.name, container: pod.container, severity: "warning", job: "kube-state-metrics" };
  return {
    status: "firing", labels, startsAt, endsAt: "0001-01-01T00:00:00Z",
    annotations: { summary: `${alertname} on ${pod.namespace}/${pod.name}`, description: `Pod ${pod.namespace}/${pod.name} (${pod.container}) is not healthy.` },
    generatorURL: "http://prometheus.monitoring:9090/graph", fingerprint: fingerprintOf(labels),
  };
}

function webhook(groupLabels: Record<string, string>, alerts: AmAlert[]): AmWebhook {
  const key = Object.entries(groupLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
  return {
    version: "4", groupKey: `{}:{${key}}`, truncatedAlerts: 0, status: "firing", receiver: "kubesleuth",
    groupLabels, commonLabels: { ...groupLabels, severity: "warning" }, commonAnnotations: {},
    externalURL: "http://alertmanager.monitoring:9093", alerts,
  };
}

/**
 * `distinct` single-alert webhooks (each its own pod), `groups` groups growing by one pod per update for
 * `updatesPerGroup` updates, and repeats of earlier webhooks to reach `total`. Interleaved at random; a
 * repeat or an update always comes after what it repeats or extends.
 */
export function stormTraffic(pods: StormPod[], o: { total: number; distinct: number; groups: number; updatesPerGroup: number; cluster: string; startsAt: string; seed: number }): StormWebhook[] {
  const rand = rng(o.seed);
  const need = o.distinct + o.groups * o.updatesPerGroup;
  if (pods.length < need) throw new Error(`storm needs ${need} pods, the cluster has ${pods.length}`);
  if (o.total < o.distinct + o.groups * o.updatesPerGroup) throw new Error("total is smaller than distinct + group updates");
  // Groups take their pods from one namespace each (Alertmanager groups by alertname + namespace here).
  const byNs = new Map<string, StormPod[]>();
  for (const p of [...pods].sort(() => rand() - 0.5)) byNs.set(p.namespace, [...(byNs.get(p.namespace) ?? []), p]);
  const used = new Set<StormPod>();
  // Streams that must keep their inner order; merged at random.
  const streams: StormWebhook[][] = [];
  let g = 0;
  for (const [ns, members] of [...byNs].sort((a, b) => b[1].length - a[1].length)) {
    if (g >= o.groups) break;
    if (members.length < o.updatesPerGroup) break;
    const name = ALERTNAMES[g % ALERTNAMES.length]!;
    const chosen = members.slice(0, o.updatesPerGroup);
    chosen.forEach((p) => used.add(p));
    const stream: StormWebhook[] = [];
    for (let u = 1; u <= chosen.length; u++) {
      const alerts = chosen.slice(0, u).map((p) => alertFor(name, p, o.cluster, o.startsAt));
      stream.push({ kind: "group-update", body: webhook({ alertname: name, namespace: ns }, alerts) });
    }
    streams.push(stream);
    g++;
  }
  if (g < o.groups) throw new Error(`only ${g} namespaces have ${o.updatesPerGroup} pods for the ${o.groups} groups`);
  const rest = [...byNs.values()].flat().filter((p) => !used.has(p));
  for (let i = 0; i < o.distinct; i++) {
    const pod = rest[i]!;
    const name = ALERTNAMES[i % ALERTNAMES.length]!;
    streams.push([{ kind: "distinct", body: webhook({ alertname: name, namespace: pod.namespace, pod: pod.name }, [alertFor(name, pod, o.cluster, o.startsAt)]) }]);
  }
  const out: StormWebhook[] = [];
  let repeatsLeft = o.total - o.distinct - o.groups * o.updatesPerGroup;
  while (streams.some((s) => s.length) || repeatsLeft > 0) {
    if (repeatsLeft > 0 && out.length > 0 && rand() < repeatsLeft / (repeatsLeft + streams.reduce((n, s) => n + s.length, 0))) {
      out.push({ kind: "repeat", body: out[Math.floor(rand() * out.length)]!.body });
      repeatsLeft--;
      continue;
    }
    const open = streams.filter((s) => s.length);
    if (!open.length) continue;
    out.push(open[Math.floor(rand() * open.length)]!.shift()!);
  }
  return out;
}
