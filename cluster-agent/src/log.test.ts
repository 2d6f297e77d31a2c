import { describe, expect, it } from "vitest";
import { createLogger } from "./log.js";

describe("agent logger", () => {
  it("writes JSON lines, masks credentials in messages and fields, drops configured secrets, honours the level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", write: (l) => lines.push(l), base: { clusterId: "prod" }, secrets: ["s3cr3t-token-value"] });
    log.debug("hidden");
    log.info("connecting with password=hunter2", { url: "postgres://u:pw@db/x", nested: { header: "Authorization: Bearer abcdefghijkl" }, raw: "s3cr3t-token-value" });
    log.error("failed", { error: new Error("token=abc123") });
    expect(lines).toHaveLength(2);
    const all = lines.join("\n");
    expect(all).not.toMatch(/hunter2|:pw@|abcdefghijkl|s3cr3t-token-value|abc123/);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: "info", clusterId: "prod" });
    expect(JSON.parse(lines[1]!).error.name).toBe("Error");
  });
});
