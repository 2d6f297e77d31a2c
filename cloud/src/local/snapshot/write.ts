/**
 * Writes a recorded investigation as a scenario folder (../shared/SCENARIOS.md): cluster.yaml (objects as the
 * API served them, Secret values removed, credentials masked, logs as PodLogs documents), scenario.yaml, and
 * alert.json. Never writes expected.yaml: the truth of a real incident is for a person to add.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { maskText, sanitizeObject, type KubeObject } from "../../../../shared/src/index.js";
import type { Recording } from "./recorder.js";

const KIND_ORDER = [
  "Namespace", "Node", "StorageClass", "PersistentVolume", "IngressClass", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job",
  "ReplicaSet", "Pod", "Service", "Endpoints", "EndpointSlice", "Ingress", "ConfigMap", "Secret", "ServiceAccount",
  "PersistentVolumeClaim", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ResourceQuota", "LimitRange",
  "Lease", "Event", "PodMetrics", "NodeMetrics",
];
const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);

/** Secret values never leave: keys are kept (analyzers check for missing keys), values emptied. */
export function scrubObject(o: KubeObject): KubeObject {
  const s = sanitizeObject(o) as KubeObject;
  if (s.kind === "Secret") {
    for (const f of ["data", "stringData"] as const) {
      if (s[f] && typeof s[f] === "object") s[f] = Object.fromEntries(Object.keys(s[f]).map((k) => [k, ""]));
    }
  }
  return s;
}

export interface ScenarioFiles {
  name: string;
  description: string;
  now: string;
  alertBody: unknown;
}

export function clusterYaml(rec: Recording): string {
  const objects = [...rec.objects.values()]
    .map(scrubObject)
    .sort((a, b) => rank(a.kind) - rank(b.kind) || (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") || a.metadata.name.localeCompare(b.metadata.name));
  const docs: unknown[] = objects;
  for (const [key, containers] of [...rec.logs].sort(([a], [b]) => a.localeCompare(b))) {
    const [namespace, name] = key.split("/") as [string, string];
    const masked = Object.fromEntries(Object.entries(containers).map(([c, l]) => [c, {
      ...(l.current !== undefined ? { current: maskText(l.current) } : {}),
      ...(l.previous !== undefined ? { previous: maskText(l.previous) } : {}),
    }]));
    docs.push({ apiVersion: "kubesleuth.dev/v1alpha1", kind: "PodLogs", metadata: { namespace, name }, containers: masked });
  }
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
}

export async function writeScenario(dir: string, rec: Recording, files: ScenarioFiles): Promise<{ objects: number; podLogs: number }> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "cluster.yaml"), clusterYaml(rec));
  await writeFile(join(dir, "scenario.yaml"), stringify({ name: files.name, description: files.description, now: files.now, alertSource: "alertmanager" }));
  await writeFile(join(dir, "alert.json"), JSON.stringify(files.alertBody, null, 2) + "\n");
  return { objects: rec.objects.size, podLogs: rec.logs.size };
}
