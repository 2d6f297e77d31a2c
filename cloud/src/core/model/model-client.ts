/**
 * ModelClient port: one chat turn against a model with tool use, normalized across providers
 * (Bedrock Converse, OpenAI-compatible chat completions). Adapters live in cloud/src/adapters/{bedrock,openai}.
 */

/** A JSON-schema described tool the model may call. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12 subset: object/properties/required/enum/...) of the tool's input. */
  inputSchema: Record<string, unknown>;
}

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; toolUseId: string; text: string; isError?: boolean };

export interface ChatMessage {
  role: "user" | "assistant";
  content: ContentBlock[];
}

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed arguments; `undefined` plus `argumentsError` when the model sent arguments that are not JSON. */
  input: unknown;
  argumentsError?: string;
}

export interface ModelResponse {
  /** Concatenated text blocks of the answer. */
  text: string;
  toolCalls: ToolCall[];
  stopReason: "end_turn" | "tool_use" | "max_tokens" | "other";
  usage: { inputTokens: number; outputTokens: number };
  /** The assistant message to append to the conversation as is (keeps tool-use ids). */
  message: ChatMessage;
}

export interface ConverseRequest {
  modelId: string;
  system: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  maxTokens: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface ModelClient {
  /** Provider name for logs and usage ("bedrock", "openai"). */
  readonly provider: string;
  /** One turn. Rejects with ModelClientError (kind says whether a retry can help). */
  converse(request: ConverseRequest): Promise<ModelResponse>;
}

export type ModelErrorKind =
  /** 429 / ThrottlingException / ServiceUnavailable: retry with backoff. */
  | "throttled"
  /** No answer before the deadline (aborted or socket timeout). */
  | "timeout"
  /** Credentials, permissions, unknown model, bad request: retrying will not help. */
  | "rejected"
  /** Transport failure or 5xx. */
  | "unavailable"
  /** The provider answered something that is not its wire format. */
  | "malformed";

export class ModelClientError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "ModelClientError";
  }
  get status(): number | undefined {
    return this.opts.status;
  }
  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "unavailable";
  }
}

export function isModelClientError(e: unknown): e is ModelClientError {
  return e instanceof ModelClientError;
}
