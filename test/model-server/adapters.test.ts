/** Both ModelClient adapters, with the real SDK / fetch, against the local wire-format server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockConverseClient } from "../../cloud/src/adapters/bedrock/converse-client.js";
import { OpenAiChatClient } from "../../cloud/src/adapters/openai/chat-client.js";
import { ModelClientError, type ChatMessage, type ModelClient, type ToolSpec } from "../../cloud/src/core/model/model-client.js";
import { hang, json, ModelServer, text, throttle, tool } from "./server.js";

const server = new ModelServer();
beforeAll(() => server.start());
afterAll(() => server.close());

const tools: ToolSpec[] = [{ name: "logs_read", description: "read logs", inputSchema: { type: "object", properties: { pod: { type: "string" } }, required: ["pod"] } }];
const clients: Record<string, () => ModelClient> = {
  bedrock: () => new BedrockConverseClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "test" } }),
  openai: () => new OpenAiChatClient({ baseUrl: `${server.url}/v1`, apiKey: "sk-test-key" }),
  azure: () => new OpenAiChatClient({ baseUrl: server.url, apiKey: "azure-key", azureApiVersion: "2024-10-21" }),
};
const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

describe.each(Object.keys(clients))("%s adapter", (name) => {
  let client: ModelClient;
  beforeAll(() => { client = clients[name]!(); });
  const ask = (messages: ChatMessage[], signal?: AbortSignal) => client.converse({ modelId: MODEL, system: "be brief", messages, tools, maxTokens: 500, signal });

  it("runs a tool-use turn and sends the tool result back in the provider's format", async () => {
    server.script(tool("logs_read", { pod: "web-1" }), json({ ok: true }, { input: 120, output: 7 }));
    const user: ChatMessage = { role: "user", content: [{ type: "text", text: "why?" }] };
    const r1 = await ask([user]);
    expect(r1.stopReason).toBe("tool_use");
    expect(r1.toolCalls).toEqual([{ id: expect.any(String), name: "logs_read", input: { pod: "web-1" } }]);
    const r2 = await ask([user, r1.message, { role: "user", content: [{ type: "tool_result", toolUseId: r1.toolCalls[0]!.id, text: "FATAL boom" }] }]);
    expect(r2).toMatchObject({ text: '{"ok":true}', stopReason: "end_turn", toolCalls: [], usage: { inputTokens: 120, outputTokens: 7 } });
    const [first, second] = server.requests;
    expect(first!.model).toBe(MODEL);
    if (name === "bedrock") {
      expect(first!.path).toBe(`/model/${encodeURIComponent(MODEL)}/converse`);
      expect(first!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      expect(first!.body.system).toEqual([{ text: "be brief" }]);
      expect(first!.body.toolConfig.tools[0].toolSpec.inputSchema.json.required).toEqual(["pod"]);
      expect(second!.body.messages[2].content[0].toolResult).toEqual({ toolUseId: r1.toolCalls[0]!.id, content: [{ text: "FATAL boom" }], status: "success" });
    } else {
      expect(first!.body.tools[0]).toMatchObject({ type: "function", function: { name: "logs_read" } });
      expect(second!.body.messages.at(-1)).toEqual({ role: "tool", tool_call_id: r1.toolCalls[0]!.id, content: "FATAL boom" });
      if (name === "azure") {
        expect(first!.path).toBe(`/openai/deployments/${encodeURIComponent(MODEL)}/chat/completions?api-version=2024-10-21`);
        expect(first!.headers["api-key"]).toBe("azure-key");
      } else expect(first!.headers.authorization).toBe("Bearer sk-test-key");
    }
  });

  it("throttling is a retryable typed error", async () => {
    server.script(throttle());
    const e = await ask([{ role: "user", content: [{ type: "text", text: "x" }] }]).catch((x) => x);
    expect(e).toBeInstanceOf(ModelClientError);
    expect(e).toMatchObject({ kind: "throttled", retryable: true });
  });

  it("an answer that is not the wire format is 'malformed', never a crash", async () => {
    server.script({ kind: "http", status: 200, body: "<html>proxy error</html>", headers: { "content-type": "text/html" } });
    const e = await ask([{ role: "user", content: [{ type: "text", text: "x" }] }]).catch((x) => x);
    expect(e).toBeInstanceOf(ModelClientError);
    expect(e.kind).toBe("malformed");
  });

  it("tool arguments that are not JSON are reported, not thrown", async () => {
    server.script({ kind: "tool", calls: [{ name: "logs_read", rawArguments: "{pod: web" }] });
    const r = await ask([{ role: "user", content: [{ type: "text", text: "x" }] }]);
    expect(r.toolCalls[0]).toMatchObject({ name: "logs_read", input: undefined, argumentsError: expect.stringMatching(/not JSON/) });
  });

  it("a request the service rejects (400) is 'rejected'", async () => {
    server.script(text("unused"));
    // An assistant turn first is invalid in both formats' validation.
    const e = await client.converse({ modelId: MODEL, system: "s", messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t1", name: "logs_read", input: {} }] }, { role: "assistant", content: [{ type: "text", text: "x" }] }], tools, maxTokens: 10 }).catch((x) => x);
    expect(e).toMatchObject({ kind: "rejected", status: 400 });
  });

  it("a hanging server is cut by the abort signal as 'timeout'", async () => {
    server.script(hang());
    const e = await ask([{ role: "user", content: [{ type: "text", text: "x" }] }], AbortSignal.timeout(300)).catch((x) => x);
    expect(e).toMatchObject({ kind: "timeout" });
  });
});

describe("openai adapter: server variations", () => {
  it("accepts tool arguments sent as an object and a missing usage block", async () => {
    const client = new OpenAiChatClient({ baseUrl: `${server.url}/v1` });
    server.script({ kind: "http", status: 200, body: JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "logs_read", arguments: { pod: "web-1" } } }] }, finish_reason: "tool_calls" }] }) });
    const r = await client.converse({ modelId: "qwen2.5:14b", system: "s", messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], tools, maxTokens: 10 });
    expect(r).toMatchObject({ toolCalls: [{ id: "c1", name: "logs_read", input: { pod: "web-1" } }], usage: { inputTokens: 0, outputTokens: 0 } });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.body.model).toBe("qwen2.5:14b");
  });
  it("a 5xx is 'unavailable' and retryable, a 401 is 'rejected'", async () => {
    const client = new OpenAiChatClient({ baseUrl: `${server.url}/v1`, apiKey: "bad" });
    const ask = () => client.converse({ modelId: "m", system: "s", messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], maxTokens: 10 }).catch((e) => e);
    server.script({ kind: "http", status: 503, body: '{"error":{"message":"overloaded"}}' }, { kind: "http", status: 401, body: '{"error":{"message":"Incorrect API key provided"}}' });
    expect(await ask()).toMatchObject({ kind: "unavailable", retryable: true, status: 503 });
    expect(await ask()).toMatchObject({ kind: "rejected", retryable: false, status: 401, message: expect.stringContaining("Incorrect API key") });
  });
});

describe("bedrock adapter: service errors", () => {
  it("maps AccessDenied to 'rejected' and ServiceUnavailable to 'unavailable'", async () => {
    const client = new BedrockConverseClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
    const ask = () => client.converse({ modelId: "m", system: "s", messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], maxTokens: 10 }).catch((e) => e);
    server.script(
      { kind: "http", status: 403, body: '{"message":"You don\'t have access to the model with the specified model ID."}', headers: { "x-amzn-errortype": "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/" } },
      { kind: "http", status: 503, body: '{"message":"Bedrock is unable to process your request."}', headers: { "x-amzn-errortype": "ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/" } },
    );
    expect(await ask()).toMatchObject({ kind: "rejected", status: 403, message: expect.stringContaining("AccessDeniedException") });
    expect(await ask()).toMatchObject({ kind: "unavailable", retryable: true });
  });
});
