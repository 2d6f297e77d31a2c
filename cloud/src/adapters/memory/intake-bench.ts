/**
 * Benchmark (prints figures, asserts nothing): N distinct alerts through intakeWebhook + MemoryStore.
 * Each alert has its own fingerprint, pod and group, so every one creates an investigation and every
 * intake runs findOpen and listActive against a growing store.
 *   npx tsx cloud/src/adapters/memory/intake-bench.ts [N=1000]
 */
import { intakeWebhook, type IntakeDeps } from "../../core/intake/intake.js";
import { DEFAULT_RULESET } from "../../core/rules/index.js";
import { MemoryQueue } from "./memory-queue.js";
import { MemoryStore } from "./memory-store.js";

const n = Number(process.argv[2] ?? 1000);
let t = Date.parse("2026-11-20T02:51:00Z");
const clock = { now: () => new Date(t) };
const store = new MemoryStore(clock);
const deps: IntakeDeps = { store, queue: new MemoryQueue(), clock, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "default" } };

const body = (i: number) => ({
  version: "4", groupKey: `{}:{alertname="KubePodCrashLooping", pod="p-${i}"}`, status: "firing", receiver: "kubesleuth",
  groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: "http://am", truncatedAlerts: 0,
  alerts: [{
    status: "firing", labels: { alertname: "KubePodCrashLooping", namespace: `ns-${i % 50}`, pod: `api-${i}`, container: "api", severity: "warning", cluster: "prod" },
    annotations: { description: "x".repeat(200) }, startsAt: "2026-11-20T02:40:00Z", endsAt: "0001-01-01T00:00:00Z", generatorURL: "", fingerprint: `fp-${i}`,
  }],
});

const started = performance.now();
const actions = new Map<string, number>();
for (let i = 0; i < n; i++) {
  t += 1000;
  const r = await intakeWebhook("alertmanager", body(i), deps);
  for (const d of r.decisions) actions.set(d.action, (actions.get(d.action) ?? 0) + 1);
}
const ms = performance.now() - started;
console.log(`${n} distinct alerts: ${(ms / 1000).toFixed(2)} s total, ${(ms / n).toFixed(2)} ms/alert; decisions ${JSON.stringify(Object.fromEntries(actions))}; active ${(await store.listActive()).length}`);
