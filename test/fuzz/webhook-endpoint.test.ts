/**
 * Hostile traffic at the local server's webhook endpoint (real node:http server on 127.0.0.1:0, real intake,
 * in-memory store): random Authorization headers are 401 and store nothing; bodies over the cap are 413 whether
 * declared or streamed; random bodies with the right token are 400/404/202, never a 5xx; a good token still works.
 */
import fc from "fast-check";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryQueue } from "../../cloud/src/adapters/memory/memory-queue.js";
import { MemoryStore } from "../../cloud/src/adapters/memory/memory-store.js";
import { MAX_WEBHOOK_BYTES } from "../../cloud/src/core/intake/index.js";
import { DEFAULT_RULESET } from "../../cloud/src/core/rules/index.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { startLocalServer, type LocalServer } from "../../cloud/src/local/server.js";

const TOKEN = "fuzz-token-5f0c1b9e7a2d4c68";
let server: LocalServer;
let store: MemoryStore;
const logs: string[] = [];

const ALERT = {
  version: "4", groupKey: "{}:{alertname=\"KubePodCrashLooping\"}", status: "firing", receiver: "kubesleuth", truncatedAlerts: 0,
  groupLabels: { alertname: "KubePodCrashLooping" }, commonLabels: {}, commonAnnotations: {}, externalURL: "http://am",
  alerts: [{ status: "firing", labels: { alertname: "KubePodCrashLooping", namespace: "payments", pod: "payments-api-1", severity: "warning" }, annotations: {}, startsAt: "2026-11-20T02:31:00Z", endsAt: "0001-01-01T00:00:00Z", fingerprint: "0123456789abcdef" }],
};

beforeAll(async () => {
  store = new MemoryStore();
  server = await startLocalServer({
    host: "127.0.0.1", port: 0, tokens: [TOKEN], logger: createLogger({ level: "debug", secrets: [TOKEN], write: (l) => logs.push(l) }),
    intake: { store, queue: new MemoryQueue(1), clock: { now: () => new Date("2026-11-20T03:00:00Z") }, rules: DEFAULT_RULESET, config: { clusterLabel: "cluster", defaultCluster: "fuzz" } },
  });
});
afterAll(async () => {
  await server?.close();
});

const stored = async () => (await store.listInvestigations({ limit: 10_000 })).length;

function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<number> {
  return fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : new Uint8Array(body) }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
}

/** A streamed body with no Content-Length (chunked), `size` bytes. */
function postChunked(size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url + "/alerts/alertmanager");
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe("webhook endpoint under hostile input", () => {
  it("no token, wrong tokens, near-miss tokens, malformed headers: 401, nothing stored, token never logged", async () => {
    const body = JSON.stringify(ALERT);
    const near = fc.oneof(
      fc.string({ maxLength: 64 }),
      fc.nat(TOKEN.length - 1).map((n) => TOKEN.slice(0, n)),
      fc.nat(TOKEN.length - 1).map((n) => TOKEN.slice(0, n) + (TOKEN[n] === "a" ? "b" : "a") + TOKEN.slice(n + 1)),
      fc.constant(TOKEN + "x"), fc.constant(TOKEN.toUpperCase()), fc.constant(` ${TOKEN}0`),
    );
    const header = fc.oneof(
      near.map((t) => `Bearer ${t}`),
      near.map((t) => `Basic ${Buffer.from(`alertmanager:${t}`).toString("base64")}`),
      fc.constantFrom("", "Bearer", "Bearer ", `Token ${TOKEN}`, `Bearer\t`, `Basic ${Buffer.from(TOKEN).toString("base64")}`, `Basic !!!`),
      fc.string({ maxLength: 100 }),
    ).filter((h) => !/[\r\n\0]/.test(h) && [...h].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f));
    await fc.assert(fc.asyncProperty(header, async (h) => {
      const status = await post("/alerts/alertmanager", body, h ? { authorization: h } : {});
      expect(status).toBe(401);
    }), { numRuns: 200 });
    expect(await post("/alerts/alertmanager", body, {})).toBe(401);
    expect(await stored()).toBe(0);
    expect(logs.join("\n")).not.toContain(TOKEN);
  });

  it("bodies over the cap: 413 when declared and when streamed without a length; nothing stored", async () => {
    const huge = Buffer.alloc(MAX_WEBHOOK_BYTES + 1, 0x20);
    expect(await post("/alerts/alertmanager", huge, { authorization: `Bearer ${TOKEN}` })).toBe(413);
    expect(await postChunked(MAX_WEBHOOK_BYTES * 8)).toBe(413);
    expect(await stored()).toBe(0);
  });

  it("random bodies and sources with the right token: never a 5xx, never a crash", async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 300 }),
      fc.nat(JSON.stringify(ALERT).length).map((n) => JSON.stringify(ALERT).slice(0, n)),
      fc.constant("[".repeat(50_000) + "]".repeat(50_000)),
      fc.constant(`{"__proto__":{"polluted":1},"alerts":[{"labels":{"__proto__":{"polluted":1}}}]}`),
    );
    const source = fc.oneof(fc.constantFrom("alertmanager", "grafana", "datadog", "cloudwatch"), fc.string({ maxLength: 20 }).map(encodeURIComponent));
    await fc.assert(fc.asyncProperty(source, body, async (src, b) => {
      const status = await post(`/alerts/${src}`, b, { authorization: `Bearer ${TOKEN}` });
      expect(status === 202 || (status >= 400 && status < 500), `status ${status}`).toBe(true);
    }), { numRuns: 300 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const ok = await post("/alerts/alertmanager", JSON.stringify(ALERT), { authorization: `Bearer ${TOKEN}` });
    expect(ok).toBe(202);
  });
});
