/**
 * Optional health endpoint (only when KUBESLEUTH_HEALTH_PORT is set), bound to 127.0.0.1 unless told otherwise:
 * GET /healthz → 200 while the poll loop is alive (a successful poll recently), /readyz → 200 after the first poll.
 * Nothing else is served; the agent has no other listening socket.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthSource {
  /** Epoch ms of the last successful ReceiveMessage, undefined before the first. */
  lastPollAt(): number | undefined;
  stats(): Record<string, unknown>;
}

export async function startHealthServer(o: { host: string; port: number; source: HealthSource; staleMs: number; now?: () => number }): Promise<{ port: number; close(): Promise<void> }> {
  const now = o.now ?? Date.now;
  const server: Server = createServer((req, res) => {
    const last = o.source.lastPollAt();
    const body = (code: number) => {
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify({ ok: code === 200, lastPollAt: last ? new Date(last).toISOString() : null, ...o.source.stats() }));
    };
    if (req.method !== "GET") return void res.writeHead(405).end();
    if (req.url === "/healthz") return body(last === undefined || now() - last < o.staleMs ? 200 : 503);
    if (req.url === "/readyz") return body(last !== undefined && now() - last < o.staleMs ? 200 : 503);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
