/**
 * Hostile input to the cluster agent's command handler, the real ClusterAgent against the emulator: random JSON,
 * truncated JSON, deep nesting, wrong types on otherwise valid commands, unicode, prototype-pollution keys. Every
 * input gets a schema-valid AgentResult; anything that is not a valid command is INVALID_COMMAND and reaches the
 * Kubernetes API not at all (the emulator counts every request); nothing throws; Object.prototype stays clean.
 */
import { join } from "node:path";
import fc from "fast-check";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentCommandSchema, AgentResultSchema, COMMAND_KINDS } from "../../shared/src/index.js";
import { ClusterAgent } from "../../cluster-agent/src/agent.js";
import { decodeBody } from "../../cluster-agent/src/envelope.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { SCENARIOS_DIR } from "../scenarios/loader.js";

const CLUSTER = "fuzz-cluster";
let emu: Emulator;
let agent: ClusterAgent;

beforeAll(async () => {
  emu = await startScenarioEmulator(join(SCENARIOS_DIR, "payments-oom"));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(emu.kubeconfigPath);
  agent = new ClusterAgent({ kubeConfig, clusterId: CLUSTER });
});
afterAll(async () => {
  await emu?.close();
});

const deadline = () => new Date(Date.now() + 60_000).toISOString();
let seq = 0;
const validCommand = () => ({
  id: `fuzz-${++seq}`, clusterId: CLUSTER, investigationId: "fuzz", deadline: deadline(), kind: "resource.get",
  params: { ref: { kind: "Pod", namespace: "payments", name: "payments-api-68994f4d7f-htgzr" } },
});

/** Send one raw input; assert the invariants; return the result. */
async function send(raw: unknown) {
  const before = emu.stats().requests;
  const result = await agent.handle(raw);
  expect(AgentResultSchema.safeParse(result).success, JSON.stringify(result).slice(0, 500)).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  const valid = AgentCommandSchema.safeParse(raw).success && (raw as { clusterId?: unknown }).clusterId === CLUSTER;
  if (!valid) {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("INVALID_COMMAND");
    expect(emu.stats().requests, "an invalid command must never reach the Kubernetes API").toBe(before);
  }
  return result;
}

describe("agent protocol under hostile input", () => {
  it("a valid command still works (the fixture is not broken)", async () => {
    const r = await send(validCommand());
    expect(r.ok).toBe(true);
  });

  it("random JSON values", async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (v) => {
      await send(v);
    }), { numRuns: 300 });
  });

  it("random and truncated JSON text as the SQS transport decodes it", async () => {
    const text = JSON.stringify(validCommand());
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.nat(text.length).map((n) => text.slice(0, n)), fc.base64String({ maxLength: 200 })), async (body) => {
      let raw: unknown;
      try {
        raw = decodeBody(body);
      } catch {
        // What the transport does with an undecodable body (cluster-agent/src/transport/sqs.ts).
        raw = { undecodable: true, messageId: "m-1" };
      }
      await send(raw);
    }), { numRuns: 300 });
  });

  it("valid commands with one field replaced by a wrong type or a hostile string", async () => {
    const paths = [["id"], ["clusterId"], ["deadline"], ["kind"], ["params"], ["params", "ref"], ["params", "ref", "name"], ["params", "ref", "namespace"], ["params", "ref", "kind"], ["investigationId"]];
    const hostile = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.constantFrom("../../etc/passwd", "payments; rm -rf /", "$(id)", "`id`", "a\u0000b", "\u202etxt.exe", "ａｐｉ", "🙂", "x".repeat(10_000), "-n kube-system", "--all-namespaces"),
      fc.string({ unit: "grapheme", maxLength: 80 }),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), hostile, async (path, value) => {
      const cmd = validCommand() as Record<string, any>;
      let o = cmd;
      for (const p of path.slice(0, -1)) o = o[p];
      o[path.at(-1)!] = value;
      const r = await send(cmd);
      // A hostile name that still passes the schema is impossible: K8s names are validated.
      if (path.at(-1) === "name" && typeof value === "string" && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value)) expect(r.ok).toBe(false);
    }), { numRuns: 300 });
  });

  it("every command kind with random params", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...COMMAND_KINDS), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), async (kind, params) => {
      await send({ ...validCommand(), kind, params });
    }), { numRuns: 200 });
  });

  it("deep nesting does not overflow the stack", async () => {
    for (const depth of [100, 1_000, 5_000]) {
      let v: unknown = "x";
      for (let i = 0; i < depth; i++) v = { a: v };
      await send({ ...validCommand(), params: v });
      let arr: unknown = [];
      for (let i = 0; i < depth; i++) arr = [arr];
      await send(arr);
      const text = "[".repeat(depth) + "]".repeat(depth);
      await send(decodeBody(text));
    }
  });

  it("prototype-pollution keys are data, never merged into Object.prototype", async () => {
    const texts = [
      `{"__proto__":{"polluted":"yes"},"kind":"resource.get"}`,
      `{"id":"p1","clusterId":"${CLUSTER}","deadline":"${deadline()}","kind":"resource.get","params":{"ref":{"kind":"Pod","namespace":"payments","name":"x","__proto__":{"polluted":"yes"}}}}`,
      `{"id":"p2","clusterId":"${CLUSTER}","deadline":"${deadline()}","kind":"resource.list","params":{"kind":"Pod","constructor":{"prototype":{"polluted":"yes"}}}}`,
      `{"id":"p3","clusterId":"${CLUSTER}","deadline":"${deadline()}","kind":"topology.discover","params":{"__proto__":{"target":{"kind":"Pod","namespace":"payments","name":"payments-api-68994f4d7f-htgzr"}}}}`,
    ];
    for (const t of texts) await send(JSON.parse(t));
    await fc.assert(fc.asyncProperty(fc.constantFrom("__proto__", "constructor", "prototype"), fc.jsonValue({ maxDepth: 2 }), async (key, value) => {
      await send(JSON.parse(`{"${key}":${JSON.stringify({ polluted: value })},"id":"pp","clusterId":"${CLUSTER}"}`));
    }), { numRuns: 100 });
  });

  it("a command for another cluster is refused without touching this one", async () => {
    await send({ ...validCommand(), clusterId: "someone-else" });
  });
});
