/**
 * A recording proxy in front of the Kubernetes API server for `kubesleuth snapshot`: the agent talks to it
 * over loopback HTTP, it forwards each GET with the real kubeconfig credentials and keeps every object and
 * container log the investigation read. Recording at the HTTP layer captures exactly what the topology
 * walker and the evidence readers fetched, nothing more, with nothing re-implemented. Read-only: any verb
 * but GET is refused with 405 before it reaches the cluster.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import type { KubeObject } from "../../../../shared/src/index.js";

export interface Recording {
  /** Keyed `apiVersion|kind|namespace|name`; the last read wins. */
  objects: Map<string, KubeObject>;
  /** `namespace/pod` → container → {current, previous}. */
  logs: Map<string, Record<string, { current?: string; previous?: string }>>;
  requests: number;
}

export interface RecordingProxy {
  url: string;
  /** A kubeconfig pointing at the proxy (no credentials: the proxy adds them). */
  kubeConfig: KubeConfig;
  recording: Recording;
  close(): Promise<void>;
}

const LOG_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/;

function record(rec: Recording, path: string, query: URLSearchParams, status: number, contentType: string, body: Buffer): void {
  if (status !== 200) return;
  const log = LOG_PATH.exec(path);
  if (log) {
    const key = `${decodeURIComponent(log[1]!)}/${decodeURIComponent(log[2]!)}`;
    const container = query.get("container") ?? "";
    const entry = rec.logs.get(key) ?? {};
    const c = (entry[container] ??= {});
    c[query.get("previous") === "true" ? "previous" : "current"] = body.toString("utf8");
    rec.logs.set(key, entry);
    return;
  }
  if (!contentType.includes("json")) return;
  let v: any;
  try {
    v = JSON.parse(body.toString("utf8"));
  } catch {
    return;
  }
  const keep = (o: any) => {
    if (!o?.metadata?.name || !o.kind || o.kind === "Table" || o.kind === "Status" || o.kind.startsWith("PartialObjectMetadata")) return;
    rec.objects.set(`${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`, o);
  };
  if (typeof v?.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items)) {
    const kind = v.kind.slice(0, -"List".length);
    // List items carry no kind/apiVersion on the wire: the list's own tell.
    for (const item of v.items) keep({ apiVersion: v.apiVersion, kind, ...item });
  } else keep(v);
}

export async function startRecordingProxy(source: KubeConfig): Promise<RecordingProxy> {
  const cluster = source.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const upstream = new URL(cluster.server);
  const basePath = upstream.pathname.replace(/\/$/, "");
  const recording: Recording = { objects: new Map(), logs: new Map(), requests: 0 };

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET") {
      res.writeHead(405, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message: "snapshot proxy is read-only", reason: "MethodNotAllowed", code: 405 }));
      return;
    }
    recording.requests++;
    const url = new URL(req.url ?? "/", "http://proxy");
    const headers: Record<string, string> = {};
    for (const h of ["accept", "user-agent"]) if (typeof req.headers[h] === "string") headers[h] = req.headers[h] as string;
    const opts: RequestOptions = {
      method: "GET", hostname: upstream.hostname, port: upstream.port || (upstream.protocol === "https:" ? 443 : 80),
      path: basePath + url.pathname + url.search, headers,
    };
    await source.applyToHTTPSOptions(opts); // CA, client cert, bearer token / exec credentials
    const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
    await new Promise<void>((resolve) => {
      const up = send(opts, (ur) => {
        const chunks: Buffer[] = [];
        ur.on("data", (c: Buffer) => chunks.push(c));
        ur.on("end", () => {
          const body = Buffer.concat(chunks);
          if (url.searchParams.get("watch") !== "true" && url.searchParams.get("watch") !== "1") {
            record(recording, url.pathname, url.searchParams, ur.statusCode ?? 0, String(ur.headers["content-type"] ?? ""), body);
          }
          res.writeHead(ur.statusCode ?? 502, { "content-type": String(ur.headers["content-type"] ?? "application/octet-stream") });
          res.end(body);
          resolve();
        });
        ur.on("error", () => {
          res.destroy();
          resolve();
        });
      });
      up.setTimeout(30_000, () => up.destroy(new Error("upstream timeout")));
      up.on("error", (e) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message: `snapshot proxy: ${e.message}`, code: 502 }));
        resolve();
      });
      up.end();
    });
  }

  const server = createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // Plain HTTP on loopback (the proxy speaks TLS upstream); client-node only allows http:// with skipTLSVerify.
    clusters: [{ name: "snapshot", server: url, skipTLSVerify: true }],
    users: [{ name: "snapshot" }],
    contexts: [{ name: "snapshot", cluster: "snapshot", user: "snapshot", namespace: source.getContextObject(source.getCurrentContext())?.namespace }],
    currentContext: "snapshot",
  });
  return {
    url, kubeConfig: kc, recording,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Read one extra object through the proxy so it is recorded (e.g. the Namespace). Missing objects are fine. */
export async function readThrough(proxyUrl: string, path: string): Promise<void> {
  await fetch(proxyUrl + path).then((r) => r.arrayBuffer()).catch(() => undefined);
}
