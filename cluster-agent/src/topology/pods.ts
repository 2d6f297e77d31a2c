/** Pod helpers for the walk: which pods are failing (read first, kept under caps) and what each pod references. */
import type { KubeObject } from "../../../shared/src/index.js";

export function isPodFailing(p: KubeObject): boolean {
  const phase = p.status?.phase;
  if (phase === "Failed" || phase === "Pending" || phase === "Unknown") return true;
  if (phase === "Succeeded") return false;
  if (p.metadata.deletionTimestamp) return false;
  const statuses: any[] = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
  if (!statuses.length) return phase !== "Running";
  return statuses.some((c) => c.state?.waiting || (c.restartCount ?? 0) > 0 || c.ready === false && !(c.state?.terminated?.exitCode === 0));
}

/** Target first, then failing pods (most restarts first), then the rest by name; capped. */
export function choosePods(pods: KubeObject[], max: number, target?: string): { chosen: KubeObject[]; dropped: number } {
  const restarts = (p: KubeObject) => (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
  const sorted = [...pods].sort((a, b) => {
    const ta = a.metadata.name === target ? 0 : 1, tb = b.metadata.name === target ? 0 : 1;
    if (ta !== tb) return ta - tb;
    const fa = isPodFailing(a) ? 0 : 1, fb = isPodFailing(b) ? 0 : 1;
    if (fa !== fb) return fa - fb;
    if (fa === 0 && restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    return a.metadata.name.localeCompare(b.metadata.name);
  });
  return { chosen: sorted.slice(0, max), dropped: Math.max(0, sorted.length - max) };
}

export interface ConfigReference {
  kind: "ConfigMap" | "Secret";
  name: string;
  /** How the pod uses it: `env DB_URL`, `envFrom`, `volume config`, `imagePullSecret`. */
  how: string;
  /** The key read (env valueFrom, volume items), when one is named. */
  keys: string[];
  optional: boolean;
}

/** ConfigMaps and Secrets a pod spec references through env, envFrom, volumes, projected volumes and imagePullSecrets. */
export function configReferences(spec: any): ConfigReference[] {
  const out: ConfigReference[] = [];
  const push = (kind: ConfigReference["kind"], name: unknown, how: string, keys: string[], optional: unknown) => {
    if (typeof name === "string" && name) out.push({ kind, name, how, keys, optional: optional === true });
  };
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef, s = e.valueFrom?.secretKeyRef;
      if (cm) push("ConfigMap", cm.name, `env ${e.name}`, cm.key ? [cm.key] : [], cm.optional);
      if (s) push("Secret", s.name, `env ${e.name}`, s.key ? [s.key] : [], s.optional);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef) push("ConfigMap", f.configMapRef.name, "envFrom", [], f.configMapRef.optional);
      if (f.secretRef) push("Secret", f.secretRef.name, "envFrom", [], f.secretRef.optional);
    }
  }
  const itemKeys = (items: any[] | undefined) => (items ?? []).map((i) => i.key).filter((k): k is string => typeof k === "string");
  for (const v of spec?.volumes ?? []) {
    if (v.configMap) push("ConfigMap", v.configMap.name, `volume ${v.name}`, itemKeys(v.configMap.items), v.configMap.optional);
    if (v.secret) push("Secret", v.secret.secretName, `volume ${v.name}`, itemKeys(v.secret.items), v.secret.optional);
    // The kube-api-access-* volume every pod gets projects kube-root-ca.crt next to its token; the cluster
    // publishes that ConfigMap itself (and snapshots often leave it out), so it is not a workload reference.
    const tokenVolume = (v.projected?.sources ?? []).some((s: any) => s.serviceAccountToken);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap && tokenVolume && s.configMap.name === "kube-root-ca.crt") continue;
      if (s.configMap) push("ConfigMap", s.configMap.name, `volume ${v.name}`, itemKeys(s.configMap.items), s.configMap.optional);
      if (s.secret) push("Secret", s.secret.name, `volume ${v.name}`, itemKeys(s.secret.items), s.secret.optional);
    }
  }
  for (const s of spec?.imagePullSecrets ?? []) push("Secret", s.name, "imagePullSecret", [], false);
  return out;
}

/** PVC claim names of a pod spec, with the volume name. */
export function claimReferences(spec: any): Array<{ claim: string; volume: string }> {
  return (spec?.volumes ?? []).filter((v: any) => v.persistentVolumeClaim?.claimName).map((v: any) => ({ claim: v.persistentVolumeClaim.claimName, volume: v.name }));
}
