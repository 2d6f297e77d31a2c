/** The request handler: auth, fault injection, RBAC, then discovery / get / list / watch / pods/log. Read-only. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeObject, PodLogs } from "../../shared/src/index.js";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from "./discovery.js";
import { parseLogOptions, readPodLog } from "./logs.js";
import { openApiDocument, openApiIndex } from "./openapi.js";
import { decodeAccessReview } from "./protobuf.js";
import { paginate } from "./pagination.js";
import { allowsPath, allowsResource, isDiscoveryPath, type PolicyRule } from "./rbac.js";
import { groupVersion, qualifiedResource, type ResourceType } from "./resources.js";
import { parseRoute, type Route } from "./routes.js";
import { compileFieldSelector, matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors.js";
import { ApiError, badRequest, forbidden, methodNotAllowed, notFound, pathNotFound, unauthorized } from "./status.js";
import type { ObjectStore } from "./store.js";
import { negotiateShape, partialList, partialObject, toTable, type ListMeta } from "./table.js";

export interface EmulatorFault { status?: number; delayMs?: number; dropConnection?: boolean }
export type FaultFn = (req: { method: string; path: string; query: URLSearchParams }) => EmulatorFault | undefined;

export interface HandlerConfig {
  store: ObjectStore;
  logs: Map<string, PodLogs>;
  token: string;
  rbacRules?: PolicyRule[];
  user: string;
  /** Clock for AGE columns and sinceSeconds. */
  now: () => number;
  serverAddress: string;
  fault?: FaultFn;
}

export interface Stats { requests: number; bytes: number; byVerbAndResource: Record<string, number> }

const WRITE_VERBS: Record<string, string> = { POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };

const REASONS: Record<number, [string, string]> = {
  400: ["BadRequest", "bad request"],
  401: ["Unauthorized", "Unauthorized"],
  403: ["Forbidden", "forbidden"],
  404: ["NotFound", "the server could not find the requested resource"],
  409: ["Conflict", "conflict"],
  410: ["Expired", "too old resource version"],
  429: ["TooManyRequests", "the server has received too many requests and has asked us to try again later"],
  500: ["InternalError", "Internal error occurred: injected fault"],
  503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
  504: ["Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const MAX_BODY = 1024 * 1024;

/** The request body as text, at most 1 MiB (the rest is drained and dropped: only access reviews read bodies). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export class RequestHandler {
  stats: Stats = { requests: 0, bytes: 0, byVerbAndResource: {} };
  private openApiIndexDoc: Record<string, unknown> | undefined;
  /** Open watch responses, ended on close. */
  readonly watches = new Set<ServerResponse>();

  constructor(readonly cfg: HandlerConfig) {}

  resetStats(): void {
    this.stats = { requests: 0, bytes: 0, byVerbAndResource: {} };
  }

  private count(key: string): void {
    this.stats.byVerbAndResource[key] = (this.stats.byVerbAndResource[key] ?? 0) + 1;
  }

  private send(res: ServerResponse, status: number, body: unknown, contentType = "application/json", headers: Record<string, string> = {}): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const len = Buffer.byteLength(text);
    this.stats.bytes += len;
    res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(len), "Cache-Control": "no-cache, private", ...headers });
    res.end(text);
  }

  private sendError(res: ServerResponse, e: ApiError): void {
    this.send(res, e.code, e.toStatus(), "application/json", e.code === 429 ? { "Retry-After": "1" } : {});
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    try {
      // Read (and bound) any body: writes are refused, but the client must not block on a full socket.
      const body = await readBody(req);
      const fault = this.cfg.fault?.({ method, path: url.pathname, query: url.searchParams });
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.dropConnection) {
        this.count("fault dropConnection");
        req.socket.destroy();
        return;
      }
      if (req.headers.authorization !== `Bearer ${this.cfg.token}`) {
        this.count("unauthorized");
        throw unauthorized();
      }
      if (fault?.status) {
        this.count(`fault ${fault.status}`);
        throw this.faultError(fault.status, url, method);
      }
      await this.route(req, res, method, url, body);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ApiError) this.sendError(res, e);
      else this.sendError(res, new ApiError(500, "InternalError", `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  private faultError(status: number, url: URL, method: string): ApiError {
    if (status === 403) {
      // Word it like RBAC would for this very request (a permission revoked mid-investigation).
      const path = url.pathname;
      let route: Route | undefined;
      try {
        route = parseRoute(path, this.cfg.store.registry);
      } catch {
        route = undefined;
      }
      if (route?.kind !== "resource") return forbidden(this.cfg.user, { verb: "get", path });
      const isWatch = url.searchParams.get("watch") === "true";
      const verb = WRITE_VERBS[method] ?? (route.name ? "get" : isWatch ? "watch" : "list");
      return forbidden(this.cfg.user, { verb, t: route.type, subresource: route.subresource, namespace: route.namespace, name: route.name, path });
    }
    const [reason, message] = REASONS[status] ?? ["InternalError", `Internal error occurred: injected fault (${status})`];
    return new ApiError(status, reason, message, {});
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: Buffer): Promise<void> {
    const path = url.pathname;
    const route = parseRoute(path, this.cfg.store.registry);
    const q = url.searchParams;
    const isWatch = q.get("watch") === "true" || q.get("watch") === "1";
    const verb = WRITE_VERBS[method] ?? (route.kind === "resource" ? (route.name ? "get" : isWatch ? "watch" : "list") : "get");
    if (method === "DELETE" && route.kind === "resource" && !route.name) {
      this.count(`deletecollection ${qualifiedResource(route.type)}`);
      this.authorize(route, "deletecollection", path);
      throw methodNotAllowed();
    }
    if (route.kind !== "resource") return this.nonResource(res, route, verb, method);
    this.count(`${verb} ${qualifiedResource(route.type)}${route.subresource ? `/${route.subresource}` : ""}`);
    // `kubectl auth can-i`: every authenticated user may create SelfSubjectAccessReviews (system:basic-user); nothing is stored.
    if (route.type.plural === "selfsubjectaccessreviews") {
      if (method !== "POST" || route.name) throw methodNotAllowed();
      return this.send(res, 201, this.accessReview(body, req.headers["content-type"] ?? ""));
    }
    this.authorize(route, verb, path);
    if (WRITE_VERBS[method] || (method !== "GET" && method !== "HEAD")) throw methodNotAllowed();
    const { type, namespace, name, subresource } = route;
    if (name !== undefined) {
      const obj = this.cfg.store.get(type, namespace, name);
      if (!obj) throw notFound(type, name);
      if (subresource === "log") return this.podLog(res, obj, q);
      if (subresource && subresource !== "status") throw methodNotAllowed();
      return this.sendObject(res, req, type, obj, q);
    }
    return this.list(req, res, type, namespace, q, isWatch);
  }

  private authorize(route: Route, verb: string, path: string): void {
    const rules = this.cfg.rbacRules;
    if (!rules) return;
    if (route.kind !== "resource") {
      if (verb === "get" && isDiscoveryPath(path)) return;
      if (!allowsPath(rules, verb, path)) throw forbidden(this.cfg.user, { verb, path });
      return;
    }
    const attrs = { verb, group: route.type.group, resource: route.type.plural, subresource: route.subresource, name: route.name, namespace: route.namespace };
    if (!allowsResource(rules, attrs)) throw forbidden(this.cfg.user, { ...attrs, t: route.type, path });
  }

  private nonResource(res: ServerResponse, route: Route & { kind: "discovery" | "nonResource" }, verb: string, method: string): void {
    this.count(route.kind === "discovery" ? "get discovery" : `${verb} ${route.path}`);
    this.authorize(route, verb, route.path);
    if (method !== "GET" && method !== "HEAD") throw methodNotAllowed();
    const reg = this.cfg.store.registry;
    const p = route.path.replace(/\/+$/, "") || "/";
    if (route.kind === "discovery") {
      const segs = p.split("/").filter(Boolean);
      if (p === "/api") return this.send(res, 200, apiVersions(this.cfg.serverAddress));
      if (p === "/apis") return this.send(res, 200, apiGroupList(reg));
      if (segs[0] === "api" && segs.length === 2) {
        const doc = apiResourceList(reg, "", segs[1]!);
        if (doc) return this.send(res, 200, doc);
      }
      if (segs[0] === "apis" && segs.length === 2) {
        const doc = apiGroup(reg, segs[1]!);
        if (doc) return this.send(res, 200, doc);
      }
      if (segs[0] === "apis" && segs.length === 3) {
        const doc = apiResourceList(reg, segs[1]!, segs[2]!);
        if (doc) return this.send(res, 200, doc);
      }
      throw pathNotFound();
    }
    if (p === "/version") return this.send(res, 200, VERSION_INFO);
    if (p === "/openapi/v3") return this.send(res, 200, (this.openApiIndexDoc ??= openApiIndex(reg)));
    const oa = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (oa) {
      const doc = oa[1] ? openApiDocument(reg, "", oa[1]) : openApiDocument(reg, oa[2]!, oa[3]!);
      if (doc) return this.send(res, 200, doc);
    }
    if (p === "/healthz" || p === "/livez" || p === "/readyz") return this.send(res, 200, "ok", "text/plain; charset=utf-8");
    throw pathNotFound();
  }

  /** The object with its TypeMeta as served at this group/version. */
  private typed(type: ResourceType, o: KubeObject): KubeObject {
    const gv = groupVersion(type);
    return o.apiVersion === gv && o.kind === type.kind ? o : { ...o, apiVersion: gv, kind: type.kind };
  }

  /** List items: built-in kinds are served without TypeMeta on items (as the real API server does); CRDs keep it. */
  private listItem(type: ResourceType, o: KubeObject): unknown {
    if (type.custom) return o;
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  }

  private sendObject(res: ServerResponse, req: IncomingMessage, type: ResourceType, obj: KubeObject, q: URLSearchParams): void {
    const shape = negotiateShape(req.headers.accept);
    if (shape === "table") return this.send(res, 200, toTable(type.kind, [obj], { resourceVersion: String(obj.metadata.resourceVersion) }, this.cfg.now(), q.get("includeObject"), (o) => this.typed(type, o)));
    if (shape === "partial") return this.send(res, 200, partialObject(obj));
    this.send(res, 200, this.typed(type, obj));
  }

  private selectorMatcher(type: ResourceType, q: URLSearchParams): ((o: KubeObject) => boolean) | undefined {
    const labels = parseLabelSelector(q.get("labelSelector") ?? "");
    const fields = compileFieldSelector(type, parseFieldSelector(q.get("fieldSelector") ?? ""));
    if (!labels.length && !fields) return undefined;
    return (o) => (!labels.length || matchesLabels(labels, o.metadata.labels)) && (!fields || fields(o));
  }

  private list(req: IncomingMessage, res: ServerResponse, type: ResourceType, namespace: string | undefined, q: URLSearchParams, isWatch: boolean): void {
    const match = this.selectorMatcher(type, q);
    const all = this.cfg.store.list(type, namespace);
    if (isWatch) return this.watch(req, res, type, all, match, q);
    const limitRaw = q.get("limit");
    const limit = limitRaw ? Number(limitRaw) : 0;
    if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit: Invalid value: "${limitRaw}"`);
    const rv = this.cfg.store.resourceVersion;
    const page = paginate(all, match, limit, q.get("continue") || undefined, rv);
    const meta: ListMeta = { resourceVersion: rv };
    if (page.continueToken) meta.continue = page.continueToken;
    if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
    const shape = negotiateShape(req.headers.accept);
    if (shape === "table") return this.send(res, 200, toTable(type.kind, page.items, meta, this.cfg.now(), q.get("includeObject"), (o) => this.typed(type, o)));
    if (shape === "partial") return this.send(res, 200, partialList(page.items, meta));
    this.send(res, 200, { kind: `${type.kind}List`, apiVersion: groupVersion(type), metadata: meta, items: page.items.map((o) => this.listItem(type, o)) });
  }

  /**
   * The state is frozen, so a watch from a given resourceVersion never sees a change: it stays open (empty) until
   * timeoutSeconds or the client leaves. Without a resourceVersion (or with sendInitialEvents) the current
   * objects come first as ADDED events, like a real watch from "any" version.
   */
  private watch(req: IncomingMessage, res: ServerResponse, type: ResourceType, all: KubeObject[], match: ((o: KubeObject) => boolean) | undefined, q: URLSearchParams): void {
    const rv = q.get("resourceVersion");
    const initial = q.get("sendInitialEvents") === "true";
    const replay = initial || !rv || rv === "0";
    const shape = negotiateShape(req.headers.accept);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    const write = (ev: unknown) => {
      const line = `${JSON.stringify(ev)}\n`;
      this.stats.bytes += Buffer.byteLength(line);
      res.write(line);
    };
    if (replay) {
      for (const o of all) {
        if (match && !match(o)) continue;
        const object = shape === "table"
          ? toTable(type.kind, [o], { resourceVersion: String(o.metadata.resourceVersion) }, this.cfg.now(), q.get("includeObject"), (x) => this.typed(type, x))
          : shape === "partial" ? partialObject(o) : this.typed(type, o);
        write({ type: "ADDED", object });
      }
    }
    if (initial || q.get("allowWatchBookmarks") === "true") {
      write({
        type: "BOOKMARK",
        object: { kind: type.kind, apiVersion: groupVersion(type), metadata: { resourceVersion: this.cfg.store.resourceVersion, ...(initial ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}) } },
      });
    }
    this.watches.add(res);
    const timeout = Number(q.get("timeoutSeconds") ?? "0");
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      this.watches.delete(res);
    };
    res.on("close", done);
    res.on("finish", done);
  }

  private accessReview(body: Buffer, contentType: string): Record<string, unknown> {
    let review: any;
    try {
      review = contentType.startsWith("application/vnd.kubernetes.protobuf") ? decodeAccessReview(body) : JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("the body of the request was in an unknown format - accepted media types include: application/json");
    }
    const ra = review?.spec?.resourceAttributes;
    const nra = review?.spec?.nonResourceAttributes;
    if (!ra && !nra) throw badRequest("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
    const rules = this.cfg.rbacRules;
    let allowed = true;
    if (rules && ra) {
      allowed = allowsResource(rules, { verb: ra.verb ?? "", group: ra.group ?? "", resource: ra.resource ?? "", subresource: ra.subresource || undefined, name: ra.name || undefined, namespace: ra.namespace || undefined });
    } else if (rules && nra) {
      allowed = (nra.verb === "get" && isDiscoveryPath(nra.path ?? "")) || allowsPath(rules, nra.verb ?? "", nra.path ?? "");
    }
    return {
      kind: "SelfSubjectAccessReview",
      apiVersion: "authorization.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: review.spec,
      status: allowed ? { allowed: true, reason: rules ? "allowed by the emulator's RBAC rules" : "the emulator enforces no RBAC rules" } : { allowed: false },
    };
  }

  private podLog(res: ServerResponse, pod: KubeObject, q: URLSearchParams): void {
    const opts = parseLogOptions(q);
    const logs = this.cfg.logs.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const text = readPodLog(pod, logs, opts, this.cfg.now());
    this.send(res, 200, text, "text/plain");
  }
}
