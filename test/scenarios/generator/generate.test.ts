import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubesleuthError, type KubeObject } from "../../../shared/src/index.js";
import { listScenarioDirs, loadScenario } from "../loader.js";
import { main } from "./cli.js";
import { generateCluster, generateClusterWith, objectKey } from "./generate.js";
import { clusterYamlText } from "./write.js";

/** A small scenario that deliberately uses names the generator likes too (kube-system, an ip-10-64-… node). */
const FIXTURE_CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: payments, uid: 0f1e2d3c-0000-4000-8000-000000000001}
---
apiVersion: v1
kind: Node
metadata: {name: ip-10-64-16-10.eu-west-1.compute.internal, uid: 0f1e2d3c-0000-4000-8000-000000000002}
status: {conditions: [{type: Ready, status: "True"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: payments-api, namespace: payments, uid: 0f1e2d3c-0000-4000-8000-000000000003}
spec: {replicas: 1, selector: {matchLabels: {app: payments-api}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: payments-api-7d9f8b6c5d
  namespace: payments
  uid: 0f1e2d3c-0000-4000-8000-000000000004
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: payments-api, uid: 0f1e2d3c-0000-4000-8000-000000000003, controller: true}]
---
apiVersion: v1
kind: Pod
metadata:
  name: payments-api-7d9f8b6c5d-x2x7k
  namespace: payments
  uid: 0f1e2d3c-0000-4000-8000-000000000005
  labels: {app: payments-api, pod-template-hash: 7d9f8b6c5d}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: payments-api-7d9f8b6c5d, uid: 0f1e2d3c-0000-4000-8000-000000000004, controller: true}]
spec: {nodeName: ip-10-64-16-10.eu-west-1.compute.internal, containers: [{name: payments-api, image: payments:2.14.1}]}
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata: {name: kube-proxy-abcde, namespace: kube-system, uid: 0f1e2d3c-0000-4000-8000-000000000006}
spec: {nodeName: ip-10-64-16-10.eu-west-1.compute.internal, containers: [{name: kube-proxy, image: kube-proxy:v1.31.7}]}
---
apiVersion: kubesleuth.dev/v1alpha1
kind: PodLogs
metadata: {namespace: payments, name: payments-api-7d9f8b6c5d-x2x7k}
containers:
  payments-api:
    previous: |
      2026-11-20T02:49:12Z FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer
`;

let fixtureDir: string;
let outDir: string;

beforeAll(async () => {
  fixtureDir = await mkdtemp(join(tmpdir(), "kubesleuth-gen-fixture-"));
  outDir = await mkdtemp(join(tmpdir(), "kubesleuth-gen-out-"));
  await writeFile(join(fixtureDir, "scenario.yaml"), 'name: fixture-oom\ndescription: generator fixture\nnow: "2026-11-20T02:51:00Z"\n');
  await writeFile(join(fixtureDir, "cluster.yaml"), FIXTURE_CLUSTER);
  await writeFile(join(fixtureDir, "alert.json"), JSON.stringify({ version: "4", status: "firing", alerts: [] }));
  await writeFile(join(fixtureDir, "expected.yaml"), "category: config-value\n");
});

afterAll(async () => {
  await rm(fixtureDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

const pods = (objects: KubeObject[]) => objects.filter((o) => o.kind === "Pod");

/** Every ownerReference, Endpoints/EndpointSlice targetRef and pod nodeName points at an object that exists. */
function dangling(objects: KubeObject[]): string[] {
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) byKey.set(`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
  const problems: string[] = [];
  const check = (from: KubeObject, kind: string, ns: string | undefined, name: string, uid?: string) => {
    const target = byKey.get(`${kind}/${ns ?? ""}/${name}`);
    if (!target) problems.push(`${objectKey(from)} → missing ${kind}/${ns}/${name}`);
    else if (uid && target.metadata.uid !== uid) problems.push(`${objectKey(from)} → ${kind}/${ns}/${name} uid mismatch`);
  };
  for (const o of objects) {
    for (const ref of o.metadata.ownerReferences ?? []) check(o, ref.kind, o.metadata.namespace, ref.name, ref.uid);
    if (o.kind === "Pod" && o.spec?.nodeName) check(o, "Node", undefined, o.spec.nodeName);
    if (o.kind === "Endpoints") {
      for (const subset of o.subsets ?? []) {
        for (const a of [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]) check(o, "Pod", a.targetRef.namespace, a.targetRef.name, a.targetRef.uid);
      }
    }
    if (o.kind === "EndpointSlice") for (const e of o.endpoints ?? []) check(o, "Pod", e.targetRef.namespace, e.targetRef.name, e.targetRef.uid);
  }
  return problems;
}

describe("generateCluster", () => {
  it("is deterministic by seed", () => {
    const a = generateClusterWith({ pods: 300, seed: 7 });
    const b = generateClusterWith({ pods: 300, seed: 7 });
    const c = generateClusterWith({ pods: 300, seed: 8 });
    expect(clusterYamlText(a.objects, a.logs)).toBe(clusterYamlText(b.objects, b.logs));
    expect(clusterYamlText(a.objects, a.logs)).not.toBe(clusterYamlText(c.objects, c.logs));
  });

  it.each([100, 1000, 5000])("generates exactly %i pods spread over many namespaces and nodes", (n) => {
    const cluster = generateClusterWith({ pods: n, seed: 1 });
    expect(pods(cluster.objects)).toHaveLength(n);
    expect(cluster.stats.generatedPods).toBe(n);
    const namespaces = new Set(pods(cluster.objects).map((p) => p.metadata.namespace));
    expect(namespaces.size).toBeGreaterThanOrEqual(n >= 1000 ? 20 : 3);
    expect(cluster.objects.filter((o) => o.kind === "Node").length).toBe(cluster.stats.nodes);
    for (const kind of ["Deployment", "ReplicaSet", "Service", "Endpoints", "EndpointSlice", "ConfigMap", "Event", "Namespace", "PodMetrics", "NodeMetrics"]) {
      expect(cluster.objects.some((o) => o.kind === kind), kind).toBe(true);
    }
    if (n >= 1000) {
      for (const kind of ["StatefulSet", "DaemonSet", "CronJob", "Job"]) expect(cluster.objects.some((o) => o.kind === kind), kind).toBe(true);
    }
    // Unique names per kind and namespace, unique uids, and a log fixture per pod.
    expect(new Set(cluster.objects.map(objectKey)).size).toBe(cluster.objects.length);
    const uids = cluster.objects.map((o) => o.metadata.uid).filter(Boolean);
    expect(new Set(uids).size).toBe(uids.length);
    for (const p of pods(cluster.objects)) expect(cluster.logs.has(`${p.metadata.namespace}/${p.metadata.name}`)).toBe(true);
    expect(dangling(cluster.objects)).toEqual([]);
  });

  it("keeps Deployment → ReplicaSet → Pod consistent (pod-template-hash, replicas, ready counts)", () => {
    const { objects } = generateClusterWith({ pods: 500, seed: 3 });
    for (const rs of objects.filter((o) => o.kind === "ReplicaSet")) {
      const hash = rs.metadata.labels!["pod-template-hash"]!;
      expect(rs.metadata.name.endsWith(`-${hash}`)).toBe(true);
      const owned = pods(objects).filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
      expect(owned).toHaveLength(rs.spec.replicas);
      for (const p of owned) expect(p.metadata.labels!["pod-template-hash"]).toBe(hash);
      expect(rs.status.readyReplicas).toBe(owned.filter((p) => p.status.containerStatuses[0].ready).length);
    }
  });

  it("embeds a scenario unchanged, without sharing its namespaces or node names", async () => {
    const scenario = await loadScenario(fixtureDir);
    const cluster = await generateCluster({ pods: 1000, seed: 5, embed: fixtureDir });
    expect(cluster.meta?.name).toBe("fixture-oom");
    const keyed = new Map(cluster.objects.map((o) => [objectKey(o), o]));
    for (const o of scenario.objects) expect(keyed.get(objectKey(o))).toEqual(o);
    for (const [key, value] of scenario.logs) expect(cluster.logs.get(key)).toEqual(value);
    expect(pods(cluster.objects)).toHaveLength(1000 + pods(scenario.objects).length);
    // The generated part stays out of the scenario's namespaces, so its related resources are unchanged.
    const scenarioKeys = new Set(scenario.objects.map(objectKey));
    for (const o of cluster.objects) {
      if (scenarioKeys.has(objectKey(o))) continue;
      expect(["payments", "kube-system"]).not.toContain(o.metadata.namespace);
    }
    expect(cluster.objects.filter((o) => o.kind === "Node" && o.metadata.name === "ip-10-64-16-10.eu-west-1.compute.internal")).toHaveLength(1);
    expect(dangling(cluster.objects)).toEqual([]);
    // Generated timestamps sit before the scenario's clock.
    const now = Date.parse(scenario.meta.now);
    for (const o of cluster.objects) if (o.metadata.creationTimestamp) expect(Date.parse(o.metadata.creationTimestamp)).toBeLessThanOrEqual(now);
  });

  it("rejects impossible sizes with a typed error", () => {
    expect(() => generateClusterWith({ pods: 0, seed: 1 })).toThrow(KubesleuthError);
    expect(() => generateClusterWith({ pods: 10, seed: 1, namespaces: 0 })).toThrow(/namespaces/);
  });
});

describe("embedding the corpus", () => {
  it("embeds every scenario of the corpus without collisions or dangling references", async () => {
    const dirs = await listScenarioDirs();
    for (const dir of dirs) {
      const scenario = await loadScenario(dir);
      const cluster = generateClusterWith({ pods: 100, seed: 11 }, scenario);
      expect(pods(cluster.objects), dir).toHaveLength(100 + pods(scenario.objects).length);
      expect(dangling(cluster.objects).filter((p) => !dangling(scenario.objects).includes(p)), dir).toEqual([]);
    }
  });
});

describe("generator CLI", () => {
  it("writes a scenario folder the loader reads back, alert and meta copied verbatim", async () => {
    const out = join(outDir, "gen-1000");
    const code = await main(["--pods", "1000", "--embed", fixtureDir, "--out", out, "--seed", "9"]);
    expect(code).toBe(0);
    const loaded = await loadScenario(out);
    expect(loaded.meta.name).toBe("fixture-oom");
    expect(pods(loaded.objects).length).toBe(1002);
    for (const file of ["alert.json", "scenario.yaml", "expected.yaml"]) {
      expect(await readFile(join(out, file), "utf8")).toBe(await readFile(join(fixtureDir, file), "utf8"));
    }
    expect(loaded.logs.get("payments/payments-api-7d9f8b6c5d-x2x7k")?.containers["payments-api"]?.previous).toContain("DB_POOL_SIZE");
  });

  it("fails with a usage message on missing or bad flags", async () => {
    expect(await main(["--pods", "10", "--out", outDir])).toBe(1);
    expect(await main(["--pods", "ten", "--embed", fixtureDir, "--out", outDir])).toBe(1);
    expect(await main(["--bogus"])).toBe(2);
  });
});
