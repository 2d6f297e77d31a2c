import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../shared/src/index.js";
import { contextOf, deployment, event, pod, refOf } from "../../../../test/fakes/k8s.js";
import { volumeBinding } from "./volume-binding.js";

const pvc = (phase: string, sc = "fast-ssd"): KubeObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "db" }, spec: { storageClassName: sc, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } }, status: { phase } }) as KubeObject;

describe("volume-binding", () => {
  const d = deployment("db", "pg", [{ name: "pg" }], { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] });
  it("blames a Pending claim whose StorageClass does not exist", () => {
    const p = pod(d, "a", [], { phase: "Pending", node: "" });
    const claim = pvc("Pending");
    const [c] = volumeBinding.analyze(contextOf({ objects: [d, p, claim], target: refOf(p), events: [event(claim, "ProvisioningFailed", 'storageclass.storage.k8s.io "fast-ssd" not found')] }));
    expect(c).toMatchObject({ category: "volume-binding", culprit: { kind: "PersistentVolumeClaim", name: "data" }, confidence: "high" });
    expect(c!.summary).toContain("does not exist");
  });
  it("reports Multi-Attach with the access mode", () => {
    const p = pod(d, "b", [{ name: "pg", ready: false, state: { waiting: { reason: "ContainerCreating" } } }], { phase: "Pending" });
    const ev = event(p, "FailedAttachVolume", 'Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) pg-a');
    // The mount timeout that follows is listed first, as real clusters often do: the attach error still wins.
    const mount = event(p, "FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data]: timed out waiting for the condition");
    const [c] = volumeBinding.analyze(contextOf({ objects: [d, p, pvc("Bound")], target: refOf(p), events: [mount, ev] }));
    expect(c!.summary).toContain("Multi-Attach");
    expect(c!.summary).toContain("ReadWriteOnce");
  });
  it("ignores a healthy pod with a bound claim (decoy)", () => {
    const p = pod(d, "c", [{ name: "pg" }]);
    expect(volumeBinding.analyze(contextOf({ objects: [d, p, pvc("Bound")], target: refOf(p) }))).toEqual([]);
  });
});
