import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject, PodLogs } from "../../../shared/src/index.js";
import { JSON_DOCUMENTS_MARKER } from "../loader.js";

/**
 * cluster.yaml for big generated clusters: one JSON document per object. JSON is YAML, so the loader and the
 * emulator read it unchanged, and it serializes 5,000 pods in milliseconds where block YAML takes seconds.
 */
export function clusterYamlText(objects: KubeObject[], logs: Map<string, PodLogs>): string {
  const parts: string[] = [];
  for (const o of objects) parts.push(JSON.stringify(o));
  for (const l of logs.values()) parts.push(JSON.stringify(l));
  return `${JSON_DOCUMENTS_MARKER}\n---\n${parts.join("\n---\n")}\n`;
}

/** Write a scenario folder: the generated cluster.yaml, plus scenario/alert/expected copied from `from`. */
export async function writeScenarioFolder(out: string, objects: KubeObject[], logs: Map<string, PodLogs>, from: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "cluster.yaml"), clusterYamlText(objects, logs));
  for (const file of ["scenario.yaml", "alert.json", "expected.yaml"]) {
    await copyFile(join(from, file), join(out, file));
  }
}
