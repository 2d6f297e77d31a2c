/**
 * Every scenario of the corpus, served by the emulator, read by the real kubectl: `get all -A`, `get events -A`
 * and `describe` of the alert's target. Iterates whatever scenario folders exist, so new scenarios are covered
 * automatically.
 */
import { basename } from "node:path";
import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../shared/src/index.js";
import { startEmulator } from "../emulator/index.js";
import { listScenarioDirs, loadScenario } from "../scenarios/loader.js";
import { kubectl, show } from "./kubectl.js";

const dirs = await listScenarioDirs();

/** How `kubectl get all` names each kind of the `all` category. */
const ALL_CATEGORY: Record<string, string> = {
  Pod: "pod", Service: "service", Deployment: "deployment.apps", StatefulSet: "statefulset.apps", DaemonSet: "daemonset.apps",
  ReplicaSet: "replicaset.apps", Job: "job.batch", CronJob: "cronjob.batch", HorizontalPodAutoscaler: "horizontalpodautoscaler.autoscaling",
};
const limit = pLimit(2);

/** Alert label → kubectl resource and the kind it names, most specific first. */
const TARGET_LABELS: [label: string, resource: string, kind: string][] = [
  ["pod", "pod", "Pod"],
  ["deployment", "deployment", "Deployment"],
  ["statefulset", "statefulset", "StatefulSet"],
  ["daemonset", "daemonset", "DaemonSet"],
  ["job_name", "job", "Job"],
  ["cronjob", "cronjob", "CronJob"],
  ["horizontalpodautoscaler", "hpa", "HorizontalPodAutoscaler"],
  ["persistentvolumeclaim", "pvc", "PersistentVolumeClaim"],
  ["ingress", "ingress", "Ingress"],
  ["service", "service", "Service"],
  ["node", "node", "Node"],
];

/** Label sets anywhere in the webhook body (Alertmanager/Grafana `labels`, or any object carrying a namespace). */
function labelSets(body: unknown, depth = 0, out: Record<string, string>[] = []): Record<string, string>[] {
  if (!body || typeof body !== "object" || depth > 6) return out;
  if (Array.isArray(body)) {
    for (const v of body) labelSets(v, depth + 1, out);
    return out;
  }
  const o = body as Record<string, unknown>;
  if (TARGET_LABELS.some(([l]) => typeof o[l] === "string")) out.push(o as Record<string, string>);
  for (const v of Object.values(o)) labelSets(v, depth + 1, out);
  return out;
}

function findTarget(body: unknown, objects: KubeObject[]): { resource: string; name: string; namespace?: string } | undefined {
  const exists = (kind: string, name: string, ns?: string) =>
    objects.some((o) => o.kind === kind && o.metadata.name === name && (kind === "Node" || !ns || o.metadata.namespace === ns));
  for (const labels of labelSets(body)) {
    for (const [label, resource, kind] of TARGET_LABELS) {
      const name = labels[label];
      if (typeof name === "string" && exists(kind, name, labels.namespace)) {
        return kind === "Node" ? { resource, name } : { resource, name, namespace: labels.namespace };
      }
    }
  }
  return undefined;
}

describe.concurrent("scenario corpus through the real kubectl", () => {
  it("finds scenarios", () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  for (const dir of dirs) {
    it(basename(dir), () =>
      limit(async () => {
        const scenario = await loadScenario(dir);
        const emu = await startEmulator({ objects: scenario.objects, logs: scenario.logs, now: scenario.meta.now });
        try {
          const k = (...args: string[]) => kubectl(emu.kubeconfigPath, args);
          const all = await k("get", "all", "-A");
          expect(all.code, show(all)).toBe(0);
          for (const o of scenario.objects) {
            const prefix = ALL_CATEGORY[o.kind];
            if (prefix) expect(all.stdout, `${o.kind} ${o.metadata.name} missing from get all -A`).toContain(`${prefix}/${o.metadata.name} `);
          }

          const events = await k("get", "events", "-A");
          expect(events.code, show(events)).toBe(0);
          for (const e of scenario.objects.filter((o) => o.kind === "Event")) {
            const io = e.involvedObject ?? {};
            if (io.name) expect(events.stdout).toContain(`${String(io.kind).toLowerCase()}/${io.name}`);
          }

          const target = findTarget(scenario.alertBody, scenario.objects);
          // Alertmanager alerts from kube-prometheus-stack always name their resource; other sources may not.
          if (scenario.meta.alertSource === "alertmanager") expect(target, "the alert's labels name no resource of the scenario").toBeDefined();
          if (target) {
            const args = ["describe", target.resource, target.name, ...(target.namespace ? ["-n", target.namespace] : [])];
            const d = await k(...args);
            expect(d.code, `kubectl ${args.join(" ")}\n${show(d)}`).toBe(0);
            expect(d.stdout).toMatch(new RegExp(`^Name:\\s+${target.name.replace(/\./g, "\\.")}$`, "m"));
          }
        } finally {
          await emu.close();
        }
      }),
    );
  }
});
