import type { ModelClient } from "../../core/model/model-client.js";
import { BedrockConverseClient, type BedrockClientOptions } from "./converse-client.js";

export { BedrockConverseClient, type BedrockClientOptions } from "./converse-client.js";

export function createBedrockClient(opts: BedrockClientOptions): ModelClient {
  return new BedrockConverseClient(opts);
}
