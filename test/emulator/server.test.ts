/** The emulator over HTTPS: raw protocol checks and @kubernetes/client-node used unchanged. */
import { request } from "node:https";
import { fileURLToPath } from "node:url";
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../scenarios/loader.js";
import { startEmulator, type Emulator } from "./index.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/shop", import.meta.url));
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

interface Res { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }

function call(emu: Emulator, path: string, opts: { method?: string; accept?: string; token?: string | null; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, emu.url);
    const headers: Record<string, string> = {};
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? emu.token}`;
    if (opts.accept) headers.accept = opts.accept;
    if (opts.body) {
      headers["content-type"] = "application/merge-patch+json";
      headers["content-length"] = String(Buffer.byteLength(opts.body));
    }
    const req = request(u, { method: opts.method ?? "GET", headers, ca: emu.ca }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

let emu: Emulator;
let scenario: Awaited<ReturnType<typeof loadScenario>>;

beforeAll(async () => {
  scenario = await loadScenario(FIXTURE);
  emu = await startEmulator({ objects: scenario.objects, logs: scenario.logs, now: scenario.meta.now, token: "t0ken" });
});
afterAll(async () => {
  await emu?.close();
});

describe("protocol", () => {
  it("401 without or with a wrong bearer token", async () => {
    for (const token of [null, "wrong"]) {
      const r = await call(emu, "/api/v1/pods", { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    }
  });

  it("discovery documents", async () => {
    expect((await call(emu, "/version")).json.gitVersion).toMatch(/^v1\.32\./);
    expect((await call(emu, "/api")).json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await call(emu, "/apis")).json;
    expect(groups.kind).toBe("APIGroupList");
    expect(groups.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(["apps", "batch", "networking.k8s.io", "discovery.k8s.io", "metrics.k8s.io"]));
    const core = (await call(emu, "/api/v1")).json;
    const pods = core.resources.find((r: any) => r.name === "pods");
    expect(pods).toMatchObject({ namespaced: true, kind: "Pod", shortNames: ["po"], categories: ["all"] });
    expect(core.resources.find((r: any) => r.name === "pods/log")).toMatchObject({ kind: "Pod", verbs: ["get"] });
    expect((await call(emu, "/apis/apps/v1")).json.resources.map((r: any) => r.name)).toContain("deployments/scale");
    expect((await call(emu, "/apis/nope.io/v1")).status).toBe(404);
  });

  it("list: items without TypeMeta (as the real server), list kind and resourceVersion", async () => {
    const r = await call(emu, "/api/v1/namespaces/shop/pods");
    expect(r.status).toBe(200);
    expect(r.json.kind).toBe("PodList");
    expect(r.json.apiVersion).toBe("v1");
    expect(r.json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(r.json.items).toHaveLength(3);
    expect(r.json.items[0].kind).toBeUndefined();
    const one = await call(emu, "/api/v1/namespaces/shop/pods/checkout-7c9d8f6b5-x2x7k");
    expect(one.json).toMatchObject({ kind: "Pod", apiVersion: "v1", metadata: { uid: "6f1d2c3b-0020-4000-8000-000000000020", resourceVersion: "3020" } });
  });

  it("generates uid and resourceVersion where the scenario omitted them, deterministically", async () => {
    const pm = (await call(emu, "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/web-6d8b9c7f4-q8w2n")).json;
    expect(pm.kind).toBe("PodMetrics");
    expect(pm.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(pm.metadata.resourceVersion)).toBeGreaterThan(4083);
    const again = await startEmulator({ objects: scenario.objects });
    try {
      const pm2 = (await call(again, "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/web-6d8b9c7f4-q8w2n")).json;
      expect(pm2.metadata.uid).toBe(pm.metadata.uid);
    } finally {
      await again.close();
    }
  });

  it("Table and PartialObjectMetadataList negotiation", async () => {
    const t = (await call(emu, "/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout", { accept: TABLE })).json;
    expect(t.kind).toBe("Table");
    expect(t.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"]);
    expect(t.rows.map((r: any) => r.cells.slice(0, 4))).toEqual([
      ["checkout-7c9d8f6b5-m4q9z", "1/1", "Running", "0"],
      ["checkout-7c9d8f6b5-x2x7k", "0/1", "CrashLoopBackOff", "6 (2m58s ago)"],
    ]);
    expect(t.rows[0].object.kind).toBe("PartialObjectMetadata");
    const full = (await call(emu, "/api/v1/namespaces/shop/pods?includeObject=Object", { accept: TABLE })).json;
    expect(full.rows[0].object.kind).toBe("Pod");
    const p = (await call(emu, "/apis/apps/v1/replicasets", { accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json" })).json;
    expect(p.kind).toBe("PartialObjectMetadataList");
    expect(p.items.map((i: any) => i.metadata.name)).toEqual(["checkout-5f4b8c7d9", "checkout-7c9d8f6b5", "web-6d8b9c7f4"]);
    expect(p.items[0].metadata.ownerReferences[0].uid).toBe("6f1d2c3b-0010-4000-8000-000000000010");
  });

  it("Status errors: 404 for objects and unknown paths, 400 for bad selectors, 405 for every write verb", async () => {
    const nf = await call(emu, "/apis/apps/v1/namespaces/shop/deployments/nope");
    expect(nf.json).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'deployments.apps "nope" not found', reason: "NotFound", details: { name: "nope", group: "apps", kind: "deployments" }, code: 404 });
    expect((await call(emu, "/api/v1/namespaces/shop/widgets")).status).toBe(404);
    expect((await call(emu, "/api/v1/nodes/node-a/proxy")).status).toBe(404);
    const bad = await call(emu, "/api/v1/pods?labelSelector=app%20in%20x");
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toBe("BadRequest");
    for (const [method, path] of [["POST", "/api/v1/namespaces/shop/pods"], ["PUT", "/api/v1/namespaces/shop/pods/checkout-7c9d8f6b5-x2x7k"], ["PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout"],
      ["DELETE", "/api/v1/namespaces/shop/pods/checkout-7c9d8f6b5-x2x7k"], ["DELETE", "/api/v1/namespaces/shop/pods"], ["PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout/scale"]] as const) {
      const r = await call(emu, path, { method, body: "{}" });
      expect(r.status, `${method} ${path} ${r.text}`).toBe(405);
      expect(r.json).toMatchObject({ kind: "Status", reason: "MethodNotAllowed", code: 405 });
    }
    // still there
    expect((await call(emu, "/api/v1/namespaces/shop/pods/checkout-7c9d8f6b5-x2x7k")).status).toBe(200);
  });

  it("pods/log options over HTTP", async () => {
    const base = "/api/v1/namespaces/shop/pods/checkout-7c9d8f6b5-x2x7k/log";
    const prev = await call(emu, `${base}?container=checkout&previous=true&tailLines=1`);
    expect(prev.headers["content-type"]).toMatch(/^text\/plain/);
    expect(prev.text).toBe("2026-11-20T02:57:02Z FATAL PAYMENT_PROVIDER_URL is required but not set\n");
    expect((await call(emu, `${base}?previous=true&limitBytes=10`)).text).toBe("2026-11-20");
    const multi = await call(emu, "/api/v1/namespaces/shop/pods/web-6d8b9c7f4-q8w2n/log");
    expect(multi.status).toBe(400);
    expect(multi.json.message).toBe("a container name must be specified for pod web-6d8b9c7f4-q8w2n, choose one of: [web log-shipper]");
  });

  it("field selectors on cluster-wide lists and pagination tokens", async () => {
    const ev = (await call(emu, "/api/v1/events?fieldSelector=involvedObject.kind%3DDeployment")).json;
    expect(ev.items.map((e: any) => e.reason)).toEqual(["ScalingReplicaSet"]);
    const p1 = (await call(emu, "/api/v1/pods?limit=3")).json;
    expect(p1.items).toHaveLength(3);
    expect(p1.metadata.remainingItemCount).toBe(1);
    const p2 = (await call(emu, `/api/v1/pods?limit=3&continue=${encodeURIComponent(p1.metadata.continue)}`)).json;
    expect(p2.items.map((i: any) => i.metadata.name)).toEqual(["web-6d8b9c7f4-q8w2n"]);
    expect(p2.metadata.continue).toBeUndefined();
    expect((await call(emu, "/api/v1/pods?limit=3&continue=garbage")).status).toBe(400);
  });

  it("watch replays current objects as ADDED then stays open until timeoutSeconds", async () => {
    const r = await call(emu, "/api/v1/namespaces/shop/pods?watch=true&labelSelector=app%3Dweb&timeoutSeconds=1");
    const events = r.text.trim().split("\n").map((l) => JSON.parse(l));
    expect(events).toEqual([{ type: "ADDED", object: expect.objectContaining({ kind: "Pod", metadata: expect.objectContaining({ name: "web-6d8b9c7f4-q8w2n" }) }) }]);
    const fromRv = await call(emu, "/api/v1/namespaces/shop/pods?watch=true&resourceVersion=4000&timeoutSeconds=1");
    expect(fromRv.text).toBe("");
  });

  it("fault injection and stats", async () => {
    emu.resetStats();
    emu.setFault(({ path }) => (path.endsWith("/log") ? { status: 403 } : path.endsWith("/configmaps") ? { status: 500 } : path.endsWith("/secrets") ? { dropConnection: true } : path.includes("/services") ? { delayMs: 50, status: 503 } : undefined));
    try {
      const r = await call(emu, "/api/v1/namespaces/shop/configmaps");
      expect(r.json).toMatchObject({ kind: "Status", reason: "InternalError", code: 500 });
      await expect(call(emu, "/api/v1/namespaces/shop/secrets")).rejects.toThrow();
      const denied = await call(emu, "/api/v1/namespaces/shop/pods/web-6d8b9c7f4-q8w2n/log?container=web");
      expect(denied.json.message).toBe('pods "web-6d8b9c7f4-q8w2n" is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot get resource "pods/log" in API group "" in the namespace "shop"');
      expect((await call(emu, "/api/v1/namespaces/shop/services")).status).toBe(503);
    } finally {
      emu.setFault(undefined);
    }
    expect((await call(emu, "/api/v1/namespaces/shop/configmaps")).status).toBe(200);
    const s = emu.stats();
    expect(s.requests).toBe(5);
    expect(s.bytes).toBeGreaterThan(0);
    expect(s.byVerbAndResource).toMatchObject({ "fault 500": 1, "fault dropConnection": 1, "fault 503": 1, "fault 403": 1, "list configmaps": 1 });
  });

  it("refuses a scenario with two objects of the same kind, namespace and name", async () => {
    const pod = scenario.objects.find((o) => o.kind === "Pod")!;
    await expect(startEmulator({ objects: [pod, { ...pod }] })).rejects.toThrow(/duplicate object Pod shop\/checkout-7c9d8f6b5-x2x7k/);
  });

  it("metrics.k8s.io is absent from discovery without metrics objects (404 like a cluster without metrics-server)", async () => {
    const plain = await startEmulator({ objects: scenario.objects.filter((o) => !o.apiVersion.startsWith("metrics.k8s.io/")) });
    try {
      const groups = (await call(plain, "/apis")).json.groups.map((g: any) => g.name);
      expect(groups).not.toContain("metrics.k8s.io");
      expect((await call(plain, "/apis/metrics.k8s.io/v1beta1/pods")).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("RBAC enforcement", () => {
  it("403 with the API server's message for anything the rules do not allow; discovery stays open", async () => {
    const rbac = await startEmulator({
      objects: scenario.objects, logs: scenario.logs, serviceAccount: "system:serviceaccount:kubesleuth:kubesleuth-agent",
      rbacRules: [{ apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"] }, { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"], resourceNames: ["checkout"] }],
    });
    try {
      expect((await call(rbac, "/api/v1/namespaces/shop/pods")).status).toBe(200);
      expect((await call(rbac, "/apis")).status).toBe(200);
      expect((await call(rbac, "/apis/apps/v1/namespaces/shop/deployments/checkout")).status).toBe(200);
      const web = await call(rbac, "/apis/apps/v1/namespaces/shop/deployments/web");
      expect(web.json.message).toBe('deployments.apps "web" is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot get resource "deployments" in API group "apps" in the namespace "shop"');
      const log = await call(rbac, "/api/v1/namespaces/shop/pods/web-6d8b9c7f4-q8w2n/log?container=web");
      expect(log.status).toBe(403);
      expect(log.json.message).toContain('cannot get resource "pods/log" in API group "" in the namespace "shop"');
      const secrets = await call(rbac, "/api/v1/secrets");
      expect(secrets.json).toMatchObject({ code: 403, reason: "Forbidden", details: { kind: "secrets" } });
      expect(secrets.json.message).toBe('secrets is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot list resource "secrets" in API group "" at the cluster scope');
      // a write the rules do not allow is a 403 before it is a 405, as authorization comes first
      expect((await call(rbac, "/api/v1/namespaces/shop/pods/x", { method: "DELETE" })).status).toBe(403);
    } finally {
      await rbac.close();
    }
  });
});

describe("@kubernetes/client-node against the emulator, unchanged", () => {
  const kc = () => {
    const c = new k8s.KubeConfig();
    c.loadFromFile(emu.kubeconfigPath);
    return c;
  };

  it("typed reads, logs, 404 ApiException and metrics", async () => {
    const core = kc().makeApiClient(k8s.CoreV1Api);
    const apps = kc().makeApiClient(k8s.AppsV1Api);
    const pods = await core.listPodForAllNamespaces({ labelSelector: "tier=backend" });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(["checkout-7c9d8f6b5-m4q9z", "checkout-7c9d8f6b5-x2x7k"]);
    expect(pods.items[1]!.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    const evs = await core.listNamespacedEvent({ namespace: "shop", fieldSelector: "involvedObject.name=checkout-7c9d8f6b5-x2x7k" });
    expect(evs.items).toHaveLength(2);
    const log = await core.readNamespacedPodLog({ name: "checkout-7c9d8f6b5-x2x7k", namespace: "shop", container: "checkout", previous: true, tailLines: 1 });
    expect(log).toContain("FATAL PAYMENT_PROVIDER_URL");
    const dep = await apps.readNamespacedDeployment({ name: "checkout", namespace: "shop" });
    expect(dep.spec?.template.spec?.containers[0]?.image).toBe("ghcr.io/acme/checkout:1.5.0");
    const rs = await apps.listNamespacedReplicaSet({ namespace: "shop", labelSelector: "app=checkout", limit: 1 });
    expect(rs.items).toHaveLength(1);
    expect(rs.metadata?._continue).toBeTruthy();
    const err = await core.readNamespacedPod({ name: "nope", namespace: "shop" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect((err as k8s.ApiException<string>).code).toBe(404);
    const metrics = await new k8s.Metrics(kc()).getPodMetrics("shop");
    expect(metrics.items.map((m) => m.metadata.name).sort()).toEqual(["checkout-7c9d8f6b5-m4q9z", "web-6d8b9c7f4-q8w2n"]);
    const custom = kc().makeApiClient(k8s.CustomObjectsApi);
    const nm: any = await custom.getClusterCustomObject({ group: "metrics.k8s.io", version: "v1beta1", plural: "nodes", name: "node-a" });
    expect(nm.usage.cpu).toBe("412m");
  });
});
