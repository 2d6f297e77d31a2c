/**
 * The ClusterAgent against the emulator: validation before any API request, deadlines on the injected clock,
 * duplicate ids, error mapping, every evidence reader, redaction, the size cap, kubectl equivalents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentResultSchema, MAX_RESULT_BYTES, MASK, RESULT_DATA_SCHEMAS, TRUNCATION_MARKER,
  type AgentResult, type KubeObject, type PodLogs,
} from "../../shared/src/index.js";
import { startEmulator, type Emulator } from "../../test/emulator/index.js";
import { CLUSTER, agentFor, command, ok } from "./helpers.js";

const NOW = "2026-11-20T03:00:00Z";
const meta = (kind: string, name: string, extra: Record<string, unknown> = {}) => ({ kind, metadata: { name, namespace: "app", uid: `uid-${kind}-${name}`, creationTimestamp: "2026-11-19T00:00:00Z", ...extra } });

const deployment = { apiVersion: "apps/v1", ...meta("Deployment", "api"), spec: { replicas: 2, selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image: "api:2" }] } } }, status: {} };
const rs = (rev: number, image: string, env: Array<Record<string, string>>) => ({
  apiVersion: "apps/v1",
  ...meta("ReplicaSet", `api-${rev}abc`, {
    labels: { app: "api", "pod-template-hash": `${rev}abc` },
    annotations: { "deployment.kubernetes.io/revision": String(rev), "kubernetes.io/change-cause": `deploy ${rev}` },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", uid: "uid-Deployment-api", controller: true }],
  }),
  spec: { replicas: rev === 2 ? 2 : 0, selector: { matchLabels: { app: "api", "pod-template-hash": `${rev}abc` } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image, env }] } } },
  status: { replicas: rev === 2 ? 2 : 0, readyReplicas: rev === 2 ? 1 : 0 },
});
const pod = {
  apiVersion: "v1",
  ...meta("Pod", "api-2abc-x1", { labels: { app: "api", "pod-template-hash": "2abc" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "api-2abc", uid: "uid-ReplicaSet-api-2abc", controller: true }] }),
  spec: { nodeName: "node-1", containers: [{ name: "api", image: "api:2", env: [{ name: "DB_PASSWORD", value: "hunter2" }] }, { name: "sidecar", image: "proxy:1" }] },
  status: { phase: "Running", containerStatuses: [{ name: "api", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } }, { name: "sidecar", ready: true, restartCount: 0, state: { running: {} } }] },
};
const cm = {
  apiVersion: "v1", ...meta("ConfigMap", "api-config", { resourceVersion: "42", managedFields: [
    { manager: "kubectl-client-side-apply", operation: "Update", time: "2026-11-19T10:00:00Z" },
    { manager: "argocd-controller", operation: "Apply", time: "2026-11-20T02:40:00Z" },
  ] }), data: { "pool.size": "twenty", "db.url": "postgres://app:s3cr3t@db:5432/app" },
};
const secret = { apiVersion: "v1", ...meta("Secret", "api-creds"), type: "Opaque", data: { password: Buffer.from("hunter2").toString("base64") } };
const bigConfigMaps = Array.from({ length: 12 }, (_, i) => ({ apiVersion: "v1", ...meta("ConfigMap", `blob-${i}`), data: { blob: `${i}`.repeat(100_000) } }));
const event = (name: string, reason: string, last: string, message: string) => ({
  apiVersion: "v1", kind: "Event", metadata: { name, namespace: "app" },
  involvedObject: { kind: "Pod", namespace: "app", name: "api-2abc-x1", uid: "uid-Pod-api-2abc-x1", fieldPath: "spec.containers{api}" },
  reason, message, type: reason === "BackOff" ? "Warning" : "Normal", count: 2, firstTimestamp: "2026-11-20T02:00:00Z", lastTimestamp: last, source: { component: "kubelet", host: "node-1" },
});
const objects = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
  { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" }, status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: NOW }] } },
  deployment, rs(1, "api:1", [{ name: "POOL", value: "10" }]), rs(2, "api:2", [{ name: "POOL", value: "twenty" }]), pod, cm, secret, ...bigConfigMaps,
  event("e1", "Pulled", "2026-11-20T02:10:00Z", "Successfully pulled image \"api:2\""),
  event("e2", "BackOff", "2026-11-20T02:55:00Z", "Back-off restarting failed container api in pod api-2abc-x1_app(uid) token=abcd1234efgh"),
] as KubeObject[];
const longLog = Array.from({ length: 3000 }, (_, i) => `2026-11-20T02:5${i % 10}:00Z line ${i} ok`).join("\n");
const logs = new Map<string, PodLogs>([["app/api-2abc-x1", {
  apiVersion: "kubesleuth.dev/v1alpha1", kind: "PodLogs", metadata: { namespace: "app", name: "api-2abc-x1" },
  containers: {
    api: { current: `${longLog}\n2026-11-20T02:59:59Z connecting with password=hunter2 Authorization: Bearer abcdefghijklmnop\n`, previous: "2026-11-20T02:49:12Z FATAL cannot parse DB_POOL_SIZE=\"twenty\": invalid integer\n" },
    sidecar: { current: "proxy up\n" },
  },
} as PodLogs]]);

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ objects, logs, now: NOW });
});
afterAll(async () => emu?.close());

async function run(kind: string, params: unknown, extra = {}, agent = agentFor(emu)): Promise<AgentResult> {
  emu.resetStats();
  const r = await agent.handle(command(kind, params, extra));
  AgentResultSchema.parse(r);
  if (r.ok) RESULT_DATA_SCHEMAS[r.kind].parse(r.data);
  return r;
}

describe("commands that are never executed", () => {
  const cases: Array<[string, unknown]> = [
    ["unknown kind", { id: "x1", clusterId: CLUSTER, deadline: "2099-01-01T00:00:00Z", kind: "pods.exec", params: {} }],
    ["bad params", { id: "x2", clusterId: CLUSTER, deadline: "2099-01-01T00:00:00Z", kind: "logs.read", params: { namespace: "App!", pod: "x" } }],
    ["no deadline", { id: "x3", clusterId: CLUSTER, kind: "events.list", params: { namespace: "app" } }],
    ["not an object", "delete pod api"],
    ["null", null],
    ["another cluster", { id: "x4", clusterId: "other", deadline: "2099-01-01T00:00:00Z", kind: "events.list", params: { namespace: "app" } }],
  ];
  for (const [what, raw] of cases) {
    it(`${what} → INVALID_COMMAND, zero API requests`, async () => {
      emu.resetStats();
      const r = await agentFor(emu).handle(raw);
      AgentResultSchema.parse(r);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("INVALID_COMMAND");
      expect(r.apiRequests).toBe(0);
      expect(emu.stats().requests).toBe(0);
    });
  }

  it("past its deadline (injected clock) → DEADLINE_EXCEEDED, zero requests; at the scenario's now it runs", async () => {
    emu.resetStats();
    const late = await agentFor(emu).handle(command("events.list", { namespace: "app" }, { deadline: "2026-11-20T02:59:00Z" }));
    expect(late.ok === false && late.error.code).toBe("DEADLINE_EXCEEDED");
    expect(emu.stats().requests).toBe(0);
    const replay = agentFor(emu, { clock: () => new Date(NOW) });
    const r = await replay.handle(command("events.list", { namespace: "app" }, { deadline: "2026-11-20T03:01:00Z" }));
    expect(r.ok).toBe(true);
    expect(r.startedAt).toBe(new Date(NOW).toISOString());
  });
});

describe("duplicates and errors", () => {
  it("answers a duplicate command id once (same result, one set of requests)", async () => {
    const agent = agentFor(emu);
    emu.resetStats();
    const cmd = command("events.list", { namespace: "app" });
    const [a, b] = await Promise.all([agent.handle(cmd), agent.handle(structuredClone(cmd))]);
    const c = await agent.handle(cmd);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(emu.stats().requests).toBe(1);
  });

  it("maps 404 → NOT_FOUND, 403 → FORBIDDEN, 5xx/connection → API_ERROR", async () => {
    const nf = await run("resource.get", { ref: { kind: "Pod", namespace: "app", name: "nope" } });
    expect(!nf.ok && nf.error.code).toBe("NOT_FOUND");
    emu.setFault((req) => (req.path.includes("/events") ? { status: 403 } : req.path.includes("/configmaps") ? { status: 500 } : req.path.includes("/services") ? { dropConnection: true } : undefined));
    try {
      const fb = await run("events.list", { namespace: "app" });
      expect(!fb.ok && fb.error.code).toBe("FORBIDDEN");
      const ae = await run("resource.get", { ref: { kind: "ConfigMap", namespace: "app", name: "api-config" } });
      expect(!ae.ok && ae.error.code).toBe("API_ERROR");
      const dc = await run("resource.list", { kind: "Service", namespace: "app" });
      expect(!dc.ok && dc.error.code).toBe("API_ERROR");
    } finally {
      emu.setFault(undefined);
    }
  });

  it("a kind outside the agent's table is refused before any request", async () => {
    const r = await run("resource.list", { kind: "ClusterRoleBinding" });
    expect(!r.ok && r.error.code).toBe("INVALID_COMMAND");
    expect(emu.stats().requests).toBe(0);
  });
});

describe("evidence readers", () => {
  it("logs.read: tail, byte cap keeps the newest end behind the marker, credentials masked, kubectl equivalent", async () => {
    const r = await run("logs.read", { namespace: "app", pod: "api-2abc-x1", container: "api", tailLines: 5000, limitBytes: 8192 });
    const d = ok(r);
    expect(d.truncated).toBe(true);
    expect(d.text.startsWith(TRUNCATION_MARKER)).toBe(true);
    expect(Buffer.byteLength(d.text)).toBeLessThanOrEqual(8192);
    expect(d.text).toContain("connecting with password=****");
    expect(d.text).not.toMatch(/hunter2|abcdefghijklmnop/);
    expect(r.kubectl).toEqual(["kubectl logs api-2abc-x1 -n app -c api --tail=5000"]);
    const tail = ok(await run("logs.read", { namespace: "app", pod: "api-2abc-x1", container: "api", tailLines: 2 }));
    expect(tail.text.trim().split("\n")).toHaveLength(2);
  });

  it("logs.read: previous log; no previous → NOT_FOUND; default container", async () => {
    const prev = await run("logs.read", { namespace: "app", pod: "api-2abc-x1", container: "api", previous: true });
    expect(ok(prev).text).toContain("FATAL cannot parse DB_POOL_SIZE");
    expect(prev.kubectl[0]).toBe("kubectl logs api-2abc-x1 -n app -c api --previous --tail=200");
    const none = await run("logs.read", { namespace: "app", pod: "api-2abc-x1", container: "sidecar", previous: true });
    expect(!none.ok && none.error.code).toBe("NOT_FOUND");
    const dflt = await run("logs.read", { namespace: "app", pod: "api-2abc-x1" });
    expect(ok(dflt).container).toBe("api");
    expect(dflt.kubectl[0]).toContain("-c api");
  });

  it("events.list: per object, newest first, messages masked", async () => {
    const r = await run("events.list", { namespace: "app", involvedObject: { kind: "Pod", name: "api-2abc-x1" } });
    const { events } = ok(r);
    expect(events.map((e: any) => e.reason)).toEqual(["BackOff", "Pulled"]);
    expect(events[0]).toMatchObject({ type: "Warning", count: 2, source: "kubelet", involvedObject: { kind: "Pod", name: "api-2abc-x1", namespace: "app", fieldPath: "spec.containers{api}" } });
    expect(events[0].message).toContain("token=****");
    expect(r.kubectl[0]).toBe("kubectl get events -n app --field-selector involvedObject.name=api-2abc-x1,involvedObject.kind=Pod --sort-by=.lastTimestamp");
    expect(emu.stats().byVerbAndResource).toEqual({ "list events": 1 });
    const all = await run("events.list", {});
    expect(!all.ok && all.error.code).toBe("INVALID_COMMAND");
  });

  it("a complete list read earlier in the investigation answers a limited one (no second request)", async () => {
    const agent = agentFor(emu);
    emu.resetStats();
    await agent.handle(command("topology.discover", { target: { kind: "Pod", namespace: "app", name: "api-2abc-x1" } }, { investigationId: "inv-list" }));
    const before = emu.stats().byVerbAndResource["list services"];
    expect(before).toBe(1);
    const r = await agent.handle(command("resource.list", { kind: "Service", namespace: "app", limit: 200 }, { investigationId: "inv-list" }));
    expect(r.ok && r.apiRequests).toBe(0);
    const other = await agent.handle(command("resource.list", { kind: "Service", namespace: "app", limit: 200 }, { investigationId: "inv-other" }));
    expect(other.apiRequests).toBe(1); // another investigation reads afresh
  });

  it("metrics.read: cluster-wide pod metrics are refused", async () => {
    const r = await run("metrics.read", { kind: "Pod" });
    expect(!r.ok && r.error.code).toBe("INVALID_COMMAND");
  });

  it("metrics.read: available:false when metrics.k8s.io is not served", async () => {
    const r = await run("metrics.read", { kind: "Pod", namespace: "app" });
    expect(ok(r)).toEqual({ available: false, items: [] });
    expect(r.ok && r.warnings.join(" ")).toMatch(/metrics.k8s.io not available/);
  });

  it("rollout.history: ReplicaSets by revision with template diffs (sensitive env masked)", async () => {
    const r = await run("rollout.history", { ref: { kind: "Deployment", namespace: "app", name: "api" } });
    const d = ok(r);
    expect(d.revisions.map((x: any) => [x.revision, x.name, x.images[0], x.changeCause])).toEqual([[1, "api-1abc", "api:1", "deploy 1"], [2, "api-2abc", "api:2", "deploy 2"]]);
    expect(d.diffs[0].changes).toEqual(expect.arrayContaining([
      { path: "containers[api].image", before: "api:1", after: "api:2" },
      { path: "containers[api].env.POOL", before: "10", after: "twenty" },
    ]));
    expect(r.kubectl).toEqual(["kubectl rollout history deployment/api -n app"]);
  });

  it("config.changes: last change and manager from managedFields, keys; a diff against an earlier version; missing refs", async () => {
    const agent = agentFor(emu);
    const params = { refs: [{ kind: "ConfigMap", namespace: "app", name: "api-config" }, { kind: "ConfigMap", namespace: "app", name: "gone" }] };
    const d = ok(await run("config.changes", params, {}, agent));
    expect(d.changes[0]).toEqual({ ref: params.refs[0], exists: true, lastChangedAt: "2026-11-20T02:40:00Z", manager: "argocd-controller", keys: ["db.url", "pool.size"] });
    expect(d.changes[1]).toEqual({ ref: params.refs[1], exists: false, keys: [] });
  });

  it("Secrets: values never leave (masked), and not read at all when the operator said no", async () => {
    const r = await run("resource.get", { ref: { kind: "Secret", namespace: "app", name: "api-creds" } });
    expect(ok(r).object.data).toEqual({ password: MASK });
    expect(JSON.stringify(r)).not.toContain(Buffer.from("hunter2").toString("base64"));
    const denied = await run("resource.get", { ref: { kind: "Secret", namespace: "app", name: "api-creds" } }, {}, agentFor(emu, { secretMetadata: false }));
    expect(!denied.ok && denied.error.code).toBe("FORBIDDEN");
    expect(emu.stats().requests).toBe(0);
    const cc = await run("config.changes", { refs: [{ kind: "Secret", namespace: "app", name: "api-creds" }] }, {}, agentFor(emu, { secretMetadata: false }));
    expect(ok(cc).changes).toEqual([]);
    expect(cc.ok && cc.warnings).toEqual(["cannot verify Secret app/api-creds (no permission)"]);
  });

  it("pod env values with sensitive names are masked in every object the agent returns", async () => {
    const r = await run("resource.get", { ref: { kind: "Pod", namespace: "app", name: "api-2abc-x1" } });
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });

  it("a result larger than the cap is cut with the marker, never silently", async () => {
    const r = await run("resource.list", { kind: "ConfigMap", namespace: "app", limit: 500 });
    expect(r.ok && r.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(MAX_RESULT_BYTES);
    expect(JSON.stringify(r)).toContain(TRUNCATION_MARKER);
  });
});

describe("namespace-scoped agent (Helm rbac.namespaces)", () => {
  it("refuses commands about other namespaces without a request, serves its own", async () => {
    const agent = agentFor(emu, { namespaces: ["app"] });
    const other = await run("events.list", { namespace: "kube-system" }, {}, agent);
    expect(!other.ok && other.error.code).toBe("FORBIDDEN");
    expect(emu.stats().requests).toBe(0);
    const cfg = await run("config.changes", { refs: [{ kind: "ConfigMap", namespace: "app", name: "api-config" }, { kind: "ConfigMap", namespace: "other", name: "x" }] }, {}, agent);
    expect(!cfg.ok && cfg.error.message).toContain("namespace other");
    expect((await run("events.list", { namespace: "app" }, {}, agent)).ok).toBe(true);
  });
});
