import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../shared/src/index.js";
import { creationBlocked } from "./policies.js";

const o = (kind: string, spec: any, status: any): KubeObject => ({ apiVersion: "v1", kind, metadata: { name: "x" }, spec, status });

describe("creationBlocked (when quotas and limit ranges are worth reading)", () => {
  it("sees ReplicaFailure/FailedCreate and controllers short of pods", () => {
    expect(creationBlocked([o("Deployment", { replicas: 3 }, { conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate" }] })])).toBe(true);
    expect(creationBlocked([o("ReplicaSet", { replicas: 4 }, { replicas: 3 })])).toBe(true);
    expect(creationBlocked([o("StatefulSet", { replicas: 2 }, { replicas: 1 })])).toBe(true);
    expect(creationBlocked([o("DaemonSet", {}, { desiredNumberScheduled: 3, currentNumberScheduled: 2 })])).toBe(true);
  });

  it("ignores crash-looping workloads whose pods all exist", () => {
    expect(creationBlocked([o("Deployment", { replicas: 3 }, { replicas: 3, unavailableReplicas: 3, conditions: [{ type: "Available", status: "False" }] }), o("ReplicaSet", { replicas: 3 }, { replicas: 3 })])).toBe(false);
    expect(creationBlocked([])).toBe(false);
  });
});
