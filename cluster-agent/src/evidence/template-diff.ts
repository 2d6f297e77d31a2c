/**
 * Pod-template diff between two revisions, flattened to the fields a rollout breaks things with: image, env
 * (sensitive values masked), envFrom, args, command, resources, probes, ports, volumes, scheduling.
 * Inputs must already be sanitized (sanitizeObject masks env values with sensitive names).
 */
import { MASK, isSensitiveName, maskText, type FieldChange } from "../../../shared/src/index.js";

const MAX_VALUE = 500;
const clip = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s);
const json = (v: unknown) => JSON.stringify(v);

export function flattenTemplate(t: any): Map<string, string> {
  const m = new Map<string, string>();
  const spec = t?.spec ?? {};
  const containers = [...(spec.initContainers ?? []).map((c: any) => ["initContainers", c]), ...(spec.containers ?? []).map((c: any) => ["containers", c])];
  for (const [group, c] of containers as Array<[string, any]>) {
    const p = `${group}[${c.name}]`;
    if (c.image !== undefined) m.set(`${p}.image`, String(c.image));
    if (c.args) m.set(`${p}.args`, json(c.args));
    if (c.command) m.set(`${p}.command`, json(c.command));
    for (const e of c.env ?? []) {
      const v = e.value !== undefined ? (isSensitiveName(String(e.name)) ? MASK : String(e.value)) : json(e.valueFrom ?? null);
      m.set(`${p}.env.${e.name}`, v);
    }
    for (const f of c.envFrom ?? []) {
      const name = f.configMapRef?.name ?? f.secretRef?.name;
      m.set(`${p}.envFrom.${f.configMapRef ? "configMap" : "secret"}.${name}`, `${f.prefix ?? ""}`);
    }
    for (const kind of ["limits", "requests"]) for (const [r, q] of Object.entries<any>(c.resources?.[kind] ?? {})) m.set(`${p}.resources.${kind}.${r}`, String(q));
    for (const pr of ["livenessProbe", "readinessProbe", "startupProbe"]) if (c[pr]) m.set(`${p}.${pr}`, json(c[pr]));
    if (c.ports) m.set(`${p}.ports`, json(c.ports));
    for (const vm of c.volumeMounts ?? []) m.set(`${p}.volumeMounts.${vm.name}`, `${vm.mountPath}${vm.subPath ? `:${vm.subPath}` : ""}${vm.readOnly ? " ro" : ""}`);
  }
  for (const v of spec.volumes ?? []) m.set(`volumes[${v.name}]`, json(v));
  for (const f of ["nodeSelector", "tolerations", "affinity", "topologySpreadConstraints", "serviceAccountName", "priorityClassName", "imagePullSecrets", "securityContext"]) {
    if (spec[f] !== undefined) m.set(f, typeof spec[f] === "string" ? spec[f] : json(spec[f]));
  }
  return m;
}

export function diffTemplates(before: any, after: any): FieldChange[] {
  const a = flattenTemplate(before), b = flattenTemplate(after);
  const out: FieldChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k), y = b.get(k);
    if (x === y) continue;
    out.push({ path: k, ...(x !== undefined ? { before: clip(maskText(x)) } : {}), ...(y !== undefined ? { after: clip(maskText(y)) } : {}) });
  }
  return out;
}
