import { describe, expect, it } from "vitest";
import { COMMAND_KINDS, type AgentCommandInput, type AgentResult } from "../../../../shared/src/index.js";
import { knownResources } from "./command-guard.js";
import { runTool, TOOLS, toolSpecs, type ToolContext } from "./tools.js";

const known = knownResources([{ nodes: [{ id: "Pod/shop/web-1", ref: { kind: "Pod", namespace: "shop", name: "web-1" } }] }]);
function ctx(answer: (c: AgentCommandInput) => AgentResult | Promise<AgentResult>): ToolContext & { sent: AgentCommandInput[] } {
  const sent: AgentCommandInput[] = [];
  let n = 0;
  return { sent, investigationId: "inv 1", clusterId: "prod", known, deadlineMs: Date.parse("2026-11-20T03:00:00Z"), execute: async (c) => { sent.push(c); return answer(c); }, seq: () => ++n };
}
const okResult = (c: AgentCommandInput, data: unknown): AgentResult => ({ ok: true, kind: c.kind, data, commandId: c.id, clusterId: c.clusterId, kubectl: ["kubectl logs web-1 -n shop"], startedAt: "", durationMs: 1, apiRequests: 1, truncated: false, warnings: [] });

describe("model tools", () => {
  it("map one-to-one to the agent's read-only commands (topology is in the prompt)", () => {
    expect(Object.values(TOOLS).map((t) => t.kind).sort()).toEqual(COMMAND_KINDS.filter((k) => k !== "topology.discover").sort());
    for (const s of toolSpecs()) {
      expect(s.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/); // valid for Bedrock and OpenAI
      expect(s.inputSchema).toMatchObject({ type: "object" });
      expect(s.inputSchema).not.toHaveProperty("$schema");
    }
  });
  it("sends a valid agent command and returns masked text plus evidence", async () => {
    const c = ctx((cmd) => okResult(cmd, { namespace: "shop", pod: "web-1", container: "web", previous: false, text: "boot\nAuthorization: Bearer abcdefghijklmnop\nFATAL x", truncated: false }));
    const out = await runTool({ id: "t1", name: "logs_read", input: { namespace: "shop", pod: "web-1" } }, c);
    expect(c.sent[0]).toMatchObject({ id: "inv-1:model-1", clusterId: "prod", kind: "logs.read", deadline: "2026-11-20T03:00:00.000Z", params: { namespace: "shop", pod: "web-1", previous: false, tailLines: 200 } });
    expect(out.isError).toBe(false);
    expect(out.text).toContain("FATAL x");
    expect(out.text).not.toContain("abcdefghijklmnop");
    expect(out.evidence).toMatchObject({ source: "kubectl logs web-1 -n shop", type: "model" });
  });
  it("refuses bad arguments, other namespaces, Secrets and unknown tools without calling the agent", async () => {
    const c = ctx(() => { throw new Error("must not be called"); });
    const cases: [string, unknown, RegExp][] = [
      ["logs_read", { namespace: "shop" }, /invalid arguments: pod/],
      ["logs_read", { namespace: "kube-system", pod: "x" }, /outside this investigation/],
      ["resource_get", { ref: { kind: "Secret", namespace: "shop", name: "db" } }, /Secrets are never read/],
      ["resource_list", { kind: "Pod" }, /needs a namespace/],
      ["shell", { cmd: "id" }, /unknown tool shell/],
      ["logs_read", { namespace: "shop", pod: "Web_1; rm" }, /invalid arguments/],
    ];
    for (const [name, input, re] of cases) {
      const out = await runTool({ id: "t", name, input }, c);
      expect(out, name).toMatchObject({ isError: true, text: expect.stringMatching(re) });
    }
    expect(await runTool({ id: "t", name: "logs_read", input: undefined, argumentsError: "arguments are not JSON: {x" }, c)).toMatchObject({ isError: true, text: /not JSON/ });
    expect(c.sent).toEqual([]);
  });
  it("turns agent errors, throws and malformed data into error results", async () => {
    const base = { commandId: "x", clusterId: "prod", kubectl: [], startedAt: "", durationMs: 0, apiRequests: 0 };
    const forbidden = await runTool({ id: "t", name: "events_list", input: { namespace: "shop" } }, ctx(() => ({ ...base, ok: false, kind: "events.list", error: { code: "FORBIDDEN", message: "events is forbidden" } })));
    expect(forbidden).toMatchObject({ isError: true, text: expect.stringContaining("FORBIDDEN") });
    const thrown = await runTool({ id: "t", name: "events_list", input: { namespace: "shop" } }, ctx(() => { throw new Error("socket hang up"); }));
    expect(thrown).toMatchObject({ isError: true, text: expect.stringContaining("socket hang up") });
    const malformed = await runTool({ id: "t", name: "events_list", input: { namespace: "shop" } }, ctx((cmd) => okResult(cmd, { nope: 1 })));
    expect(malformed).toMatchObject({ isError: true, text: expect.stringContaining("malformed") });
  });
});
