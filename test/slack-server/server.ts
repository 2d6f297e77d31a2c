/**
 * A local HTTP server that speaks the parts of the Slack Web API kubesleuth uses (chat.postMessage, chat.update,
 * views.open, auth.test), for tests through the real @slack/web-api client (its `slackApiUrl` option).
 * It records every call, keeps the posted messages (so chat.update of an unknown ts is message_not_found, as in
 * Slack), checks the bot token, validates blocks like Slack does (invalid_blocks), and plays scripted failures:
 * 429 with Retry-After, HTTP 500s, or `{ok:false, error}` answers.
 * Binds 127.0.0.1 on a random port; always close() it.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  /** HTTP status the server answered with. */
  status: number;
  /** Slack error code when the call answered ok:false. */
  error?: string;
}

export type Scripted =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string };

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: any[];
  thread_ts?: string;
  /** Every chat.update applied, oldest first. */
  edits: { text?: string; blocks?: any[] }[];
}

export interface SlackTestServerOptions {
  /** Accepted bot token; calls with another answer invalid_auth. */
  token?: string;
  /** Extra validation of a message (blocks, text); return an error string to answer invalid_blocks. */
  validateMessage?: (m: { text?: string; blocks?: unknown }) => string | undefined;
}

const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata"]);

export class SlackTestServer {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly validationErrors: string[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  /** While set, every call answers this HTTP status (a Slack outage). */
  down: 500 | 502 | 503 | undefined;
  private server?: Server;
  private seq = 0;
  url = "";

  constructor(private readonly o: SlackTestServerOptions = {}) {}

  /** The next calls of `method` get these answers, in order, before normal service resumes. */
  script(method: string, ...responses: Scripted[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...responses]);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages of a channel (not thread replies), in post order. */
  topLevel(channel?: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !m.thread_ts && (!channel || m.channel === channel));
  }

  replies(ts: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.thread_ts === ts);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        ({ status, body, headers }) => {
          res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
          res.end(JSON.stringify(body));
        },
        (e) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(e));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const method = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/api\//, "");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const args = parseArgs(raw, String(req.headers["content-type"] ?? ""));
    const auth = String(req.headers.authorization ?? "");
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : (args.token as string | undefined);
    const call: RecordedCall = { method, args, token, status: 200 };
    this.calls.push(call);

    const scripted = this.down ? { status: this.down } : this.scripts.get(method)?.shift();
    if (scripted) {
      if ("status" in scripted) {
        call.status = scripted.status;
        if (scripted.status === 429) return { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": String(scripted.retryAfter) } };
        return { status: scripted.status, body: { ok: false, error: "internal_error" } };
      }
      call.error = scripted.error;
      return { status: 200, body: { ok: false, error: scripted.error } };
    }
    const fail = (error: string) => ((call.error = error), { status: 200, body: { ok: false, error } });
    if (this.o.token && token !== this.o.token) return fail(token ? "invalid_auth" : "not_authed");

    switch (method) {
      case "auth.test":
        return { status: 200, body: { ok: true, user_id: "UBOT", team_id: "T1" } };
      case "chat.postMessage": {
        if (!args.channel) return fail("channel_not_found");
        const invalid = this.validate(args);
        if (invalid) return fail(invalid);
        if (args.thread_ts && !this.messages.has(key(args.channel, args.thread_ts))) return fail("thread_not_found");
        const ts = `${1_800_000_000 + ++this.seq}.${String(this.seq).padStart(6, "0")}`;
        const m: StoredMessage = { channel: args.channel, ts, text: args.text, blocks: args.blocks, thread_ts: args.thread_ts, edits: [] };
        this.messages.set(key(m.channel, ts), m);
        return { status: 200, body: { ok: true, channel: m.channel, ts, message: { text: m.text, ts } } };
      }
      case "chat.update": {
        const m = this.messages.get(key(args.channel, args.ts));
        if (!m) return fail("message_not_found");
        const invalid = this.validate(args);
        if (invalid) return fail(invalid);
        m.text = args.text;
        m.blocks = args.blocks;
        m.edits.push({ text: args.text, blocks: args.blocks });
        return { status: 200, body: { ok: true, channel: m.channel, ts: m.ts, text: m.text } };
      }
      case "views.open":
        if (!args.trigger_id) return fail("invalid_trigger_id");
        return { status: 200, body: { ok: true, view: { id: `V${++this.seq}`, ...args.view } } };
      default:
        return fail("unknown_method");
    }
  }

  private validate(args: Record<string, any>): string | undefined {
    if (!args.text && !args.blocks) return "no_text";
    if (args.blocks !== undefined && !Array.isArray(args.blocks)) return "invalid_blocks_format";
    if (Array.isArray(args.blocks) && args.blocks.length > 50) return "invalid_blocks";
    const problem = this.o.validateMessage?.({ text: args.text, blocks: args.blocks });
    if (problem) {
      this.validationErrors.push(problem);
      return "invalid_blocks";
    }
    return undefined;
  }
}

const key = (channel: string, ts: string) => `${channel}|${ts}`;

function parseArgs(raw: string, type: string): Record<string, any> {
  if (type.includes("application/json")) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}
