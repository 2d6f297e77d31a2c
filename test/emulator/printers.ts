/**
 * Server-side Table columns per kind, following kubernetes/pkg/printers/internalversion/printers.go (column names,
 * priorities and cell formats) so `kubectl get` prints what it prints against a real cluster.
 */
import { since, humanDuration } from "./duration.js";

export interface Column { name: string; type: string; format: string; description: string; priority: number }
export interface Printer { columns: Column[]; cells(o: any, now: number): unknown[] }

const col = (name: string, type = "string", priority = 0, format = ""): Column => ({ name, type, format, description: name, priority });
const NAME = col("Name", "string", 0, "name");
const AGE = col("Age");
const WIDE_CONTAINERS = [col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)];

const none = (s: string | undefined | null, dflt = "<none>") => (s ? s : dflt);
const n = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0) || 0);

function containersAndImages(podSpec: any): [string, string] {
  const cs: any[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(",")];
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(sel: any): string {
  if (!sel) return "<none>";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator ?? "").toLowerCase();
    if (op === "exists") parts.push(e.key);
    else if (op === "doesnotexist") parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${[...(e.values ?? [])].sort().join(",")})`);
  }
  parts.sort();
  return parts.length ? parts.join(",") : "<none>";
}

function formatLabels(m: Record<string, string> | undefined): string {
  const parts = Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).sort();
  return parts.length ? parts.join(",") : "<none>";
}

function capped(list: string[], max: number, empty: string): string {
  if (!list.length) return empty;
  const shown = list.slice(0, max).join(",");
  return list.length > max ? `${shown} + ${list.length - max} more...` : shown;
}

function accessModes(modes: string[] | undefined): string {
  const abbr: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  const out: string[] = [];
  for (const m of ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]) if (modes?.includes(m)) out.push(abbr[m]!);
  return out.join(",");
}

const hasCondition = (o: any, type: string) => (o.status?.conditions ?? []).some((c: any) => c.type === type && c.status === "True");

/** printPod: READY / STATUS / RESTARTS exactly as kubectl shows them. */
export function podStatusCells(pod: any, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {}, status = pod.status ?? {};
  const restartableInit = new Set<string>((spec.initContainers ?? []).filter((c: any) => c.restartPolicy === "Always").map((c: any) => c.name));
  let restarts = 0, initRestartableRestarts = 0;
  const total = (spec.containers ?? []).length + restartableInit.size;
  let ready = 0;
  let lastRestart = 0, lastRestartableInitRestart = 0;
  let reason: string = status.reason || status.phase || "";
  for (const c of status.conditions ?? []) if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  const termTime = (cs: any) => Date.parse(cs.lastState?.terminated?.finishedAt ?? "") || 0;
  let initializing = false;
  const inits: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += n(c.restartCount);
    lastRestart = Math.max(lastRestart, termTime(c));
    if (restartableInit.has(c.name)) {
      initRestartableRestarts += n(c.restartCount);
      lastRestartableInitRestart = Math.max(lastRestartableInitRestart, termTime(c));
      if (c.started && c.ready) ready++;
      continue;
    }
    const t = c.state?.terminated, w = c.state?.waiting;
    if (t && n(t.exitCode) === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${n(t.exitCode)}`;
    else if (w?.reason && w.reason !== "PodInitializing") reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  if (!initializing || hasCondition(pod, "Initialized")) {
    restarts = initRestartableRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs: any[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += n(c.restartCount);
      lastRestart = Math.max(lastRestart, termTime(c));
      const w = c.state?.waiting, t = c.state?.terminated;
      if (w?.reason) reason = w.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${n(t.exitCode)}`;
      else if (c.ready && c.state?.running) { hasRunning = true; ready++; }
    }
    if (reason === "Completed" && hasRunning) reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
  }
  const meta = pod.metadata ?? {};
  if (meta.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (meta.deletionTimestamp && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  const restartsStr = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsStr };
}

function nodeStatus(o: any): string {
  const out: string[] = [];
  const readyCond = (o.status?.conditions ?? []).find((c: any) => c.type === "Ready");
  if (readyCond) out.push(readyCond.status === "True" ? "Ready" : "NotReady");
  if (!out.length) out.push("Unknown");
  if (o.spec?.unschedulable) out.push("SchedulingDisabled");
  return out.join(",");
}

function nodeRoles(o: any): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(o.metadata?.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) { const r = k.slice("node-role.kubernetes.io/".length); if (r) roles.add(r); }
    else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(",") : "<none>";
}

const nodeAddress = (o: any, type: string) => (o.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? "<none>";

function servicePorts(o: any): string {
  const ports: any[] = o.spec?.ports ?? [];
  if (!ports.length) return "<none>";
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`)).join(",");
}

function serviceExternalIP(o: any): string {
  const type = o.spec?.type ?? "ClusterIP";
  const ext: string[] = o.spec?.externalIPs ?? [];
  switch (type) {
    case "ClusterIP": case "NodePort": return ext.length ? ext.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean);
      const all = [...lb, ...ext];
      return all.length ? all.join(",") : "<pending>";
    }
    case "ExternalName": return o.spec?.externalName ?? "";
    default: return "<unknown>";
  }
}

function endpointsList(o: any): string {
  const out: string[] = [];
  for (const s of o.subsets ?? []) {
    const ports: any[] = s.ports?.length ? s.ports : [undefined];
    for (const p of ports) for (const a of s.addresses ?? []) out.push(p ? `${a.ip}:${p.port}` : a.ip);
  }
  return capped(out, 3, "<none>");
}

function hpaTargets(o: any): string {
  const specs: any[] = o.spec?.metrics ?? [];
  const current: any[] = o.status?.currentMetrics ?? [];
  if (!specs.length) return "<none>";
  const out = specs.map((m, i) => {
    const cur = current[i];
    if (m.type === "Resource" || m.type === "ContainerResource") {
      const r = m.type === "Resource" ? m.resource : m.containerResource;
      const cr = cur?.[m.type === "Resource" ? "resource" : "containerResource"];
      if (r?.target?.type === "Utilization") {
        const c = cr?.current?.averageUtilization;
        return `${r.name}: ${c === undefined ? "<unknown>" : `${c}%`}/${r.target.averageUtilization}%`;
      }
      const c = cr?.current?.averageValue;
      return `${r?.name}: ${c ?? "<unknown>"}/${r?.target?.averageValue ?? r?.target?.value}`;
    }
    const spec = m.pods ?? m.object ?? m.external ?? {};
    const target = spec.target?.averageValue ?? spec.target?.value ?? "<unknown>";
    const curv = cur?.[String(m.type ?? "").toLowerCase()]?.current;
    return `${curv?.averageValue ?? curv?.value ?? "<unknown>"}/${target}${spec.target?.averageValue ? " (avg)" : ""}`;
  });
  return out.length > 3 ? `${out.slice(0, 3).join(", ")} + ${out.length - 3} more...` : out.join(", ");
}

function quotaColumns(o: any): [string, string] {
  const hard: Record<string, string> = o.status?.hard ?? o.spec?.hard ?? {};
  const used: Record<string, string> = o.status?.used ?? {};
  const req: string[] = [], lim: string[] = [];
  for (const k of Object.keys(hard).sort()) {
    const s = `${k}: ${used[k] ?? "0"}/${hard[k]}`;
    (k.startsWith("limits.") ? lim : req).push(s);
  }
  return [req.join(", "), lim.join(", ")];
}

function eventTimes(o: any, now: number): { first: string; last: string; count: number } {
  let first = since(o.firstTimestamp, now);
  if (!o.firstTimestamp) first = since(o.eventTime, now);
  let last = o.lastTimestamp ? since(o.lastTimestamp, now) : first;
  let count = n(o.count);
  if (o.series) { last = since(o.series.lastObservedTime, now); count = n(o.series.count); }
  else if (count === 0) count = 1;
  return { first, last, count };
}

const rfc3339 = (ts: string | undefined) => (ts ? new Date(ts).toISOString().replace(/\.\d{3}Z$/, "Z") : "<unknown>");

export const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [NAME, col("Ready"), col("Status"), col("Restarts"), AGE, col("IP", "string", 1), col("Node", "string", 1), col("Nominated Node", "string", 1), col("Readiness Gates", "string", 1)],
    cells(o, now) {
      const s = podStatusCells(o, now);
      const gates: any[] = o.spec?.readinessGates ?? [];
      let gatesStr = "<none>";
      if (gates.length) {
        const trueConds = gates.filter((g) => hasCondition(o, g.conditionType)).length;
        gatesStr = `${trueConds}/${gates.length}`;
      }
      return [o.metadata.name, s.ready, s.status, s.restarts, since(o.metadata.creationTimestamp, now),
        none(o.status?.podIP), none(o.spec?.nodeName), none(o.status?.nominatedNodeName), gatesStr];
    },
  },
  Deployment: {
    columns: [NAME, col("Ready"), col("Up-to-date", "integer"), col("Available", "integer"), AGE, ...WIDE_CONTAINERS],
    cells(o, now) {
      const [c, i] = containersAndImages(o.spec?.template?.spec);
      return [o.metadata.name, `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`, n(o.status?.updatedReplicas), n(o.status?.availableReplicas),
        since(o.metadata.creationTimestamp, now), c, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  ReplicaSet: {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), AGE, ...WIDE_CONTAINERS],
    cells(o, now) {
      const [c, i] = containersAndImages(o.spec?.template?.spec);
      return [o.metadata.name, o.spec?.replicas ?? 1, n(o.status?.replicas), n(o.status?.readyReplicas), since(o.metadata.creationTimestamp, now), c, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  StatefulSet: {
    columns: [NAME, col("Ready"), AGE, col("Containers", "string", 1), col("Images", "string", 1)],
    cells(o, now) {
      const [c, i] = containersAndImages(o.spec?.template?.spec);
      return [o.metadata.name, `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`, since(o.metadata.creationTimestamp, now), c, i];
    },
  },
  DaemonSet: {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), col("Up-to-date", "integer"), col("Available", "integer"), col("Node Selector"), AGE, ...WIDE_CONTAINERS],
    cells(o, now) {
      const s = o.status ?? {};
      const [c, i] = containersAndImages(o.spec?.template?.spec);
      return [o.metadata.name, n(s.desiredNumberScheduled), n(s.currentNumberScheduled), n(s.numberReady), n(s.updatedNumberScheduled), n(s.numberAvailable),
        formatLabels(o.spec?.template?.spec?.nodeSelector), since(o.metadata.creationTimestamp, now), c, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  Job: {
    columns: [NAME, col("Status"), col("Completions"), col("Duration"), AGE, ...WIDE_CONTAINERS],
    cells(o, now) {
      const s = o.status ?? {};
      const status = hasCondition(o, "Complete") ? "Complete" : hasCondition(o, "Failed") ? "Failed" : o.metadata.deletionTimestamp ? "Terminating"
        : hasCondition(o, "Suspended") ? "Suspended" : hasCondition(o, "FailureTarget") ? "FailureTarget" : "Running";
      let completions: string;
      if (o.spec?.completions !== undefined && o.spec?.completions !== null) completions = `${n(s.succeeded)}/${o.spec.completions}`;
      else completions = n(o.spec?.parallelism) > 1 ? `${n(s.succeeded)}/1 of ${o.spec.parallelism}` : `${n(s.succeeded)}/1`;
      let duration = "";
      const start = Date.parse(s.startTime ?? "");
      if (!Number.isNaN(start)) duration = humanDuration((s.completionTime ? Date.parse(s.completionTime) : now) - start);
      const [c, i] = containersAndImages(o.spec?.template?.spec);
      return [o.metadata.name, status, completions, duration, since(o.metadata.creationTimestamp, now), c, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  CronJob: {
    columns: [NAME, col("Schedule"), col("Timezone"), col("Suspend", "boolean"), col("Active", "integer"), col("Last Schedule"), AGE, ...WIDE_CONTAINERS],
    cells(o, now) {
      const [c, i] = containersAndImages(o.spec?.jobTemplate?.spec?.template?.spec);
      return [o.metadata.name, o.spec?.schedule ?? "", none(o.spec?.timeZone), o.spec?.suspend ? "True" : "False", (o.status?.active ?? []).length,
        o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : "<none>", since(o.metadata.creationTimestamp, now), c, i,
        formatLabelSelector(o.spec?.jobTemplate?.spec?.selector)];
    },
  },
  Service: {
    columns: [NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, col("Selector", "string", 1)],
    cells(o, now) {
      return [o.metadata.name, o.spec?.type ?? "ClusterIP", none(o.spec?.clusterIP), serviceExternalIP(o), servicePorts(o), since(o.metadata.creationTimestamp, now), formatLabels(o.spec?.selector)];
    },
  },
  Endpoints: {
    columns: [NAME, col("Endpoints"), AGE],
    cells: (o, now) => [o.metadata.name, endpointsList(o), since(o.metadata.creationTimestamp, now)],
  },
  EndpointSlice: {
    columns: [NAME, col("AddressType"), col("Ports"), col("Endpoints"), AGE],
    cells(o, now) {
      const ports: any[] = o.ports ?? [];
      const addrs: string[] = (o.endpoints ?? []).flatMap((e: any) => e.addresses ?? []);
      return [o.metadata.name, o.addressType ?? "", ports.length ? ports.map((p) => p.port ?? "<unset>").join(",") : "<unset>", capped(addrs, 3, "<unset>"), since(o.metadata.creationTimestamp, now)];
    },
  },
  Ingress: {
    columns: [NAME, col("Class"), col("Hosts"), col("Address"), col("Ports"), AGE],
    cells(o, now) {
      const hosts: string[] = (o.spec?.rules ?? []).map((r: any) => r.host).filter(Boolean);
      const addr = (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean).join(",");
      return [o.metadata.name, none(o.spec?.ingressClassName), capped(hosts, 3, "*"), addr, (o.spec?.tls ?? []).length ? "80, 443" : "80", since(o.metadata.creationTimestamp, now)];
    },
  },
  IngressClass: {
    columns: [NAME, col("Controller"), col("Parameters"), AGE],
    cells(o, now) {
      const p = o.spec?.parameters;
      return [o.metadata.name, o.spec?.controller ?? "", p ? `${p.kind}/${p.name}` : "<none>", since(o.metadata.creationTimestamp, now)];
    },
  },
  Node: {
    columns: [NAME, col("Status"), col("Roles"), AGE, col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    cells(o, now) {
      const info = o.status?.nodeInfo ?? {};
      return [o.metadata.name, nodeStatus(o), nodeRoles(o), since(o.metadata.creationTimestamp, now), info.kubeletVersion ?? "",
        nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"), none(info.osImage, "<unknown>"), none(info.kernelVersion, "<unknown>"), none(info.containerRuntimeVersion, "<unknown>")];
    },
  },
  Namespace: {
    columns: [NAME, col("Status"), AGE],
    cells: (o, now) => [o.metadata.name, o.status?.phase ?? "Active", since(o.metadata.creationTimestamp, now)],
  },
  Event: {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Subobject", "string", 1), col("Source", "string", 1), col("Message"),
      col("First Seen", "string", 1), col("Count", "integer", 1), { ...NAME, priority: 1 }],
    cells(o, now) {
      const t = eventTimes(o, now);
      const io = o.involvedObject ?? {};
      const target = io.name ? `${String(io.kind ?? "").toLowerCase()}/${io.name}` : String(io.kind ?? "").toLowerCase();
      const src = o.source?.component ? (o.source.host ? `${o.source.component}, ${o.source.host}` : o.source.component) : (o.reportingComponent ?? "");
      return [t.last, o.type ?? "", o.reason ?? "", target, io.fieldPath ?? "", src, String(o.message ?? "").trim(), t.first, t.count, o.metadata.name];
    },
  },
  ConfigMap: {
    columns: [NAME, col("Data", "integer"), AGE],
    cells: (o, now) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, since(o.metadata.creationTimestamp, now)],
  },
  Secret: {
    columns: [NAME, col("Type"), col("Data", "integer"), AGE],
    cells: (o, now) => [o.metadata.name, o.type ?? "Opaque", Object.keys(o.data ?? {}).length, since(o.metadata.creationTimestamp, now)],
  },
  ServiceAccount: {
    columns: [NAME, col("Secrets", "integer"), AGE],
    cells: (o, now) => [o.metadata.name, (o.secrets ?? []).length, since(o.metadata.creationTimestamp, now)],
  },
  PersistentVolumeClaim: {
    columns: [NAME, col("Status"), col("Volume"), col("Capacity"), col("Access Modes"), col("StorageClass"), col("VolumeAttributesClass"), AGE, col("VolumeMode", "string", 1)],
    cells(o, now) {
      const bound = !!o.spec?.volumeName;
      const phase = o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "Pending");
      const sc = o.spec?.storageClassName ?? o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
      return [o.metadata.name, phase, o.spec?.volumeName ?? "", bound ? (o.status?.capacity?.storage ?? "") : "", bound ? accessModes(o.status?.accessModes) : "",
        sc, none(o.spec?.volumeAttributesClassName, "<unset>"), since(o.metadata.creationTimestamp, now), o.spec?.volumeMode ?? "Filesystem"];
    },
  },
  PersistentVolume: {
    columns: [NAME, col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"), col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), AGE, col("VolumeMode", "string", 1)],
    cells(o, now) {
      const ref = o.spec?.claimRef;
      return [o.metadata.name, o.spec?.capacity?.storage ?? "", accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? "Retain",
        o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? ""), ref ? `${ref.namespace}/${ref.name}` : "", o.spec?.storageClassName ?? "",
        none(o.spec?.volumeAttributesClassName, "<unset>"), o.status?.reason ?? "", since(o.metadata.creationTimestamp, now), o.spec?.volumeMode ?? "Filesystem"];
    },
  },
  StorageClass: {
    columns: [NAME, col("Provisioner"), col("ReclaimPolicy"), col("VolumeBindingMode"), col("AllowVolumeExpansion", "boolean"), AGE],
    cells(o, now) {
      const ann = o.metadata.annotations ?? {};
      const dflt = ann["storageclass.kubernetes.io/is-default-class"] === "true" || ann["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      return [dflt ? `${o.metadata.name} (default)` : o.metadata.name, o.provisioner ?? "", o.reclaimPolicy ?? "Delete", o.volumeBindingMode ?? "Immediate",
        !!o.allowVolumeExpansion, since(o.metadata.creationTimestamp, now)];
    },
  },
  HorizontalPodAutoscaler: {
    columns: [NAME, col("Reference"), col("Targets"), col("MinPods"), col("MaxPods", "integer"), col("Replicas", "integer"), AGE],
    cells(o, now) {
      const ref = o.spec?.scaleTargetRef ?? {};
      return [o.metadata.name, `${ref.kind}/${ref.name}`, hpaTargets(o), o.spec?.minReplicas ?? "<unset>", n(o.spec?.maxReplicas), n(o.status?.currentReplicas), since(o.metadata.creationTimestamp, now)];
    },
  },
  PodDisruptionBudget: {
    columns: [NAME, col("Min Available"), col("Max Unavailable"), col("Allowed Disruptions", "integer"), AGE],
    cells: (o, now) => [o.metadata.name, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : "N/A", o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : "N/A",
      n(o.status?.disruptionsAllowed), since(o.metadata.creationTimestamp, now)],
  },
  ResourceQuota: {
    columns: [NAME, AGE, col("Request"), col("Limit")],
    cells(o, now) {
      const [req, lim] = quotaColumns(o);
      return [o.metadata.name, since(o.metadata.creationTimestamp, now), req, lim];
    },
  },
  LimitRange: { columns: [NAME, col("Created At", "date")], cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)] },
  NetworkPolicy: {
    columns: [NAME, col("Pod-Selector"), AGE],
    cells: (o, now) => [o.metadata.name, formatLabelSelector(o.spec?.podSelector), since(o.metadata.creationTimestamp, now)],
  },
  Lease: { columns: [NAME, col("Holder"), AGE], cells: (o, now) => [o.metadata.name, o.spec?.holderIdentity ?? "", since(o.metadata.creationTimestamp, now)] },
  Role: { columns: [NAME, col("Created At", "date")], cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)] },
  ClusterRole: { columns: [NAME, col("Created At", "date")], cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)] },
  RoleBinding: {
    columns: [NAME, col("Role"), AGE, col("Users", "string", 1), col("Groups", "string", 1), col("ServiceAccounts", "string", 1)],
    cells(o, now) {
      const subj: any[] = o.subjects ?? [];
      const of = (k: string) => subj.filter((s) => s.kind === k).map((s) => (k === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name)).join(", ");
      return [o.metadata.name, `${o.roleRef?.kind}/${o.roleRef?.name}`, since(o.metadata.creationTimestamp, now), of("User"), of("Group"), of("ServiceAccount")];
    },
  },
  PodMetrics: {
    // metrics-server's TableConvertor
    columns: [NAME, col("CPU"), col("Memory"), col("Window")],
    cells(o) {
      let cpu = 0, mem = 0;
      for (const c of o.containers ?? []) { cpu += cpuMillis(c.usage?.cpu); mem += memBytes(c.usage?.memory); }
      return [o.metadata.name, `${cpu}m`, `${Math.round(mem / 1024)}Ki`, o.window ?? ""];
    },
  },
  NodeMetrics: {
    columns: [NAME, col("CPU"), col("Memory"), col("Window")],
    cells: (o) => [o.metadata.name, `${cpuMillis(o.usage?.cpu)}m`, `${Math.round(memBytes(o.usage?.memory) / 1024)}Ki`, o.window ?? ""],
  },
};
PRINTERS.ClusterRoleBinding = PRINTERS.RoleBinding!;

export const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)] };

/** Kubernetes quantity → millicores. */
export function cpuMillis(q: unknown): number {
  const s = String(q ?? "0");
  const m = /^([0-9.]+)(n|u|m)?$/.exec(s);
  if (!m) return 0;
  const v = Number(m[1]);
  return Math.round(m[2] === "n" ? v / 1e6 : m[2] === "u" ? v / 1e3 : m[2] === "m" ? v : v * 1000);
}

/** Kubernetes quantity → bytes. */
export function memBytes(q: unknown): number {
  const s = String(q ?? "0");
  const m = /^([0-9.]+)([KMGTPE]i?|k|m)?$/.exec(s);
  if (!m) return 0;
  const mult: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6, m: 1e-3 };
  return Number(m[1]) * (mult[m[2] ?? ""] ?? 1);
}
