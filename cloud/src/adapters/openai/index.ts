import type { ModelClient } from "../../core/model/model-client.js";
import { OpenAiChatClient, type OpenAiClientOptions } from "./chat-client.js";

export { OpenAiChatClient, type OpenAiClientOptions } from "./chat-client.js";

export function createOpenAiClient(opts: OpenAiClientOptions): ModelClient {
  return new OpenAiChatClient(opts);
}
