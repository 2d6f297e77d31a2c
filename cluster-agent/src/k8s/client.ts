/**
 * Read-only Kubernetes client. It can only issue GET: there is no method, parameter or code path for any other
 * verb, so a bug elsewhere in the agent cannot change the cluster. Credentials and TLS come from the
 * KubeConfig (client-node's own applyToHTTPSOptions: in-cluster token files, exec plugins, client certs, CAs).
 * Every request passes the QPS/burst bucket and the concurrency cap, and is counted.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { K8sApiError } from "./errors.js";
import { RequestLimiter } from "./limiter.js";

export type Query = Record<string, string | number | boolean | undefined>;

export interface ClientOptions {
  kubeConfig: KubeConfig;
  qps?: number;
  burst?: number;
  concurrency?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Responses larger than this are cut off (the API server never needs to send the agent more). */
  maxResponseBytes?: number;
}

export interface ReadResponse {
  status: number;
  body: string;
}

/** Something that counts requests; the client reports each one it sends to every active counter. */
export type RequestObserver = (path: string) => void;

export class ReadOnlyClient {
  private readonly limiter: RequestLimiter;
  private readonly server: URL;
  private total = 0;

  constructor(private readonly o: ClientOptions) {
    const cluster = o.kubeConfig.getCurrentCluster();
    if (!cluster?.server) throw new Error("kubeconfig has no current cluster");
    this.server = new URL(cluster.server);
    this.limiter = new RequestLimiter({ qps: o.qps ?? 20, burst: o.burst ?? 40, concurrency: o.concurrency ?? 4 });
  }

  /** Requests sent since the process started. */
  get requests(): number {
    return this.total;
  }

  /** GET a JSON document. Throws K8sApiError on non-2xx (the Status message is kept). */
  async getJson<T = any>(path: string, query: Query = {}, observe?: RequestObserver): Promise<T> {
    const res = await this.get(path, query, "application/json", observe);
    try {
      return JSON.parse(res.body) as T;
    } catch (e) {
      throw new K8sApiError(res.status, "InvalidResponse", `GET ${path}: the API server answered with invalid JSON`, path, { cause: e });
    }
  }

  /** GET a text document (pods/log). */
  async getText(path: string, query: Query = {}, observe?: RequestObserver): Promise<string> {
    return (await this.get(path, query, "text/plain, */*", observe)).body;
  }

  private async get(path: string, query: Query, accept: string, observe?: RequestObserver): Promise<ReadResponse> {
    const url = new URL(this.server.href.replace(/\/$/, "") + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.limiter.run(async () => {
      this.total++;
      observe?.(path);
      return this.send(url, accept, path);
    });
  }

  private async send(url: URL, accept: string, path: string): Promise<ReadResponse> {
    const opts: RequestOptions = { method: "GET", headers: { Accept: accept, "User-Agent": "kubesleuth-agent" } };
    await this.o.kubeConfig.applyToHTTPSOptions(opts);
    opts.method = "GET"; // nothing above may change the verb
    const timeoutMs = this.o.timeoutMs ?? 15_000;
    const maxBytes = this.o.maxResponseBytes ?? 64 * 1024 * 1024;
    const doRequest = url.protocol === "http:" ? httpRequest : httpsRequest;
    return new Promise<ReadResponse>((resolve, reject) => {
      const req = doRequest(url, opts, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy(new Error(`response larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ status, body });
          reject(statusError(status, body, path));
        });
        res.on("error", (e) => reject(new K8sApiError(0, "ConnectionError", `GET ${path}: ${e.message}`, path, { cause: e })));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on("error", (e) => reject(new K8sApiError(0, "ConnectionError", `GET ${path}: ${e.message}`, path, { cause: e })));
      req.end();
    });
  }
}

function statusError(status: number, body: string, path: string): K8sApiError {
  let reason = "";
  let message = "";
  try {
    const s = JSON.parse(body);
    if (s && s.kind === "Status") {
      reason = String(s.reason ?? "");
      message = String(s.message ?? "");
    }
  } catch {
    /* not a Status document */
  }
  return new K8sApiError(status, reason || `HTTP${status}`, message || `GET ${path}: HTTP ${status} ${body.slice(0, 200)}`, path);
}
