/** Where a workload's configuration comes from: inline env, ConfigMap keys (env, envFrom, volumes), Secrets (keys only). */
import type { KubeObject, ResourceRef } from "../../../../shared/src/index.js";
import type { AnalysisContext } from "./context.js";

export interface ConfigEntry {
  /** Env var name or ConfigMap key. */
  key: string;
  /** Value when known (inline env, ConfigMap data). Never read from Secrets. */
  value?: string;
  /** The ConfigMap/Secret holding it; undefined for inline env. */
  holder?: ResourceRef;
  container: string;
  /** For values inside a mounted file: the file's key and the line holding the setting. */
  fileKey?: string;
  how: "env" | "envFrom" | "volume" | "inline";
}

/** Every config entry the pod's containers see, file contents split into `key: value` / `key=value` settings. */
export function configEntries(ctx: AnalysisContext, pod: KubeObject): ConfigEntry[] {
  const ns = pod.metadata.namespace;
  const out: ConfigEntry[] = [];
  const cm = (name: string): KubeObject | undefined => ctx.get({ kind: "ConfigMap", namespace: ns, name });
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.value !== undefined) out.push({ key: e.name, value: String(e.value), container: c.name, how: "inline" });
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref) out.push({ key: e.name, value: cm(ref.name)?.data?.[ref.key], holder: { kind: "ConfigMap", namespace: ns, name: ref.name }, container: c.name, how: "env" });
      const sref = e.valueFrom?.secretKeyRef;
      if (sref) out.push({ key: e.name, holder: { kind: "Secret", namespace: ns, name: sref.name }, container: c.name, how: "env" });
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef) {
        const data = cm(f.configMapRef.name)?.data ?? {};
        for (const [key, value] of Object.entries<string>(data)) out.push({ key: `${f.prefix ?? ""}${key}`, value, holder: { kind: "ConfigMap", namespace: ns, name: f.configMapRef.name }, container: c.name, how: "envFrom" });
      }
    }
    for (const m of c.volumeMounts ?? []) {
      const v = volumes.get(m.name);
      const sources = [v?.configMap, ...(v?.projected?.sources ?? []).map((s: any) => s.configMap)].filter(Boolean);
      for (const src of sources) {
        const data = cm(src.name)?.data ?? {};
        const holder = { kind: "ConfigMap", namespace: ns, name: src.name };
        for (const [fileKey, content] of Object.entries<string>(data)) {
          out.push({ key: fileKey, value: content, holder, container: c.name, fileKey, how: "volume" });
          for (const line of String(content).split("\n")) {
            const kv = /^\s*"?([A-Za-z_][A-Za-z0-9_.-]*)"?\s*[:=]\s*(.+?)\s*,?$/.exec(line);
            if (kv) out.push({ key: kv[1]!, value: kv[2]!.replace(/^["']|["']$/g, ""), holder, container: c.name, fileKey, how: "volume" });
          }
        }
      }
    }
  }
  return out;
}
