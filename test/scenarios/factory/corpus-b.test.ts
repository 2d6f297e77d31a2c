import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_IDS, type KubeObject, type ResourceRef } from "../../../shared/src/index.js";
import { SCENARIOS_DIR, loadExpected, loadScenario } from "../loader.js";
import { SCENARIOS_B, buildScenarioB } from "./build-b.js";

/** Self-consistency of the second half of the corpus: what a real API server could have served. */
const present = SCENARIOS_B.filter((n) => existsSync(join(SCENARIOS_DIR, n, "scenario.yaml")));
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "kubesleuth-corpus-b-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ""}/${name}`;

describe.each(present)("%s", (name) => {
  it("is valid, self-consistent and regenerates byte-identically from its source", async () => {
    const dir = join(SCENARIOS_DIR, name);
    const scenario = await loadScenario(dir);
    const expected = await loadExpected(dir);
    expect(scenario.meta.name).toBe(name);
    const now = Date.parse(scenario.meta.now);
    const byKey = new Map<string, KubeObject>(scenario.objects.map((o) => [key(o.kind, o.metadata.namespace, o.metadata.name), o]));
    expect(byKey.size).toBe(scenario.objects.length);

    for (const o of scenario.objects) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        expect(byKey.get(key(ref.kind, o.metadata.namespace, ref.name))?.metadata.uid, `${o.kind} ${o.metadata.name} owner`).toBe(ref.uid);
      }
      if (o.kind === "Pod" && o.spec.nodeName) expect(byKey.has(key("Node", undefined, o.spec.nodeName)), o.spec.nodeName).toBe(true);
      if (o.kind === "Event") {
        const io = o.involvedObject;
        expect(byKey.get(key(io.kind, io.namespace, io.name))?.metadata.uid, `event ${o.reason} on ${io.kind}/${io.name}`).toBe(io.uid);
        expect(Date.parse(o.lastTimestamp)).toBeLessThanOrEqual(now);
        expect(Date.parse(o.firstTimestamp)).toBeLessThanOrEqual(Date.parse(o.lastTimestamp));
      }
      if (o.kind === "Endpoints") {
        for (const s of o.subsets ?? []) for (const a of [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]) {
          expect(byKey.get(key("Pod", a.targetRef.namespace, a.targetRef.name))?.metadata.uid).toBe(a.targetRef.uid);
        }
      }
      if (o.metadata.creationTimestamp) expect(Date.parse(o.metadata.creationTimestamp), `${o.kind} ${o.metadata.name}`).toBeLessThanOrEqual(now);
    }
    for (const [podKey] of scenario.logs) {
      const [ns, pod] = podKey.split("/");
      expect(byKey.has(key("Pod", ns, pod!)), podKey).toBe(true);
    }

    // Ground truth points at real objects, with taxonomy categories.
    const culprits = ([] as ResourceRef[]).concat(expected.culprit ?? []);
    for (const c of culprits) expect(byKey.has(key(c.kind, c.namespace, c.name)), `culprit ${c.kind}/${c.name}`).toBe(true);
    for (const c of ([] as string[]).concat(expected.category)) expect(CATEGORY_IDS).toContain(c);

    // The alert is an Alertmanager v4 body whose labels name existing objects and never state the answer.
    const body = scenario.alertBody as { version: string; alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; startsAt: string }> };
    expect(body.version).toBe("4");
    const alert = body.alerts[0]!;
    expect(alert.labels.cluster).toBeTruthy();
    expect(Date.parse(alert.startsAt)).toBeLessThan(now);
    const ns = alert.labels.namespace;
    if (alert.labels.pod && ns && !alert.labels.pod.startsWith("kube-prometheus-stack-kube-state-metrics")) expect(byKey.has(key("Pod", ns, alert.labels.pod))).toBe(true);
    for (const [label, kind] of [["deployment", "Deployment"], ["statefulset", "StatefulSet"], ["job_name", "Job"], ["horizontalpodautoscaler", "HorizontalPodAutoscaler"], ["ingress", "Ingress"], ["service", "Service"]] as const) {
      if (alert.labels[label] && !(label === "service" && alert.labels.job === "kube-state-metrics")) expect(byKey.has(key(kind, ns, alert.labels[label]!)), `${label}=${alert.labels[label]}`).toBe(true);
    }
    if (alert.labels.node) expect(byKey.has(key("Node", undefined, alert.labels.node))).toBe(true);
    const alertText = JSON.stringify(alert.annotations).toLowerCase();
    for (const c of ([] as string[]).concat(expected.category)) expect(alertText).not.toContain(c);

    // Generated files are exactly what the source produces (nobody hand-edited them; generation is deterministic).
    await buildScenarioB(name, tmp);
    for (const file of ["cluster.yaml", "alert.json", "scenario.yaml", "expected.yaml"]) {
      expect(await readFile(join(tmp, name, file), "utf8"), file).toBe(await readFile(join(dir, file), "utf8"));
    }
  });
});
