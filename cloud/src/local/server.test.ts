import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryQueue } from "../adapters/memory/memory-queue.js";
import { DEFAULT_RULESET } from "../core/rules/index.js";
import { FileStore } from "./file-store.js";
import { createLogger } from "./logger.js";
import { sessionValue } from "./portal-auth.js";
import { startLocalServer, type LocalServer } from "./server.js";

const TOKEN = "test-token-0123456789abcdef";
const scenarioAlert = JSON.parse(await readFile(new URL("../../../test/scenarios/payments-oom/alert.json", import.meta.url), "utf8"));

let dir: string;
let store: FileStore;
let server: LocalServer;
const queue = new MemoryQueue(); // nothing consumes it: this file tests the HTTP edge only
const logLines: string[] = [];
let failWrites = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ks-server-"));
  store = await FileStore.open({ dataDir: dir, beforeWrite: () => { if (failWrites) throw new Error("EIO: disk gone"); } });
  server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: [TOKEN],
    intake: { store, queue, clock: { now: () => new Date("2026-11-20T02:51:00Z") }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "local" } },
    logger: createLogger({ write: (l) => logLines.push(l), secrets: [TOKEN], level: "debug" }),
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
const auth = { authorization: `Bearer ${TOKEN}` };

describe("local server: webhook edge", () => {
  it("answers /healthz without auth", async () => {
    const r = await fetch(server.url + "/healthz");
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true });
  });

  it("401 without or with a wrong token, and nothing is stored", async () => {
    expect((await post("/alerts/alertmanager", JSON.stringify(scenarioAlert))).status).toBe(401);
    expect((await post("/alerts/alertmanager", JSON.stringify(scenarioAlert), { authorization: "Bearer nope-nope-nope-nope" })).status).toBe(401);
    expect(await store.listInvestigations({})).toHaveLength(0);
  });

  it("413 for a body over the cap (declared or streamed)", async () => {
    const big = JSON.stringify({ pad: "x".repeat(70 * 1024) });
    expect((await post("/alerts/alertmanager", big, auth)).status).toBe(413);
  });

  it("400 with the reason for bad JSON and for a body that is not an Alertmanager webhook; 404 for an unknown source", async () => {
    const bad = await post("/alerts/alertmanager", "{not json", auth);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/JSON/);
    const wrong = await post("/alerts/alertmanager", JSON.stringify({ version: "4", alerts: "nope" }), auth);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/alertmanager webhook: .*expected/);
    expect((await post("/alerts/nagios", "{}", auth)).status).toBe(404);
    expect((await fetch(server.url + "/investigations/%E0%A4%A")).status).toBe(400);
    expect((await fetch(server.url + "/alerts/alertmanager")).status).toBe(405);
  });

  it("202 with decisions; a repeat is a duplicate; Basic auth works too", async () => {
    const r = await post("/alerts/alertmanager", JSON.stringify(scenarioAlert), auth);
    expect(r.status).toBe(202);
    const body = await r.json();
    expect(body.decisions).toEqual([expect.objectContaining({ action: "investigate", alertname: "KubePodCrashLooping" })]);
    const basic = `Basic ${Buffer.from(`alertmanager:${TOKEN}`).toString("base64")}`;
    const again = await (await post("/alerts/alertmanager", JSON.stringify(scenarioAlert), { authorization: basic })).json();
    expect(again.decisions[0]).toMatchObject({ action: "duplicate", investigationId: body.decisions[0].investigationId });
    expect(await store.listInvestigations({})).toHaveLength(1);
    expect(queue.history).toEqual([body.decisions[0].investigationId]);
  });

  it("503 when the store cannot write, so Alertmanager retries", async () => {
    failWrites = true;
    try {
      const other = structuredClone(scenarioAlert);
      other.alerts[0].fingerprint = "0000000000000001";
      other.alerts[0].labels.pod = "payments-api-68994f4d7f-zzzzz";
      other.groupKey = "{}:{alertname=\"Other\"}";
      const r = await post("/alerts/alertmanager", JSON.stringify(other), auth);
      expect(r.status).toBe(503);
    } finally {
      failWrites = false;
    }
  });

  it("never logs the token", () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(TOKEN);
  });
});

describe("local server: portal auth", () => {
  it("redirects the portal to /login and refuses the API without a session", async () => {
    const r = await fetch(server.url + "/", { redirect: "manual" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/login");
    expect((await fetch(server.url + "/api/investigations")).status).toBe(401);
  });

  it("a one-time login link sets the session cookie once", async () => {
    const link = server.loginLink("/stats");
    const r = await fetch(link, { redirect: "manual" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/stats");
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain(TOKEN);
    expect((await fetch(link, { redirect: "manual" })).status).toBe(401); // used
    const api = await fetch(server.url + "/api/investigations", { headers: { cookie: cookie.split(";")[0]! } });
    expect(api.status).toBe(200);
    expect((await api.json()).investigations).toHaveLength(1);
  });

  it("the token form signs in; a wrong token does not; a forged cookie does not", async () => {
    const ok = await fetch(server.url + "/login", { method: "POST", redirect: "manual", body: new URLSearchParams({ token: TOKEN }), headers: { origin: server.url } });
    expect(ok.status).toBe(303);
    const bad = await fetch(server.url + "/login", { method: "POST", redirect: "manual", body: new URLSearchParams({ token: "wrong" }), headers: { origin: server.url } });
    expect(bad.status).toBe(401);
    expect((await fetch(server.url + "/api/stats", { headers: { cookie: `kubesleuth_session=${sessionValue("other-token-xxxxxxxx")}` } })).status).toBe(401);
  });

  it("feedback: validated, refused cross-origin, refused before a diagnosis exists", async () => {
    const [inv] = await store.listInvestigations({});
    const url = `${server.url}/api/investigations/${inv!.id}/feedback`;
    const cookie = `kubesleuth_session=${sessionValue(TOKEN)}`;
    expect((await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json", origin: "http://evil.example" }, body: JSON.stringify({ verdict: "wrong" }) })).status).toBe(403);
    expect((await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ verdict: "great" }) })).status).toBe(400);
    const early = await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ verdict: "accurate" }) });
    expect(early.status).toBe(400);
    expect((await early.json()).error).toMatch(/no diagnosis/);
    expect((await fetch(`${server.url}/api/investigations/nope/feedback`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ verdict: "accurate" }) })).status).toBe(404);
  });
});
