/**
 * Write a large generated cluster with a scenario embedded, as a scenario folder the emulator, the eval
 * harness and the benchmarks can load:
 *   npx tsx test/scenarios/generator/cli.ts --pods 5000 --embed test/scenarios/payments-oom --out DIR [--seed 1] [--namespaces N]
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { errorMessage } from "../../../shared/src/index.js";
import { generateCluster } from "./generate.js";
import { writeScenarioFolder } from "./write.js";

const USAGE = "usage: tsx test/scenarios/generator/cli.ts --pods N --embed SCENARIO_DIR --out DIR [--seed N] [--namespaces N]";

function positiveInt(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        pods: { type: "string" }, embed: { type: "string" }, out: { type: "string" },
        seed: { type: "string" }, namespaces: { type: "string" }, help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${errorMessage(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (!values.embed) throw new Error("--embed is required (the scenario whose alert starts the investigation)");
    if (!values.out) throw new Error("--out is required");
    const started = performance.now();
    const cluster = await generateCluster({
      pods: positiveInt("pods", values.pods),
      seed: positiveInt("seed", values.seed, 1),
      ...(values.namespaces ? { namespaces: positiveInt("namespaces", values.namespaces) } : {}),
      embed: values.embed,
    });
    await writeScenarioFolder(resolve(values.out), cluster.objects, cluster.logs, resolve(values.embed));
    const s = cluster.stats;
    console.log(`wrote ${values.out}: ${s.generatedPods} generated pods + ${values.embed} on ${s.nodes} nodes, ${s.namespaces} namespaces, ${s.objects} objects in ${Math.round(performance.now() - started)} ms`);
    return 0;
  } catch (e) {
    console.error(`${errorMessage(e)}\n${USAGE}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
