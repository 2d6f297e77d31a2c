/**
 * Snapshots: the recording proxy under real kubectl (read-only, records what was read, masks Secret values),
 * and the round trip: snapshot of an emulated scenario taken by the real agent, replayed through the emulator,
 * gives the same diagnosis category and culprit as the original.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sameRef, type KubeObject, type Report } from "../../shared/src/index.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { inProcessAgentGateway } from "../../cloud/src/local/gateways.js";
import { readThrough, startRecordingProxy, type RecordingProxy } from "../../cloud/src/local/snapshot/recorder.js";
import { takeSnapshot } from "../../cloud/src/local/snapshot/take.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { kubectl } from "../kubectl/kubectl.js";
import { loadScenario, parseClusterYaml, SCENARIOS_DIR } from "../scenarios/loader.js";

let work: string;
beforeAll(async () => { work = await mkdtemp(join(tmpdir(), "ks-snapshot-")); });
afterAll(async () => { await rm(work, { recursive: true, force: true }); });

async function investigate(dir: string): Promise<Report> {
  const scenario = await loadScenario(dir);
  const emu = await startScenarioEmulator(dir);
  try {
    const now = new Date(scenario.meta.now);
    const alert = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { clusterLabel: "cluster", defaultCluster: "replay", receivedAt: now.toISOString() }).alerts[0]!;
    const gateway = await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId: alert.cluster });
    return await runInvestigation(alert, { investigationId: "replay-1" }, { gateway, clock: { now: () => now } });
  } finally {
    await emu.close();
  }
}

describe("recording proxy", () => {
  let emu: Emulator;
  let proxy: RecordingProxy;
  let kubeconfig: string;
  beforeAll(async () => {
    emu = await startScenarioEmulator(join(SCENARIOS_DIR, "auth-missing-secret-key"));
    const kc = new KubeConfig();
    kc.loadFromFile(emu.kubeconfigPath);
    proxy = await startRecordingProxy(kc);
    kubeconfig = join(work, "proxy-kubeconfig");
    await writeFile(kubeconfig, proxy.kubeConfig.exportConfig());
  });
  afterAll(async () => {
    await proxy?.close();
    await emu?.close();
  });

  it("records objects and logs read through it, with list items typed", async () => {
    const scenario = await loadScenario(join(SCENARIOS_DIR, "auth-missing-secret-key"));
    const pod = scenario.objects.find((o) => o.kind === "Pod")!;
    const ns = pod.metadata.namespace!;
    const got = await kubectl(kubeconfig, ["get", "pods,secrets,deployments", "-n", ns, "-o", "json"]);
    expect(got.code).toBe(0);
    const container = pod.spec.containers[0].name;
    await kubectl(kubeconfig, ["logs", pod.metadata.name, "-n", ns, "-c", container]);
    const kinds = new Set([...proxy.recording.objects.values()].map((o) => o.kind));
    expect(kinds).toEqual(expect.objectContaining(new Set(["Pod", "Secret", "Deployment"])));
    expect([...proxy.recording.objects.values()].every((o) => o.apiVersion && o.metadata.name)).toBe(true);
    expect(proxy.recording.logs.get(`${ns}/${pod.metadata.name}`)?.[container]?.current).toBeDefined();
    // Nothing else was captured: only what was asked for.
    expect([...kinds].every((k) => ["Pod", "Secret", "Deployment"].includes(k))).toBe(true);
  });

  it("refuses writes", async () => {
    const r = await fetch(`${proxy.url}/api/v1/namespaces/default/configmaps`, { method: "POST", body: "{}" });
    expect(r.status).toBe(405);
    await readThrough(proxy.url, "/api/v1/namespaces/default");
  });
});

describe("snapshot round trip with the real agent", () => {
  for (const name of ["payments-oom", "auth-missing-secret-key", "catalog-service-selector-typo"]) {
    it(`${name}: replaying the snapshot gives the same diagnosis`, async () => {
      const dir = join(SCENARIOS_DIR, name);
      const scenario = await loadScenario(dir);
      const original = await investigate(dir);
      const emu = await startScenarioEmulator(dir);
      const out = join(work, name);
      try {
        const alert = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { clusterLabel: "cluster", defaultCluster: "x", receivedAt: scenario.meta.now }).alerts[0]!;
        const r = await takeSnapshot({ out, namespace: alert.namespace!, alertBody: scenario.alertBody, kubeconfigPath: emu.kubeconfigPath, now: new Date(scenario.meta.now) });
        expect(r.report.rootCause.category).toBe(original.rootCause.category);
      } finally {
        await emu.close();
      }
      const { objects } = parseClusterYaml(await readFile(join(out, "cluster.yaml"), "utf8"));
      // Exactly what an investigation reads: far less than the whole scenario cluster.
      expect(objects.length).toBeLessThan(scenario.objects.length);
      // Secret values never leave.
      for (const s of objects.filter((o: KubeObject) => o.kind === "Secret")) {
        for (const v of Object.values({ ...(s.data ?? {}), ...(s.stringData ?? {}) })) expect(v).toBe("");
      }
      const replay = await investigate(out);
      expect(replay.rootCause.category).toBe(original.rootCause.category);
      expect(sameRef(replay.rootCause.resource, original.rootCause.resource) || (!replay.rootCause.resource && !original.rootCause.resource)).toBe(true);
    }, 60_000);
  }
});
