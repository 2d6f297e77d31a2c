import { describe, expect, it } from "vitest";
import { configFromSpec, parseModelConfig } from "./factory.js";
import { DEFAULT_FAST_MODEL } from "./config.js";

describe("model configuration", () => {
  it("reads --model specs", () => {
    expect(configFromSpec("none", {})).toEqual({ provider: "none" });
    expect(configFromSpec("us.anthropic.claude-sonnet-4-5-20250929-v1:0", { AWS_REGION: "eu-west-1" })).toMatchObject({ provider: "bedrock", region: "eu-west-1", models: { strong: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", fast: DEFAULT_FAST_MODEL } });
    expect(configFromSpec("openai:qwen2.5:14b", { KUBESLEUTH_OPENAI_BASE_URL: "http://ollama:11434/v1" })).toMatchObject({ provider: "openai", baseUrl: "http://ollama:11434/v1", models: { strong: "qwen2.5:14b", fast: "qwen2.5:14b" } });
    expect(configFromSpec("openai:gpt-4.1", { OPENAI_API_KEY: "k", KUBESLEUTH_MODEL_FAST: "gpt-4.1-mini" })).toMatchObject({ apiKey: "k", models: { fast: "gpt-4.1-mini" } });
  });
  it("rejects bad configuration with CONFIG_INVALID", () => {
    expect(() => configFromSpec(" ", {})).toThrow(/needs a model id/);
    expect(() => parseModelConfig({ provider: "openai", baseUrl: "not a url" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => parseModelConfig({ provider: "bedrock", budget: { maxToolCalls: 1000 } })).toThrow(/maxToolCalls/);
    expect(() => parseModelConfig({ provider: "gemini" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
