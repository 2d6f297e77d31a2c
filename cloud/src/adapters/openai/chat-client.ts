/**
 * ModelClient over OpenAI-compatible chat completions with tool calls: OpenAI, Azure OpenAI, vLLM, Ollama,
 * LiteLLM. Plain fetch; responses are parsed with zod so a proxy that answers HTML is a typed error.
 */
import { z } from "zod";
import {
  ModelClientError, type ChatMessage, type ConverseRequest, type ModelClient, type ModelResponse, type ToolCall, type ContentBlock,
} from "../../core/model/model-client.js";

export interface OpenAiClientOptions {
  /** Base URL including the version path: `https://api.openai.com/v1`, `http://vllm:8000/v1`, `http://ollama:11434/v1`. For Azure: `https://NAME.openai.azure.com`. */
  baseUrl: string;
  apiKey?: string;
  /** Azure OpenAI: deployments in the path, `api-key` header, `api-version` query. The request's modelId is the deployment name. */
  azureApiVersion?: string;
  fetchImpl?: typeof fetch;
}

const ResponseSchema = z.object({
  choices: z.array(z.object({
    message: z.object({
      role: z.string().optional(),
      content: z.string().nullable().optional(),
      tool_calls: z.array(z.object({ id: z.string(), type: z.string().optional(), function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default("{}") }) })).nullable().optional(),
    }),
    finish_reason: z.string().nullable().optional(),
  })).min(1),
  usage: z.object({ prompt_tokens: z.number().default(0), completion_tokens: z.number().default(0) }).partial().optional(),
});

export class OpenAiChatClient implements ModelClient {
  readonly provider = "openai";
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: OpenAiClientOptions) {
    this.fetch = opts.fetchImpl ?? fetch;
  }

  async converse(req: ConverseRequest): Promise<ModelResponse> {
    const base = this.opts.baseUrl.replace(/\/+$/, "");
    const azure = this.opts.azureApiVersion;
    const url = azure
      ? `${base}/openai/deployments/${encodeURIComponent(req.modelId)}/chat/completions?api-version=${encodeURIComponent(azure)}`
      : `${base}/chat/completions`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.opts.apiKey) {
      if (azure) headers["api-key"] = this.opts.apiKey;
      else headers.authorization = `Bearer ${this.opts.apiKey}`;
    }
    const body = {
      ...(azure ? {} : { model: req.modelId }),
      messages: [{ role: "system", content: req.system }, ...req.messages.flatMap(toOpenAi)],
      max_tokens: req.maxTokens,
      temperature: req.temperature ?? 0,
      ...(req.tools?.length ? { tools: req.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } })), tool_choice: "auto" } : {}),
    };
    let res: Response;
    try {
      res = await this.fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: req.signal });
    } catch (e) {
      if (req.signal?.aborted || (e as Error)?.name === "AbortError" || (e as Error)?.name === "TimeoutError") throw new ModelClientError("timeout", "the model endpoint did not answer in time", { cause: e });
      throw new ModelClientError("unavailable", `cannot reach the model endpoint: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new ModelClientError(req.signal?.aborted ? "timeout" : "unavailable", `the model endpoint broke off its answer: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    if (!res.ok) throw httpError(res, text);
    let parsed: z.infer<typeof ResponseSchema>;
    try {
      parsed = ResponseSchema.parse(JSON.parse(text));
    } catch (e) {
      throw new ModelClientError("malformed", `the model endpoint's answer is not a chat completion: ${text.slice(0, 120)}`, { status: res.status, cause: e });
    }
    const choice = parsed.choices[0]!;
    const content: ContentBlock[] = [];
    if (choice.message.content) content.push({ type: "text", text: choice.message.content });
    const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).map((t) => {
      // Some OpenAI-compatible servers (older Ollama builds) send the arguments as an object, not a JSON string.
      if (typeof t.function.arguments !== "string") return { id: t.id, name: t.function.name, input: t.function.arguments };
      try {
        return { id: t.id, name: t.function.name, input: JSON.parse(t.function.arguments || "{}") };
      } catch {
        return { id: t.id, name: t.function.name, input: undefined, argumentsError: `arguments are not JSON: ${t.function.arguments.slice(0, 120)}` };
      }
    });
    for (const c of toolCalls) content.push({ type: "tool_use", id: c.id, name: c.name, input: c.input ?? {} });
    const fr = choice.finish_reason;
    return {
      text: choice.message.content ?? "",
      toolCalls,
      stopReason: toolCalls.length ? "tool_use" : fr === "stop" ? "end_turn" : fr === "length" ? "max_tokens" : "other",
      usage: { inputTokens: parsed.usage?.prompt_tokens ?? 0, outputTokens: parsed.usage?.completion_tokens ?? 0 },
      message: { role: "assistant", content },
    };
  }
}

function toOpenAi(m: ChatMessage): any[] {
  if (m.role === "assistant") {
    const text = m.content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text).join("\n");
    const calls = m.content.filter((c) => c.type === "tool_use") as Extract<ContentBlock, { type: "tool_use" }>[];
    return [{ role: "assistant", content: text || null, ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) } })) } : {}) }];
  }
  // Tool results become `tool` messages (they must directly follow the assistant turn); other text a user message.
  const out: any[] = [];
  for (const c of m.content) if (c.type === "tool_result") out.push({ role: "tool", tool_call_id: c.toolUseId, content: c.isError ? `ERROR: ${c.text}` : c.text });
  const text = m.content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text).join("\n");
  if (text) out.push({ role: "user", content: text });
  return out;
}

function httpError(res: Response, body: string): ModelClientError {
  const detail = (() => {
    try {
      const j = JSON.parse(body);
      return String(j?.error?.message ?? j?.message ?? body);
    } catch {
      return body;
    }
  })().slice(0, 300);
  const retryAfterMs = Number(res.headers.get("retry-after-ms")) || (Number(res.headers.get("retry-after")) * 1000) || undefined;
  const msg = `model endpoint answered ${res.status}: ${detail}`;
  if (res.status === 429) return new ModelClientError("throttled", msg, { status: 429, retryAfterMs });
  if (res.status === 408 || res.status === 504) return new ModelClientError("timeout", msg, { status: res.status });
  if (res.status >= 500) return new ModelClientError("unavailable", msg, { status: res.status, retryAfterMs });
  return new ModelClientError("rejected", msg, { status: res.status });
}
