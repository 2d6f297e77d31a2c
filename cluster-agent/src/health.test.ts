import { afterEach, describe, expect, it } from "vitest";
import { startHealthServer } from "./health.js";

describe("health endpoint", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it("binds loopback, /healthz alive, /readyz after a recent poll, stale → 503, nothing else served", async () => {
    const poll: { last?: number } = {};
    let t = 1_000_000;
    const h = await startHealthServer({ host: "127.0.0.1", port: 0, staleMs: 60_000, now: () => t, source: { lastPollAt: () => poll.last, stats: () => ({ commands: 3 }) } });
    close = h.close;
    const get = (p: string, method = "GET") => fetch(`http://127.0.0.1:${h.port}${p}`, { method });
    expect((await get("/healthz")).status).toBe(200); // starting up
    expect((await get("/readyz")).status).toBe(503);
    poll.last = t;
    expect((await get("/readyz")).status).toBe(200);
    expect(await (await get("/healthz")).json()).toMatchObject({ ok: true, commands: 3 });
    t += 61_000;
    expect((await get("/healthz")).status).toBe(503);
    expect((await get("/other")).status).toBe(404);
    expect((await get("/healthz", "POST")).status).toBe(405);
  });
});
