/** Unit tests of pagination, log shaping, duration formatting and the pod status column. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../shared/src/index.js";
import { humanDuration } from "./duration.js";
import { readPodLog, shapeLog, parseLogOptions } from "./logs.js";
import { decodeContinue, paginate } from "./pagination.js";
import { podStatusCells } from "./printers.js";
import { ApiError } from "./status.js";

const obj = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, labels } });

describe("pagination", () => {
  const list = ["a/1", "a/2", "b/1", "b/2", "c/1"].map((k) => obj(k.split("/")[0]!, k.split("/")[1]!, { even: String(Number(k.split("/")[1]) % 2 === 0) }));

  it("walks all pages without overlap and reports remainingItemCount without a filter", () => {
    const seen: string[] = [];
    let cont: string | undefined;
    const remaining: (number | undefined)[] = [];
    do {
      const page = paginate(list, undefined, 2, cont, "10");
      seen.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      remaining.push(page.remainingItemCount);
      cont = page.continueToken;
    } while (cont);
    expect(seen).toEqual(["a/1", "a/2", "b/1", "b/2", "c/1"]);
    expect(remaining).toEqual([3, 1, undefined]);
  });

  it("applies the filter across pages", () => {
    const match = (o: KubeObject) => o.metadata.labels?.even === "true";
    const p1 = paginate(list, match, 1, undefined, "10");
    expect(p1.items.map((o) => o.metadata.namespace)).toEqual(["a"]);
    expect(p1.remainingItemCount).toBeUndefined();
    const p2 = paginate(list, match, 1, p1.continueToken, "10");
    expect(p2.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["b/2"]);
    // a token only when another match exists: the remaining candidate (c/1) does not match
    expect(p2.continueToken).toBeUndefined();
    expect(paginate(list, match, 2, undefined, "10")).toEqual({ items: [list[1], list[3]] });
  });

  it("limit 0 returns everything; bad tokens are a 400", () => {
    expect(paginate(list, undefined, 0, undefined, "1").items).toHaveLength(5);
    expect(() => decodeContinue("not-a-token")).toThrow(ApiError);
    expect(() => decodeContinue(Buffer.from('{"v":"x"}').toString("base64url"))).toThrow(/continue key is not valid/);
  });
});

describe("pod logs", () => {
  const text = "2026-11-20T02:50:00Z one\n  continuation of one\n2026-11-20T02:55:00Z two\n2026-11-20T02:59:00Z three\n";
  const now = Date.parse("2026-11-20T03:00:00Z");
  const base = { timestamps: false } as const;

  it("sinceSeconds keeps lines at or after now-since; continuation lines follow their timestamped line", () => {
    expect(shapeLog(text, { ...base, sinceSeconds: 300 }, now)).toBe("2026-11-20T02:55:00Z two\n2026-11-20T02:59:00Z three\n");
    expect(shapeLog(text, { ...base, sinceSeconds: 601 }, now)).toBe(text);
    expect(shapeLog(text, { ...base, sinceTime: "2026-11-20T02:58:00Z" }, now)).toBe("2026-11-20T02:59:00Z three\n");
  });

  it("tailLines then limitBytes; timestamps prefixes RFC3339Nano", () => {
    expect(shapeLog(text, { ...base, tailLines: 2 }, now)).toBe("2026-11-20T02:55:00Z two\n2026-11-20T02:59:00Z three\n");
    expect(shapeLog(text, { ...base, tailLines: 0 }, now)).toBe("");
    expect(shapeLog(text, { ...base, tailLines: 1, limitBytes: 10 }, now)).toBe("2026-11-20");
    expect(shapeLog(text, { timestamps: true, tailLines: 1 }, now)).toBe("2026-11-20T02:59:00.000000000Z 2026-11-20T02:59:00Z three\n");
  });

  it("parses options and rejects invalid ones like the API server", () => {
    const o = parseLogOptions(new URLSearchParams("container=c&previous=true&tailLines=5&limitBytes=100&sinceSeconds=60&timestamps=true"));
    expect(o).toEqual({ container: "c", previous: true, tailLines: 5, limitBytes: 100, sinceSeconds: 60, sinceTime: undefined, timestamps: true });
    expect(() => parseLogOptions(new URLSearchParams("tailLines=-1"))).toThrow(/tailLines/);
    expect(() => parseLogOptions(new URLSearchParams("limitBytes=0"))).toThrow(/limitBytes/);
    expect(() => parseLogOptions(new URLSearchParams("sinceSeconds=5&sinceTime=2026-11-20T00:00:00Z"))).toThrow(/at most one/);
  });

  const pod: KubeObject = {
    apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" },
    spec: { containers: [{ name: "app" }, { name: "sidecar" }], initContainers: [{ name: "init" }] },
    status: { phase: "Pending", containerStatuses: [{ name: "app", state: { waiting: { reason: "ContainerCreating" } } }] },
  };
  const logs = { apiVersion: "kubesleuth.dev/v1alpha1" as const, kind: "PodLogs" as const, metadata: { namespace: "n", name: "p" }, containers: { sidecar: { current: "hello\n" } } };

  it("container errors", () => {
    const opts = parseLogOptions(new URLSearchParams(""));
    expect(() => readPodLog(pod, logs, opts, now)).toThrow("a container name must be specified for pod p, choose one of: [app sidecar] or one of the init containers: [init]");
    expect(() => readPodLog(pod, logs, { ...opts, container: "nope" }, now)).toThrow("container nope is not valid for pod p");
    expect(() => readPodLog(pod, logs, { ...opts, container: "app" }, now)).toThrow('container "app" in pod "p" is waiting to start: ContainerCreating');
    expect(() => readPodLog(pod, logs, { ...opts, container: "sidecar", previous: true }, now)).toThrow('previous terminated container "sidecar" in pod "p" not found');
    expect(readPodLog(pod, logs, { ...opts, container: "sidecar" }, now)).toBe("hello\n");
  });
});

describe("humanDuration (k8s.io/apimachinery/pkg/util/duration)", () => {
  it.each([
    [0, "0s"], [119, "119s"], [120, "2m"], [178, "2m58s"], [600, "10m"], [3 * 3600 - 1, "179m"], [3 * 3600, "3h"], [3 * 3600 + 60 * 5, "3h5m"],
    [8 * 3600, "8h"], [47 * 3600, "47h"], [48 * 3600, "2d"], [50 * 3600, "2d2h"], [8 * 86400, "8d"], [800 * 86400, "2y70d"], [9 * 365 * 86400, "9y"],
  ])("%d s → %s", (s, want) => expect(humanDuration(s * 1000)).toBe(want));
});

describe("pod STATUS/READY/RESTARTS like kubectl", () => {
  const now = Date.parse("2026-11-20T03:00:00Z");
  it("init container states", () => {
    const pod = {
      metadata: { name: "p" },
      spec: { initContainers: [{ name: "migrate" }], containers: [{ name: "app" }] },
      status: { phase: "Pending", initContainerStatuses: [{ name: "migrate", restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }], containerStatuses: [{ name: "app", state: { waiting: { reason: "PodInitializing" } } }] },
    };
    expect(podStatusCells(pod, now)).toEqual({ ready: "0/1", status: "Init:CrashLoopBackOff", restarts: "3" });
    pod.status.initContainerStatuses[0]!.state = { terminated: { exitCode: 2 } } as any;
    expect(podStatusCells(pod, now).status).toBe("Init:ExitCode:2");
    pod.status.initContainerStatuses[0]!.state = { running: {} } as any;
    expect(podStatusCells(pod, now).status).toBe("Init:0/1");
  });

  it("OOMKilled, Terminating, Evicted, restarts with the last termination age", () => {
    const oom = {
      metadata: { name: "p" }, spec: { containers: [{ name: "a" }] },
      status: { phase: "Running", containerStatuses: [{ name: "a", restartCount: 4, state: { terminated: { reason: "OOMKilled", exitCode: 137 } }, lastState: { terminated: { finishedAt: "2026-11-20T02:59:00Z" } } }] },
    };
    expect(podStatusCells(oom, now)).toEqual({ ready: "0/1", status: "OOMKilled", restarts: "4 (60s ago)" });
    expect(podStatusCells({ ...oom, metadata: { name: "p", deletionTimestamp: "2026-11-20T02:59:00Z" } }, now).status).toBe("Terminating");
    expect(podStatusCells({ metadata: { name: "p" }, spec: { containers: [{ name: "a" }] }, status: { phase: "Failed", reason: "Evicted" } }, now).status).toBe("Evicted");
    expect(podStatusCells({ metadata: { name: "p" }, spec: { containers: [{ name: "a" }] }, status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] } }, now)).toEqual({ ready: "0/1", status: "Pending", restarts: "0" });
  });
});
