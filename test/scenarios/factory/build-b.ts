/**
 * Regenerates the second half of the corpus from test/scenarios/src/<name>.ts:
 *   npx tsx test/scenarios/factory/build-b.ts [name ...]
 */
import { fileURLToPath } from "node:url";
import type { Scn } from "./kit-b.js";

export const SCENARIOS_B = [
  "search-pending-insufficient-memory", "etl-deploy-insufficient-cpu", "gpu-worker-node-selector", "kafka-untolerated-taint",
  "postgres-pvc-missing-storageclass", "uploads-multi-attach", "catalog-service-selector-typo", "orders-selector-after-relabel",
  "payments-service-target-port", "shop-ingress-missing-service", "docs-ingress-missing-tls-secret", "admin-ingress-wrong-port",
  "api-postgres-down", "web-redis-no-endpoints", "frontend-auth-dependency", "batch-quota-exceeded", "node-not-ready-kubelet",
  "node-memory-pressure-evictions", "checkout-hpa-maxed", "api-cpu-throttling", "nightly-report-job-backoff", "db-backup-deadline",
] as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export async function buildScenarioB(name: string, outRoot = ROOT): Promise<Scn> {
  const mod = (await import(`../src/${name}.ts`)) as { default: () => Scn };
  const scn = mod.default();
  if (scn.name !== name) throw new Error(`src/${name}.ts builds a scenario named ${scn.name}`);
  await scn.write(`${outRoot}/${name}`);
  return scn;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : SCENARIOS_B) {
    await buildScenarioB(name);
    console.log(`built ${name}`);
  }
}
