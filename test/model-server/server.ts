/**
 * A local model server for tests: speaks the Bedrock Converse wire format (POST /model/{modelId}/converse)
 * and the OpenAI chat-completions format (POST /v1/chat/completions, and Azure's
 * /openai/deployments/{name}/chat/completions). Replies are scripted per test as format-neutral steps, so the
 * same script drives both adapters; every request is recorded. Requests are checked the way the real services
 * check them (alternating roles, every tool use answered by a tool result, tool config present) and answered
 * with the services' own 400 when wrong.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Step =
  | { kind: "text"; text: string; usage?: { input: number; output: number }; stop?: "end_turn" | "max_tokens" }
  | { kind: "tool"; calls: { name: string; input?: unknown; rawArguments?: string }[]; text?: string; usage?: { input: number; output: number } }
  | { kind: "throttle" }
  /** Never answers (the client must time out / abort). */
  | { kind: "hang" }
  | { kind: "http"; status: number; body: string; headers?: Record<string, string> };

export type Script = Step | ((req: RecordedRequest) => Step);

export interface RecordedRequest {
  format: "converse" | "chat";
  path: string;
  /** Model id (Converse: from the path, decoded; chat: body.model or the Azure deployment). */
  model: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  raw: string;
}

export const text = (t: string, usage?: { input: number; output: number }): Step => ({ kind: "text", text: t, usage });
export const json = (v: unknown, usage?: { input: number; output: number }): Step => ({ kind: "text", text: JSON.stringify(v), usage });
export const tool = (name: string, input: unknown): Step => ({ kind: "tool", calls: [{ name, input }] });
export const throttle = (): Step => ({ kind: "throttle" });
export const hang = (): Step => ({ kind: "hang" });

export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  private queue: Script[] = [];
  private otherwise?: (req: RecordedRequest) => Step;
  private server: Server;
  private seq = 0;
  url = "";

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Replace the script: each request consumes the next step. */
  script(...steps: Script[]): void {
    this.otherwise = undefined;
    this.queue = [...steps];
    this.requests.length = 0;
  }

  /** Answer every request with this once the script is used up (a scripted "model" that reads its prompt). */
  always(respond: (req: RecordedRequest) => Step): void {
    this.queue = [];
    this.requests.length = 0;
    this.otherwise = respond;
  }

  get remaining(): number {
    return this.queue.length;
  }

  /** Every request body as sent, for leak checks. */
  get allRaw(): string {
    return this.requests.map((r) => r.raw).join("\n");
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const converse = /^\/model\/([^/]+)\/converse$/.exec(url.pathname);
    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const isChat = url.pathname === "/v1/chat/completions" || !!azure;
    if (req.method !== "POST" || (!converse && !isChat)) return send(res, 404, { message: `model-server: no route ${req.method} ${url.pathname}` });
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { message: "model-server: body is not JSON" });
    }
    const format = converse ? "converse" : "chat";
    const model = converse ? decodeURIComponent(converse[1]!) : azure ? decodeURIComponent(azure[1]!) : String(body.model ?? "");
    const rec: RecordedRequest = { format, path: url.pathname + url.search, model, headers: req.headers, body, raw };
    this.requests.push(rec);
    const problem = format === "converse" ? checkConverse(body) : checkChat(body, !!azure);
    if (problem) {
      return format === "converse"
        ? send(res, 400, { message: problem }, { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/" })
        : send(res, 400, { error: { message: problem, type: "invalid_request_error", code: null } });
    }
    const next = this.queue.shift() ?? this.otherwise;
    if (!next) return send(res, 500, { message: "model-server: no scripted reply left" });
    const step = typeof next === "function" ? next(rec) : next;
    this.reply(format, model, raw, step, res);
  }

  private reply(format: "converse" | "chat", model: string, raw: string, step: Step, res: ServerResponse) {
    if (step.kind === "hang") return; // the socket stays open until the client gives up or close() runs
    if (step.kind === "http") return send(res, step.status, step.body, step.headers);
    if (step.kind === "throttle") {
      return format === "converse"
        ? send(res, 429, { message: "Too many requests, please wait before trying again." }, { "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" })
        : send(res, 429, { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } }, { "retry-after-ms": "10" });
    }
    const est = (s: string) => Math.max(1, Math.ceil(s.length / 4));
    const usage = step.usage ?? { input: est(raw), output: est(step.kind === "text" ? step.text : JSON.stringify(step.calls)) };
    const n = ++this.seq;
    if (format === "converse") {
      const content: any[] = [];
      if (step.kind === "text" || step.text) content.push({ text: step.kind === "text" ? step.text : step.text });
      if (step.kind === "tool") {
        step.calls.forEach((c, i) => content.push({ toolUse: { toolUseId: `tooluse_${n}_${i}`, name: c.name, input: c.rawArguments !== undefined ? c.rawArguments : c.input } }));
      }
      return send(res, 200, {
        output: { message: { role: "assistant", content } },
        stopReason: step.kind === "tool" ? "tool_use" : (step.stop ?? "end_turn"),
        usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output },
        metrics: { latencyMs: 5 },
      });
    }
    const message: any = { role: "assistant", content: step.kind === "text" ? step.text : (step.text ?? null) };
    if (step.kind === "tool") {
      message.tool_calls = step.calls.map((c, i) => ({ id: `call_${n}_${i}`, type: "function", function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.input ?? {}) } }));
    }
    const finish = step.kind === "tool" ? "tool_calls" : step.stop === "max_tokens" ? "length" : "stop";
    return send(res, 200, {
      id: `chatcmpl-${n}`, object: "chat.completion", created: Math.floor(Date.now() / 1000), model,
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const s = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(s), ...headers });
  res.end(s);
}

/** What Bedrock's Converse validation rejects (the subset our adapter could get wrong). */
function checkConverse(b: any): string | undefined {
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "messages must be a non-empty list";
  if (b.messages[0].role !== "user") return "A conversation must start with a user message.";
  let pending = new Set<string>();
  let prev = "";
  let sawToolUse = false;
  for (const [i, m] of b.messages.entries()) {
    if (m.role !== "user" && m.role !== "assistant") return `messages.${i}.role: invalid`;
    if (m.role === prev) return "A conversation must alternate between user and assistant roles.";
    prev = m.role;
    if (!Array.isArray(m.content) || m.content.length === 0) return `messages.${i}.content must not be empty`;
    if (m.role === "user") {
      for (const id of pending) if (!m.content.some((c: any) => c.toolResult?.toolUseId === id)) return `Expected toolResult blocks at messages.${i}.content for ids: ${id}`;
      pending = new Set();
    }
    for (const c of m.content) {
      const keys = Object.keys(c);
      if (keys.length !== 1 || !["text", "toolUse", "toolResult"].includes(keys[0]!)) return `messages.${i}: unsupported content block ${keys.join(",")}`;
      if (c.toolUse) {
        if (m.role !== "assistant") return "toolUse only in assistant messages";
        pending.add(c.toolUse.toolUseId);
        sawToolUse = true;
      }
      if (c.toolResult && (!Array.isArray(c.toolResult.content) || !c.toolResult.toolUseId)) return "toolResult needs toolUseId and content";
    }
  }
  if (sawToolUse && !b.toolConfig) return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
  if (b.toolConfig) {
    for (const t of b.toolConfig.tools ?? []) {
      if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.toolSpec?.name ?? "")) return `invalid tool name ${t.toolSpec?.name}`;
      if (!t.toolSpec.inputSchema?.json) return "toolSpec.inputSchema.json is required";
    }
  }
  if (b.system !== undefined && !Array.isArray(b.system)) return "system must be a list of content blocks";
  return undefined;
}

function checkChat(b: any, azure: boolean): string | undefined {
  if (!azure && typeof b.model !== "string") return "you must provide a model parameter";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "messages must be a non-empty array";
  let pending = new Set<string>();
  for (const [i, m] of b.messages.entries()) {
    if (!["system", "user", "assistant", "tool"].includes(m.role)) return `messages[${i}].role invalid`;
    if (m.role === "tool") {
      if (!pending.has(m.tool_call_id)) return `messages[${i}]: tool message must respond to a preceding tool_calls id`;
      pending.delete(m.tool_call_id);
      continue;
    }
    if (pending.size) return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. Missing: ${[...pending].join(", ")}`;
    if (m.role === "assistant" && Array.isArray(m.tool_calls)) pending = new Set(m.tool_calls.map((t: any) => t.id));
  }
  for (const t of b.tools ?? []) if (t.type !== "function" || !t.function?.name || !t.function.parameters) return "invalid tool definition";
  return undefined;
}
