import { readFile, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import {
  ExpectedSchema, KubeObjectSchema, KubesleuthError, PodLogsSchema, ScenarioMetaSchema, errorMessage,
  type Expected, type KubeObject, type PodLogs, type ScenarioMeta,
} from "../../shared/src/index.js";

/** The bundled corpus. */
export const SCENARIOS_DIR = fileURLToPath(new URL(".", import.meta.url));

export interface Scenario {
  dir: string;
  meta: ScenarioMeta;
  /** API objects of cluster.yaml (PodLogs documents excluded). */
  objects: KubeObject[];
  /** PodLogs fixtures, keyed `namespace/pod`. */
  logs: Map<string, PodLogs>;
  /** The raw webhook body (alert.json) exactly as the source posts it. */
  alertBody: unknown;
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), "utf8");
  } catch (e) {
    throw new KubesleuthError("SCENARIO_INVALID", `scenario ${dir}: cannot read ${file}`, { cause: e });
  }
}

/**
 * First line of a cluster.yaml whose documents are each one JSON object (the large-cluster generator writes
 * these). JSON is YAML, but JSON.parse reads a 30 MB, 5,000-pod cluster in under a second where the YAML
 * parser needs tens of seconds; the explicit marker keeps hand-written scenarios on the YAML path.
 */
export const JSON_DOCUMENTS_MARKER = "# kubesleuth: json-documents";

function jsonDocuments(text: string, where: string): unknown[] {
  return text
    .slice(JSON_DOCUMENTS_MARKER.length)
    .split(/^---$/m)
    .map((part, i) => {
      const trimmed = part.trim();
      if (!trimmed) return null;
      try {
        return JSON.parse(trimmed) as unknown;
      } catch (e) {
        throw new KubesleuthError("SCENARIO_INVALID", `${where} document ${i}: ${errorMessage(e)}`, { cause: e });
      }
    });
}

function yamlDocuments(text: string, where: string): unknown[] {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length) throw new KubesleuthError("SCENARIO_INVALID", `${where} document ${i + 1}: ${doc.errors[0]!.message}`);
    try {
      return doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (e) {
      // Unresolved aliases and alias bombs throw from toJS, not into doc.errors.
      throw new KubesleuthError("SCENARIO_INVALID", `${where} document ${i + 1}: ${errorMessage(e)}`, { cause: e });
    }
  });
}

/** Parse a multi-document cluster.yaml into API objects and PodLogs fixtures. */
export function parseClusterYaml(text: string, where = "cluster.yaml"): { objects: KubeObject[]; logs: Map<string, PodLogs> } {
  const objects: KubeObject[] = [];
  const logs = new Map<string, PodLogs>();
  const docs = text.startsWith(JSON_DOCUMENTS_MARKER) ? jsonDocuments(text, where) : yamlDocuments(text, where);
  docs.forEach((value: any, i) => {
    if (value == null) return;
    if (value.kind === "PodLogs") {
      const parsed = PodLogsSchema.safeParse(value);
      if (!parsed.success) throw new KubesleuthError("SCENARIO_INVALID", `${where} document ${i + 1} (PodLogs): ${errorMessage(parsed.error)}`);
      logs.set(`${parsed.data.metadata.namespace}/${parsed.data.metadata.name}`, parsed.data);
      return;
    }
    const parsed = KubeObjectSchema.safeParse(value);
    if (!parsed.success) throw new KubesleuthError("SCENARIO_INVALID", `${where} document ${i + 1}: ${errorMessage(parsed.error)}`);
    objects.push(parsed.data as KubeObject);
  });
  return { objects, logs };
}

/** Load a scenario folder (everything product code may see: no expected.yaml). */
export async function loadScenario(dir: string): Promise<Scenario> {
  const abs = resolve(dir);
  const metaRaw = parseYaml(await readText(abs, "scenario.yaml"));
  const meta = ScenarioMetaSchema.safeParse(metaRaw);
  if (!meta.success) throw new KubesleuthError("SCENARIO_INVALID", `${abs}/scenario.yaml: ${errorMessage(meta.error)}`);
  const { objects, logs } = parseClusterYaml(await readText(abs, "cluster.yaml"), `${abs}/cluster.yaml`);
  let alertBody: unknown;
  try {
    alertBody = JSON.parse(await readText(abs, "alert.json"));
  } catch (e) {
    throw new KubesleuthError("SCENARIO_INVALID", `${abs}/alert.json: ${errorMessage(e)}`, { cause: e });
  }
  return { dir: abs, meta: meta.data, objects, logs, alertBody };
}

/** Ground truth. Only the eval harness and tests call this. */
export async function loadExpected(dir: string): Promise<Expected> {
  const raw = parseYaml(await readText(resolve(dir), "expected.yaml"));
  const parsed = ExpectedSchema.safeParse(raw);
  if (!parsed.success) throw new KubesleuthError("SCENARIO_INVALID", `${dir}/expected.yaml: ${errorMessage(parsed.error)}`);
  return parsed.data;
}

/** Scenario folders under `root` (those holding a scenario.yaml), sorted by name. */
export async function listScenarioDirs(root: string = SCENARIOS_DIR): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(root)).sort()) {
    const dir = join(root, entry);
    if (!(await stat(dir)).isDirectory()) continue;
    try {
      await stat(join(dir, "scenario.yaml"));
      out.push(dir);
    } catch {
      /* not a scenario folder */
    }
  }
  return out;
}
