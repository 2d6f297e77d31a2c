/**
 * Last line of defence before a prompt leaves: every text the model will see (system, messages, tool results)
 * is masked again. maskText is idempotent, so text masked upstream is unchanged.
 */
import { maskText } from "../../../../shared/src/index.js";
import type { ContentBlock, ConverseRequest, ModelClient, ModelResponse } from "./model-client.js";

export function maskingClient(inner: ModelClient): ModelClient {
  return {
    provider: inner.provider,
    converse(req: ConverseRequest): Promise<ModelResponse> {
      return inner.converse({
        ...req,
        system: maskText(req.system),
        messages: req.messages.map((m) => ({ role: m.role, content: m.content.map(maskBlock) })),
      });
    },
  };
}

function maskBlock(c: ContentBlock): ContentBlock {
  if (c.type === "text") return { ...c, text: maskText(c.text) };
  if (c.type === "tool_result") return { ...c, text: maskText(c.text) };
  return c;
}
