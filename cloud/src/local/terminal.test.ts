import { describe, expect, it } from "vitest";
import type { StageStatus } from "../../../shared/src/index.js";
import { createLogger } from "./logger.js";
import { resolveConfig } from "./config.js";
import { StageProgressPrinter, makeStyle, useColor } from "./terminal.js";

describe("terminal colors", () => {
  it("respects NO_COLOR and non-TTY, FORCE_COLOR forces", () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(makeStyle(false).red("x")).toBe("x");
    expect(makeStyle(true).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
  it("prints each stage once as it settles, skipped stages at the end", () => {
    const lines: string[] = [];
    const p = new StageProgressPrinter((l) => lines.push(l), makeStyle(false));
    const st = (resolve: StageStatus["status"], topology: StageStatus["status"]): StageStatus[] => [
      { name: "resolve", status: resolve, durationMs: 2 }, { name: "topology", status: topology, message: "agent did not answer in 30 s" }, { name: "model", status: "skipped" },
    ];
    p.update(st("running", "pending"));
    p.update(st("ok", "running"));
    p.update(st("ok", "running"));
    p.update(st("ok", "timeout"));
    expect(lines).toEqual([
      "  ✔ resolve target     2 ms",
      "  ⏱ discover topology   agent did not answer in 30 s",
      "  – model reasoning   skipped",
    ]);
  });
});

describe("logger", () => {
  it("masks known secrets, sensitive fields and credentials in text", () => {
    const out: string[] = [];
    const log = createLogger({ write: (l) => out.push(l), secrets: ["s3cr3t-token-value"] });
    log.info("got s3cr3t-token-value", { password: "hunter2", url: "https://user:pw@example.com/x", nested: { authorization: "Bearer abcdefghijkl" } });
    const line = out.join("\n");
    expect(line).not.toContain("s3cr3t-token-value");
    expect(line).not.toContain("hunter2");
    expect(line).not.toContain(":pw@");
    expect(line).not.toContain("abcdefghijkl");
    expect(JSON.parse(line)).toMatchObject({ level: "info" });
  });
});

describe("config", () => {
  it("flags win over env, host defaults to loopback, bad values are CONFIG_INVALID", () => {
    const c = resolveConfig({ port: "9000" }, { KUBESLEUTH_PORT: "8000", KUBESLEUTH_TOKEN: "a".repeat(20) + ",b".padEnd(20, "b"), KUBESLEUTH_DATA_DIR: "/tmp/x" });
    expect(c).toMatchObject({ port: 9000, host: "127.0.0.1", dataDir: "/tmp/x", agent: "in-process" });
    expect(c.tokens).toHaveLength(2);
    expect(() => resolveConfig({ port: "http" }, {})).toThrow(/port/);
    expect(() => resolveConfig({}, { KUBESLEUTH_TOKEN: "short" })).toThrow(/16 characters/);
    expect(() => resolveConfig({}, { SLACK_BOT_TOKEN: "xoxb-123" })).toThrow(/SLACK_CHANNEL/);
    expect(() => resolveConfig({ agent: "remote" }, {})).toThrow(/CONFIG|agent/);
  });
});
