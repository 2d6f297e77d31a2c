/**
 * ModelClient over Amazon Bedrock's Converse API (tool use included). The SDK's own retries are off
 * (maxAttempts 1): the model stage retries throttling itself, bounded by its deadline, for every provider alike.
 */
import {
  BedrockRuntimeClient, ConverseCommand,
  type ContentBlock as BedrockBlock, type Message as BedrockMessage, type Tool,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import {
  ModelClientError, type ChatMessage, type ContentBlock, type ConverseRequest, type ModelClient, type ModelResponse, type ToolCall,
} from "../../core/model/model-client.js";

export interface BedrockClientOptions {
  region: string;
  /** Endpoint override (VPC endpoint, or the local model server in tests). */
  endpoint?: string;
  /** Static credentials; default: the SDK's chain (env, IRSA, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Socket-level timeouts (ms). The stage's deadline aborts earlier when shorter. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export class BedrockConverseClient implements ModelClient {
  readonly provider = "bedrock";
  private readonly sdk: BedrockRuntimeClient;

  constructor(opts: BedrockClientOptions) {
    this.sdk = new BedrockRuntimeClient({
      region: opts.region,
      endpoint: opts.endpoint,
      credentials: opts.credentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ connectionTimeout: opts.connectionTimeoutMs ?? 5_000, requestTimeout: opts.requestTimeoutMs ?? 60_000 }),
    });
  }

  async converse(req: ConverseRequest): Promise<ModelResponse> {
    const command = new ConverseCommand({
      modelId: req.modelId,
      system: req.system ? [{ text: req.system }] : undefined,
      messages: req.messages.map(toBedrock),
      inferenceConfig: { maxTokens: req.maxTokens, temperature: req.temperature ?? 0 },
      toolConfig: req.tools?.length
        ? { tools: req.tools.map((t): Tool => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema as any } } })) }
        : undefined,
    });
    let out;
    try {
      out = await this.sdk.send(command, { abortSignal: req.signal });
    } catch (e) {
      throw mapError(e, req.signal);
    }
    const blocks = out.output?.message?.content;
    if (!Array.isArray(blocks)) throw new ModelClientError("malformed", "Bedrock answered without output.message.content");
    const content: ContentBlock[] = [];
    const toolCalls: ToolCall[] = [];
    for (const b of blocks) {
      if (typeof b.text === "string") content.push({ type: "text", text: b.text });
      else if (b.toolUse) {
        const id = b.toolUse.toolUseId ?? "";
        const name = b.toolUse.name ?? "";
        // Converse carries tool input as a JSON document; a string there means the model emitted broken JSON.
        const input = b.toolUse.input;
        const call: ToolCall = typeof input === "string" ? parseArgs(id, name, input) : { id, name, input };
        toolCalls.push(call);
        content.push({ type: "tool_use", id, name, input: call.input ?? {} });
      }
    }
    const stop = out.stopReason === "end_turn" || out.stopReason === "tool_use" || out.stopReason === "max_tokens" ? out.stopReason : "other";
    return {
      text: content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text).join("\n"),
      toolCalls,
      stopReason: toolCalls.length ? "tool_use" : stop,
      usage: { inputTokens: out.usage?.inputTokens ?? 0, outputTokens: out.usage?.outputTokens ?? 0 },
      message: { role: "assistant", content },
    };
  }
}

function parseArgs(id: string, name: string, raw: string): ToolCall {
  try {
    return { id, name, input: JSON.parse(raw) };
  } catch {
    return { id, name, input: undefined, argumentsError: `arguments are not JSON: ${raw.slice(0, 120)}` };
  }
}

function toBedrock(m: ChatMessage): BedrockMessage {
  return {
    role: m.role,
    content: m.content.map((c): BedrockBlock => {
      if (c.type === "text") return { text: c.text };
      if (c.type === "tool_use") return { toolUse: { toolUseId: c.id, name: c.name, input: (c.input ?? {}) as any } };
      return { toolResult: { toolUseId: c.toolUseId, content: [{ text: c.text }], status: c.isError ? "error" : "success" } };
    }),
  };
}

function mapError(e: unknown, signal?: AbortSignal): ModelClientError {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = err?.$metadata?.httpStatusCode;
  const name = err?.name ?? "Error";
  const msg = `${name}: ${err?.message ?? String(e)}`.slice(0, 500);
  if (signal?.aborted || name === "AbortError" || name === "TimeoutError" || err?.code === "ETIMEDOUT" || name === "ModelTimeoutException") {
    return new ModelClientError("timeout", `Bedrock did not answer in time (${msg})`, { status, cause: e });
  }
  // A 2xx the SDK could not deserialize: not the Converse wire format (a proxy's HTML page, a truncated body).
  if (status !== undefined && status >= 200 && status < 300) {
    return new ModelClientError("malformed", `Bedrock's answer is not the Converse format (${msg})`, { status, cause: e });
  }
  if (name === "ThrottlingException" || name === "ServiceQuotaExceededException" || status === 429) {
    return new ModelClientError("throttled", `Bedrock throttled the request (${msg})`, { status, cause: e });
  }
  if (name === "ServiceUnavailableException" || name === "ModelNotReadyException" || name === "InternalServerException" || (status !== undefined && status >= 500) || status === undefined) {
    return new ModelClientError("unavailable", `Bedrock unavailable (${msg})`, { status, cause: e });
  }
  return new ModelClientError("rejected", `Bedrock rejected the request (${msg})`, { status, cause: e });
}
