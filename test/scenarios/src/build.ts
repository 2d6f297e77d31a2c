/**
 * Rebuilds scenario folders from their sources:  npx tsx test/scenarios/src/build.ts [name ...]
 * Every test/scenarios/src/<name>.ts (except this file) is a scenario source found by directory listing. Its
 * default export returns either a ScenarioSpec (factory/write.ts) or an object with `write(dir)` (the
 * factory/kit-b.ts Scn builder); both write test/scenarios/<name>/.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type ScenarioSpec, renderScenario, writeScenario } from "../factory/write.js";

export const SRC_DIR = fileURLToPath(new URL(".", import.meta.url));
export const SCENARIOS_ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Writable {
  name: string;
  write(dir: string): Promise<void>;
}

function isWritable(v: unknown): v is Writable {
  return !!v && typeof (v as Writable).write === "function";
}

/** Names of all scenario sources (file names without .ts), sorted. */
export async function listScenarioSources(dir = SRC_DIR): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "build.ts" && !f.startsWith("_"))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Runs the source of `name` and returns what it built (checked to be named after its file). */
export async function buildSource(name: string): Promise<ScenarioSpec | Writable> {
  const mod = (await import(pathToFileURL(join(SRC_DIR, `${name}.ts`)).href)) as { default?: () => ScenarioSpec | Writable };
  if (typeof mod.default !== "function") throw new Error(`src/${name}.ts has no default export building a scenario`);
  const built = mod.default();
  const builtName = isWritable(built) ? built.name : built.meta.name;
  if (builtName !== name) throw new Error(`src/${name}.ts builds a scenario named ${builtName}`);
  return built;
}

/** Writes scenario `name` into `root/<name>` (the corpus by default, a temp dir for the drift test). */
export async function buildScenario(name: string, root = SCENARIOS_ROOT): Promise<void> {
  const built = await buildSource(name);
  if (isWritable(built)) await built.write(join(root, name));
  else await writeScenario(join(root, name), built);
}

export { renderScenario };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : await listScenarioSources()) {
    await buildScenario(name);
    console.log(`built ${name}`);
  }
}
