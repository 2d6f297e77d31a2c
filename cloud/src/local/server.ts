/**
 * The local HTTP server (node:http): webhook intake, health, the portal and its JSON API, and the long-poll
 * endpoints of an external agent. Routing and HTTP mapping only: decisions live in the core (intakeWebhook).
 *
 *   POST /alerts/{source}                        webhook (token: Bearer or Basic) → 202 {accepted, decisions}
 *   GET  /healthz                                liveness + store check (no auth, no data)
 *   GET  /, /investigations/{id}, /stats         portal (session cookie, see portal-auth.ts)
 *   GET  /login?code=…, POST /login              one-time link / token form → session cookie
 *   GET  /api/investigations[/{id}], /api/stats  JSON (cookie or Bearer token)
 *   POST /api/investigations/{id}/feedback       {verdict, note?, correctedCategory?}
 *   GET  /agent/v1/commands?cluster=…&waitSeconds=…, POST /agent/v1/results   (Bearer token)
 *   POST /slack/interactions                     Slack buttons/modal (Slack request signature, when configured)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { z } from "zod";
import {
  CategorySchema, KubesleuthError, errorMessage, isKubesleuthError, type TopologyGraph,
} from "../../../shared/src/index.js";
import { checkWebhookAuth, intakeWebhook, MAX_WEBHOOK_BYTES, type IntakeDeps } from "../core/intake/index.js";
import type { FeedbackRecord, InvestigationRecord, InvestigationStatus } from "../core/ports.js";
import type { AgentHub } from "./agent-hub.js";
import type { Logger } from "./logger.js";
import { LoginLinks, sessionCookie, validSession } from "./portal-auth.js";
import { PORTAL_CSS, PORTAL_JS } from "./portal/assets.js";
import { detailPage, listPage, loginPage, messagePage, statsPage } from "./portal/pages.js";
import { computeStats } from "./portal/stats.js";

export interface LocalServerOptions {
  host: string;
  port: number;
  tokens: string[];
  intake: IntakeDeps;
  logger: Logger;
  /** Topology graph of an investigation, for the detail page. */
  topology?: (id: string) => Promise<TopologyGraph | undefined>;
  agentHub?: AgentHub;
  maxBodyBytes?: number;
  /** Called for SNS SubscriptionConfirmation (the intake already validated the URL). */
  confirmSubscription?: (url: string) => Promise<void>;
  /** Slack interactivity (adapters/slack handleSlackInteraction); it verifies Slack's signature itself. */
  slackInteractions?: (req: { rawBody: Buffer; header: (name: string) => string | undefined }) => Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

export interface LocalServer {
  url: string;
  port: number;
  /** A one-time login link to `path` (what the CLI prints). */
  loginLink(path?: string): string;
  /** Stop accepting connections; open long polls end; waits for in-flight requests. */
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

const FeedbackBodySchema = z.object({
  verdict: z.enum(["accurate", "partly", "wrong"]),
  note: z.string().max(2000).optional(),
  correctedCategory: CategorySchema.optional(),
  user: z.string().max(100).optional(),
});

const SOURCE_RE = /^[a-z][a-z0-9-]{0,31}$/;
const ID_RE = /^[A-Za-z0-9._:-]{1,200}$/;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "content-length": String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}
const json = (res: ServerResponse, status: number, v: unknown, extra?: Record<string, string>) => send(res, status, JSON.stringify(v), "application/json; charset=utf-8", extra);
const page = (res: ServerResponse, status: number, htmlText: string, extra?: Record<string, string>) => send(res, status, htmlText, "text/html; charset=utf-8", extra);

/** Read the body up to `max` bytes; over it → 413 without buffering the rest. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) throw new KubesleuthError("PAYLOAD_TOO_LARGE", `body of ${declared} bytes exceeds the ${max}-byte cap`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new KubesleuthError("PAYLOAD_TOO_LARGE", `body exceeds the ${max}-byte cap`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (e) {
    throw new KubesleuthError("BAD_REQUEST", `body is not valid JSON: ${errorMessage(e)}`);
  }
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const { intake, logger } = opts;
  const store = intake.store;
  const maxBody = opts.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const links = new LoginLinks();
  const sockets = new Set<Socket>();
  const polls = new AbortController();
  let baseUrl = "";

  const bearerOk = (req: IncomingMessage) => checkWebhookAuth(req.headers.authorization, opts.tokens);
  const portalOk = (req: IncomingMessage) => validSession(req.headers.cookie, opts.tokens) || bearerOk(req);
  /** State-changing portal requests must come from this origin (SameSite=Strict already keeps other sites' cookies off). */
  const sameOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (!origin) return req.headers["sec-fetch-site"] === undefined || req.headers["sec-fetch-site"] === "same-origin";
    return origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname;
    const method = req.method ?? "GET";
    let parts: string[];
    try {
      parts = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    } catch {
      throw new KubesleuthError("BAD_REQUEST", "malformed URL encoding in the path");
    }

    if (path === "/healthz") {
      if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "method not allowed");
      await store.listActive();
      return json(res, 200, { ok: true, ...(opts.agentHub ? { agent: opts.agentHub.status() } : {}) });
    }

    // Webhook intake.
    if (parts[0] === "alerts" && parts.length === 2) {
      if (method !== "POST") throw new HttpError(405, "use POST");
      const source = parts[1]!;
      if (!SOURCE_RE.test(source)) throw new KubesleuthError("UNSUPPORTED_SOURCE", "unknown alert source");
      if (!bearerOk(req)) throw new KubesleuthError("UNAUTHORIZED", "missing or wrong token (Authorization: Bearer <token>)");
      const body = parseJson(await readBody(req, maxBody));
      const result = await intakeWebhook(source, body, intake);
      if (result.subscriptionConfirmation && opts.confirmSubscription) {
        await opts.confirmSubscription(result.subscriptionConfirmation.subscribeURL).catch((e) =>
          logger.warn("SNS subscription confirmation failed", { error: e }));
      }
      logger.info("webhook accepted", {
        source, accepted: result.accepted,
        decisions: result.decisions.map((d) => ({ alertname: d.alertname, action: d.action, investigationId: d.investigationId })),
      });
      return json(res, 202, { accepted: result.accepted, decisions: result.decisions, notes: result.notes, enqueued: result.enqueued });
    }

    // Slack interactivity: authenticated by Slack's request signature, not by our token.
    if (path === "/slack/interactions") {
      if (!opts.slackInteractions) throw new HttpError(404, "Slack interactions are not configured (SLACK_SIGNING_SECRET)");
      if (method !== "POST") throw new HttpError(405, "use POST");
      const rawBody = await readBody(req, 256 * 1024);
      const out = await opts.slackInteractions({ rawBody, header: (n) => { const v = req.headers[n.toLowerCase()]; return Array.isArray(v) ? v[0] : v; } });
      return send(res, out.status, out.body, out.headers["content-type"] ?? "application/json");
    }

    // External agent transport.
    if (parts[0] === "agent" && parts[1] === "v1") {
      if (!opts.agentHub) throw new HttpError(404, "this server runs its agent in-process (start it with --agent external)");
      if (!bearerOk(req)) throw new KubesleuthError("UNAUTHORIZED", "missing or wrong token");
      if (parts[2] === "commands" && method === "GET") {
        const cluster = url.searchParams.get("cluster") ?? "";
        if (!ID_RE.test(cluster)) throw new KubesleuthError("BAD_REQUEST", "cluster query parameter required");
        const wait = Math.min(20, Math.max(0, Number(url.searchParams.get("waitSeconds") ?? 20) || 0));
        const commands = await opts.agentHub.poll(cluster, wait * 1000, polls.signal);
        return json(res, 200, { commands });
      }
      if (parts[2] === "results" && method === "POST") {
        const body = parseJson(await readBody(req, 8 * maxBody));
        const list = Array.isArray((body as { results?: unknown })?.results) ? (body as { results: unknown[] }).results : undefined;
        if (!list) throw new KubesleuthError("BAD_REQUEST", "body must be {results: [...]}");
        return json(res, 200, opts.agentHub.deliver(list));
      }
      throw new HttpError(404, "not found");
    }

    if (path === "/favicon.ico") return send(res, 204, "", "image/x-icon");
    if (path.startsWith("/static/")) {
      if (path === "/static/portal.css") return send(res, 200, PORTAL_CSS, "text/css; charset=utf-8");
      if (path === "/static/portal.js") return send(res, 200, PORTAL_JS, "text/javascript; charset=utf-8");
      throw new HttpError(404, "not found");
    }

    if (path === "/login") {
      if (method === "GET") {
        const code = url.searchParams.get("code");
        const target = code ? links.redeem(code) : undefined;
        if (target) return send(res, 303, "", "text/plain", { location: target, "set-cookie": sessionCookie(opts.tokens[0]!, false) });
        return page(res, code ? 401 : 200, loginPage(code ? "That login link was already used or has expired: sign in with the token." : undefined));
      }
      if (method === "POST") {
        if (!sameOrigin(req)) throw new HttpError(403, "cross-origin request refused");
        const form = new URLSearchParams((await readBody(req, 8192)).toString("utf8"));
        const token = form.get("token") ?? "";
        const ok = checkWebhookAuth(`Bearer ${token}`, opts.tokens);
        if (!ok) return page(res, 401, loginPage("Wrong token."));
        return send(res, 303, "", "text/plain", { location: "/", "set-cookie": sessionCookie(opts.tokens[0]!, false) });
      }
      throw new HttpError(405, "method not allowed");
    }

    // Everything below is the portal and its API: session cookie or token.
    const api = parts[0] === "api";
    if (!portalOk(req)) {
      if (api) throw new KubesleuthError("UNAUTHORIZED", "sign in first (session cookie) or send Authorization: Bearer <token>");
      return send(res, 303, "", "text/plain", { location: "/login" });
    }

    if (api && parts[1] === "investigations" && parts.length === 4 && parts[3] === "feedback") {
      if (method !== "POST") throw new HttpError(405, "use POST");
      if (!sameOrigin(req)) throw new HttpError(403, "cross-origin request refused");
      return feedback(req, res, parts[2]!);
    }
    if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "method not allowed");

    if (api && parts[1] === "investigations" && parts.length === 2) {
      const statusFilter = url.searchParams.get("status")?.split(",").filter(Boolean) as InvestigationStatus[] | undefined;
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit") ?? 100) || 100));
      return json(res, 200, { investigations: (await store.listInvestigations({ limit, status: statusFilter })).map(summary) });
    }
    if (api && parts[1] === "investigations" && parts.length === 3) {
      const rec = await getRecord(parts[2]!);
      return json(res, 200, { investigation: rec, topology: (await opts.topology?.(rec.id)) ?? null });
    }
    if (api && parts[1] === "stats" && parts.length === 2) {
      return json(res, 200, computeStats(await store.listInvestigations({}), await store.listFeedback({})));
    }
    if (path === "/") return page(res, 200, listPage(await store.listInvestigations({ limit: 200 })));
    if (parts[0] === "investigations" && parts.length === 2) {
      const rec = await getRecord(parts[1]!);
      return page(res, 200, detailPage(rec, await opts.topology?.(rec.id)));
    }
    if (path === "/stats") return page(res, 200, statsPage(computeStats(await store.listInvestigations({}), await store.listFeedback({}))));
    throw new HttpError(404, "not found");
  }

  async function getRecord(id: string): Promise<InvestigationRecord> {
    if (!ID_RE.test(id)) throw new KubesleuthError("NOT_FOUND", "no such investigation");
    const rec = await store.getInvestigation(id);
    if (!rec) throw new KubesleuthError("NOT_FOUND", `investigation ${id} not found`);
    return rec;
  }

  async function feedback(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req, 16 * 1024);
    const isForm = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const body = isForm ? Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) : parseJson(raw);
    const parsed = FeedbackBodySchema.safeParse(body);
    if (!parsed.success) throw new KubesleuthError("BAD_REQUEST", `feedback: ${errorMessage(parsed.error)}`);
    const rec = await getRecord(id);
    if (!rec.report) throw new KubesleuthError("BAD_REQUEST", `investigation ${id} has no diagnosis to judge yet`);
    const fb: FeedbackRecord = {
      investigationId: rec.id, clusterId: rec.clusterId, targetKey: rec.targetKey, alertname: rec.alertname,
      verdict: parsed.data.verdict, category: rec.report.rootCause.category, analyzer: rec.report.rootCause.analyzer,
      correctedCategory: parsed.data.correctedCategory, note: parsed.data.note?.trim() || undefined,
      user: parsed.data.user?.trim() || "portal", at: intake.clock.now().toISOString(),
    };
    await store.addFeedback(fb);
    await store.updateInvestigation(rec.id, { feedback: [...rec.feedback, fb] });
    logger.info("feedback recorded", { investigationId: rec.id, verdict: fb.verdict, category: fb.category });
    if (isForm) return send(res, 303, "", "text/plain", { location: `/investigations/${encodeURIComponent(rec.id)}` });
    return json(res, 201, { feedback: fb });
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch((e) => {
        const status = e instanceof HttpError ? e.status : isKubesleuthError(e) ? e.status : 500;
        const code = isKubesleuthError(e) ? e.code : status === 500 ? "INTERNAL" : undefined;
        const message = status === 500 && !isKubesleuthError(e) ? "internal error" : errorMessage(e);
        (status >= 500 ? logger.error : logger.warn)("request failed", { method: req.method, path: req.url?.split("?")[0], status, code, error: e });
        if (status === 413) res.setHeader("connection", "close"); // do not read the rest of an oversized body
        const wantsHtml = !req.url?.startsWith("/api/") && !req.url?.startsWith("/alerts/") && !req.url?.startsWith("/agent/") && String(req.headers.accept ?? "").includes("text/html");
        if (wantsHtml) page(res, status, messagePage(status === 404 ? "Not found" : "Error", message));
        else json(res, status, { error: message, code });
      })
      .finally(() => logger.debug("request", { method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Date.now() - started }));
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${hostPart}:${addr.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port: addr.port,
    loginLink: (p = "/") => `${baseUrl}/login?code=${links.create(p)}`,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        polls.abort(); // long polls answer now with what they have
        server.closeIdleConnections();
        // Requests still running after a grace period are cut.
        setTimeout(() => { for (const s of sockets) s.destroy(); }, 5_000).unref();
      });
      return closing;
    },
  };
}

/** What the list API returns per investigation (no alert bodies or evidence). */
function summary(r: InvestigationRecord) {
  return {
    id: r.id, alertname: r.alertname, clusterId: r.clusterId, status: r.status, createdAt: r.createdAt, finishedAt: r.finishedAt,
    resolvedAt: r.resolvedAt, target: r.alert.target, category: r.report?.rootCause.category, confidence: r.report?.rootCause.confidence,
    culprit: r.report?.rootCause.resource, durationMs: r.report?.timing.durationMs, attached: r.attached.length,
    feedback: r.feedback.map((f) => f.verdict),
  };
}
