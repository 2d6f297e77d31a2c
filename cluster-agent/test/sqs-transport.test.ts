/**
 * The SQS transport against a real moto_server on loopback and the real agent against the emulator:
 * result attributes and envelope, delete-after-send, duplicate delivery, undecodable bodies, visibility
 * heartbeat, crash mid-command → redelivery to the next agent, SIGTERM → in-flight command answered, exit 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentResultSchema, type AgentCommandInput, type AgentResult } from "../../shared/src/index.js";
import { sqsClient } from "../../cloud/src/adapters/aws/clients.js";
import { startScenarioEmulator, type Emulator } from "../../test/emulator/index.js";
import { SCENARIOS_DIR } from "../../test/scenarios/loader.js";
import { createQueue, startMoto } from "../../test/support/moto.js";
import { decodeBody } from "../src/envelope.js";
import { createLogger } from "../src/log.js";
import { SqsTransport } from "../src/transport/sqs.js";
import { CLUSTER, agentFor, command } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const logLines: string[] = [];
const logger = createLogger({ level: "debug", write: (l) => logLines.push(l) });

let moto: Awaited<ReturnType<typeof startMoto>>;
let emu: Emulator;
let sqs: SQSClient;

beforeAll(async () => {
  moto = await startMoto();
  sqs = sqsClient(moto.aws);
  emu = await startScenarioEmulator(`${SCENARIOS_DIR}/payments-oom`);
});
afterAll(async () => {
  sqs?.destroy();
  await emu?.close();
  await moto?.stop();
});

let q = 0;
async function queues(visibility = "30") {
  q++;
  const commands = await createQueue(moto.aws, `cmd-${q}`, { VisibilityTimeout: visibility });
  const results = await createQueue(moto.aws, `res-${q}`);
  return { commands: commands.url, results: results.url };
}

const send = (url: string, body: string, cmd?: AgentCommandInput) => sqs.send(new SendMessageCommand({
  QueueUrl: url, MessageBody: body,
  ...(cmd ? { MessageAttributes: { commandId: { DataType: "String", StringValue: cmd.id }, kind: { DataType: "String", StringValue: cmd.kind } } } : {}),
}));

/** Receives `n` results (deleting them), with their message attributes. */
async function results(url: string, n: number, timeoutMs = 45_000): Promise<Array<{ result: AgentResult; attrs: Record<string, string> }>> {
  const out: Array<{ result: AgentResult; attrs: Record<string, string> }> = [];
  const until = Date.now() + timeoutMs;
  while (out.length < n && Date.now() < until) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"] }));
    for (const m of r.Messages ?? []) {
      expect(m.Body!.startsWith("H4sI")).toBe(true); // base64 gzip envelope
      out.push({ result: AgentResultSchema.parse(decodeBody(m.Body!)), attrs: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue!])) });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return out;
}

async function depth(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes: a } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return { visible: Number(a!.ApproximateNumberOfMessages), inFlight: Number(a!.ApproximateNumberOfMessagesNotVisible) };
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const target = { kind: "Pod", namespace: "payments", name: "payments-api-68994f4d7f-htgzr" };

describe("SQS transport (moto)", () => {
  it("answers commands with attributes, deletes them after the result is sent; duplicates answered once; garbage answered, not retried", async () => {
    const qs = await queues();
    const agent = agentFor(emu);
    const t = new SqsTransport({ sqs, commandQueueUrl: qs.commands, resultsQueueUrl: qs.results, handle: (raw) => agent.handle(raw), logger, waitTimeSeconds: 1 });
    t.start();
    try {
      emu.resetStats();
      const topo = command("topology.discover", { target }, { investigationId: "inv-1" });
      const logs = command("logs.read", { namespace: "payments", pod: target.name, previous: true }, { investigationId: "inv-1" });
      await send(qs.commands, JSON.stringify(topo), topo);
      await send(qs.commands, JSON.stringify(logs), logs);
      await send(qs.commands, JSON.stringify(logs), logs); // duplicate delivery
      await send(qs.commands, "this is not a command", undefined);
      const got = await results(qs.results, 4);
      expect(got).toHaveLength(4);
      const byId = (id: string) => got.filter((g) => g.result.commandId === id);
      expect(byId(topo.id)[0]!.result.ok).toBe(true);
      expect(byId(topo.id)[0]!.attrs).toEqual({ commandId: topo.id, investigationId: "inv-1", kind: "topology.discover" });
      const dup = byId(logs.id);
      expect(dup).toHaveLength(2);
      expect(dup[0]!.result).toEqual(dup[1]!.result);
      expect(emu.stats().byVerbAndResource["get pods/log"]).toBe(1); // the duplicate cost nothing
      const garbage = byId("unknown")[0]!.result;
      expect(!garbage.ok && garbage.error.code).toBe("INVALID_COMMAND");
      await waitFor("command queue drained", async () => { const d = await depth(qs.commands); return d.visible + d.inFlight === 0; });
    } finally {
      await t.stop();
    }
  });

  it("keeps a slow command hidden past the queue's visibility timeout (heartbeat), answers it once", async () => {
    const qs = await queues("2");
    const agent = agentFor(emu);
    emu.setFault((req) => (req.path.includes("/events") ? { delayMs: 5000 } : undefined));
    const t = new SqsTransport({ sqs, commandQueueUrl: qs.commands, resultsQueueUrl: qs.results, handle: (raw) => agent.handle(raw), logger, waitTimeSeconds: 1, visibilitySeconds: 3 });
    t.start();
    try {
      const cmd = command("events.list", { namespace: "payments" });
      await send(qs.commands, JSON.stringify(cmd), cmd);
      await waitFor("command in flight", async () => (await depth(qs.commands)).inFlight === 1);
      await new Promise((r) => setTimeout(r, 3000)); // past the queue's 2 s visibility timeout
      expect(await depth(qs.commands)).toEqual({ visible: 0, inFlight: 1 });
      const got = await results(qs.results, 1);
      expect(got[0]!.result.ok).toBe(true);
      await waitFor("command deleted", async () => { const d = await depth(qs.commands); return d.visible + d.inFlight === 0; });
    } finally {
      emu.setFault(undefined);
      await t.stop();
    }
  });

  it("backs off on SQS errors and still stops cleanly", async () => {
    const t = new SqsTransport({ sqs, commandQueueUrl: `${moto.endpoint}/123456789012/no-such-queue`, resultsQueueUrl: `${moto.endpoint}/123456789012/no-such-queue`, handle: async () => { throw new Error("never called"); }, logger, waitTimeSeconds: 1, backoffMinMs: 100, backoffMaxMs: 400 });
    t.start();
    await waitFor("a failed receive", async () => Number(t.stats().sqsFailures) >= 2, 15_000);
    await t.stop();
    expect(logLines.some((l) => l.includes("backing off"))).toBe(true);
  });
});

describe("agent process (cluster-agent/src/main.ts) on moto", () => {
  /** `viaFlags`: kubeconfig and cluster id as `kubesleuth agent` passes them (flags), not the environment. */
  function startAgent(qs: { commands: string; results: string }, viaFlags = false): { child: ChildProcess; output: () => string; stderr: () => string } {
    let out = "";
    let err = "";
    const { KUBECONFIG: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...(viaFlags ? ["--kubeconfig", emu.kubeconfigPath, "--cluster-id", CLUSTER] : [])], {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...env, ...(viaFlags ? {} : { KUBECONFIG: emu.kubeconfigPath }), AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing",
        KUBESLEUTH_SQS_ENDPOINT: moto.endpoint, ...(viaFlags ? {} : { KUBESLEUTH_CLUSTER_ID: CLUSTER }), KUBESLEUTH_COMMAND_QUEUE_URL: qs.commands,
        KUBESLEUTH_RESULTS_QUEUE_URL: qs.results, KUBESLEUTH_WAIT_TIME_SECONDS: "1", KUBESLEUTH_LOG_LEVEL: "debug",
      },
    });
    child.stdout!.on("data", (b) => { out += b; });
    child.stderr!.on("data", (b) => { err += b; }); // Node/SDK runtime warnings only
    return { child, output: () => out, stderr: () => err };
  }
  const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

  it("crash mid-command: the message is redelivered and the next agent answers it", async () => {
    const qs = await queues("3");
    emu.setFault((req) => (req.path.includes("/log") ? { delayMs: 60_000 } : undefined));
    const a = startAgent(qs);
    try {
      const cmd = command("logs.read", { namespace: "payments", pod: target.name, previous: true });
      await send(qs.commands, JSON.stringify(cmd), cmd);
      await waitFor("agent picked the command", async () => (await depth(qs.commands)).inFlight === 1, 40_000);
      a.child.kill("SIGKILL");
      await exited(a.child);
      emu.setFault(undefined);
      // The next agent (here in process) gets the same message once its visibility timeout lapses.
      const agent = agentFor(emu);
      const t = new SqsTransport({ sqs, commandQueueUrl: qs.commands, resultsQueueUrl: qs.results, handle: (raw) => agent.handle(raw), logger, waitTimeSeconds: 1 });
      t.start();
      try {
        const got = await results(qs.results, 1);
        expect(got[0]!.result.commandId).toBe(cmd.id);
        expect(got[0]!.result.ok).toBe(true);
      } finally {
        await t.stop();
      }
      expect(logLines.some((l) => l.includes(cmd.id) && l.includes('"receiveCount":"2"'))).toBe(true);
    } finally {
      emu.setFault(undefined);
      if (a.child.exitCode === null) a.child.kill("SIGKILL");
    }
  }, 60_000);

  it("SIGTERM: stops polling, answers the command in flight, exits 0; logs are JSON without credentials", async () => {
    const qs = await queues();
    emu.setFault((req) => (req.path.includes("/events") ? { delayMs: 2500 } : undefined));
    const a = startAgent(qs, true);
    try {
      const cmd = command("events.list", { namespace: "payments" });
      await send(qs.commands, JSON.stringify(cmd), cmd);
      await waitFor("agent picked the command", async () => (await depth(qs.commands)).inFlight === 1, 40_000);
      // Figure, not an assertion: peak RSS of the agent process (under tsx, which adds its own transpiler).
      const status = await readFile(`/proc/${a.child.pid}/status`, "utf8").catch(() => "");
      console.log(`agent process peak RSS while investigating (tsx, not the bundle): ${/VmHWM:\s*(\d+ kB)/.exec(status)?.[1] ?? "n/a"}`);
      a.child.kill("SIGTERM");
      expect(await exited(a.child)).toBe(0);
      const got = await results(qs.results, 1, 10_000);
      expect(got[0]!.result.commandId).toBe(cmd.id);
      expect(await depth(qs.commands)).toEqual({ visible: 0, inFlight: 0 });
      const lines = a.output().trim().split("\n");
      for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
      expect(a.output()).toContain('"msg":"agent stopped"');
      for (const text of [a.output(), a.stderr()]) {
        expect(text).not.toContain(emu.token);
        expect(text).not.toContain("testing");
      }
    } finally {
      emu.setFault(undefined);
      if (a.child.exitCode === null) a.child.kill("SIGKILL");
    }
  }, 60_000);
});
