/**
 * A generated 5,000-pod cluster: the emulator indexes by type and namespace, so targeted reads stay cheap and
 * kubectl pages through everything correctly. Figures are printed, never asserted (shared CI machines).
 */
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { generateClusterWith } from "../scenarios/generator/generate.js";
import { kubectl, show } from "./kubectl.js";

let emu: Emulator;
let pods: { namespace: string; name: string; nodeName?: string; labels: Record<string, string> }[];

beforeAll(async () => {
  const t0 = performance.now();
  const cluster = generateClusterWith({ pods: 5000, seed: 7 });
  const t1 = performance.now();
  emu = await startEmulator({ objects: cluster.objects, logs: cluster.logs, now: "2026-11-20T03:00:00Z" });
  const t2 = performance.now();
  pods = cluster.objects.filter((o) => o.kind === "Pod").map((o) => ({ namespace: o.metadata.namespace!, name: o.metadata.name, nodeName: o.spec?.nodeName, labels: o.metadata.labels ?? {} }));
  console.log(`[large-cluster] ${cluster.objects.length} objects (${pods.length} pods): generated in ${(t1 - t0).toFixed(0)} ms, emulator indexed in ${(t2 - t1).toFixed(0)} ms`);
});
afterAll(async () => {
  await emu?.close();
});

it("kubectl get pods -A pages through all pods (default chunk size 500)", async () => {
  emu.resetStats();
  const t0 = performance.now();
  const r = await kubectl(emu.kubeconfigPath, ["get", "pods", "-A", "--no-headers"], { timeoutMs: 60_000 });
  const ms = performance.now() - t0;
  expect(r.code, show({ ...r, stdout: r.stdout.slice(0, 2000) })).toBe(0);
  expect(r.stdout.trim().split("\n")).toHaveLength(pods.length);
  const s = emu.stats();
  expect(s.byVerbAndResource["list pods"]).toBe(Math.ceil(pods.length / 500));
  console.log(`[large-cluster] kubectl get pods -A: ${ms.toFixed(0)} ms, ${s.requests} requests, ${(s.bytes / 1024 / 1024).toFixed(1)} MiB`);
});

it("targeted reads return exactly the matching objects and their cost does not grow with the cluster", async () => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(emu.kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const sample = pods[Math.floor(pods.length / 2)]!;
  const app = sample.labels.app ?? Object.values(sample.labels)[0]!;
  const appKey = sample.labels.app ? "app" : Object.keys(sample.labels)[0]!;
  const t0 = performance.now();
  const inNs = await core.listNamespacedPod({ namespace: sample.namespace, labelSelector: `${appKey}=${app}` });
  const t1 = performance.now();
  expect(inNs.items.map((p) => p.metadata!.name).sort()).toEqual(
    pods.filter((p) => p.namespace === sample.namespace && p.labels[appKey] === app).map((p) => p.name).sort(),
  );
  const onNode = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${sample.nodeName}` });
  const t2 = performance.now();
  expect(onNode.items).toHaveLength(pods.filter((p) => p.nodeName === sample.nodeName).length);
  const one = await core.readNamespacedPod({ name: sample.name, namespace: sample.namespace });
  const t3 = performance.now();
  expect(one.metadata?.name).toBe(sample.name);
  console.log(`[large-cluster] list by label in one namespace: ${(t1 - t0).toFixed(1)} ms (${inNs.items.length} pods); ` +
    `cluster-wide field selector spec.nodeName: ${(t2 - t1).toFixed(1)} ms (${onNode.items.length} pods); get: ${(t3 - t2).toFixed(1)} ms`);
});
