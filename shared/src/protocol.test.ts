import { describe, expect, it } from "vitest";
import { AgentCommandSchema, AgentResultSchema, parseResultData } from "./protocol.js";

const base = { id: "cmd-1", clusterId: "prod", deadline: "2026-11-20T02:52:00Z" };

describe("agent protocol", () => {
  it("accepts allowlisted read-only commands and fills defaults", () => {
    const cmd = AgentCommandSchema.parse({ ...base, kind: "logs.read", params: { namespace: "payments", pod: "api-1", previous: true } });
    expect(cmd.kind).toBe("logs.read");
    if (cmd.kind === "logs.read") expect(cmd.params.tailLines).toBe(200);
  });

  it.each([
    ["an unknown kind", { ...base, kind: "resource.delete", params: {} }],
    ["a write disguised as a get", { ...base, kind: "exec", params: { command: "rm -rf /" } }],
    ["a bad name", { ...base, kind: "resource.get", params: { ref: { kind: "Pod", namespace: "x", name: "$(reboot)" } } }],
    ["a bad id", { ...base, id: "a b;c", kind: "resource.get", params: { ref: { kind: "Pod", name: "x" } } }],
    ["rollout history of a Pod", { ...base, kind: "rollout.history", params: { ref: { kind: "Pod", namespace: "a", name: "b" } } }],
    ["config changes of a Deployment", { ...base, kind: "config.changes", params: { refs: [{ kind: "Deployment", namespace: "a", name: "b" }] } }],
  ])("rejects %s", (_what, body) => {
    expect(AgentCommandSchema.safeParse(body).success).toBe(false);
  });

  it("validates result payloads per kind", () => {
    const result = AgentResultSchema.parse({
      commandId: "cmd-1", clusterId: "prod", kind: "events.list", ok: true, kubectl: ["kubectl get events -n payments"],
      startedAt: "2026-11-20T02:51:00Z", durationMs: 12, apiRequests: 1, data: { events: [] },
    });
    expect(result.ok).toBe(true);
    expect(() => parseResultData("events.list", { events: [{ type: "Warning" }] })).toThrow();
  });
});
