/**
 * SQS at-least-once delivery against moto with the agent bundled as the image bundles it: (1) the same command
 * message delivered twice is executed once (the agent's per-id memo) and stored once (the collector keeps the
 * first result); (2) an agent killed with SIGKILL mid-command leaves the message to reappear after the queue's
 * visibility timeout, and the next agent answers it before the command's deadline: the waiting gateway gets it.
 */
import { join } from "node:path";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentCommandSchema } from "../../shared/src/index.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { SCENARIOS_DIR } from "../scenarios/loader.js";
import { startSqsEnv, type SqsEnv } from "../bench/sqs-env.js";

const CLUSTER = "redelivery";
const DIR = join(SCENARIOS_DIR, "payments-oom");
const POD = { kind: "Pod", namespace: "payments", name: "payments-api-68994f4d7f-htgzr" };
let env: SqsEnv;
let emu: Emulator;

beforeAll(async () => {
  emu = await startScenarioEmulator(DIR);
  env = await startSqsEnv(CLUSTER, { commandVisibilitySeconds: 3 });
});
afterAll(async () => {
  await env?.close();
  await emu?.close();
});

const command = (id: string, seconds = 45) => AgentCommandSchema.parse({
  id, clusterId: CLUSTER, investigationId: "redelivery", deadline: new Date(Date.now() + seconds * 1000).toISOString(),
  kind: "logs.read", params: { namespace: POD.namespace, pod: POD.name, previous: true },
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("SQS redelivery (moto, bundled agent)", () => {
  it("a command delivered twice runs once and is stored once", async () => {
    const agent = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 1 });
    try {
      emu.resetStats();
      const cmd = command("dup-1");
      for (let i = 0; i < 2; i++) await env.sqs.send(new SendMessageCommand({ QueueUrl: env.queues.commands, MessageBody: JSON.stringify(cmd) }));
      const stored = await until("the result in the results table", () => env.results.get(cmd.id));
      expect(stored.ok).toBe(true);
      // Both copies answered (the agent logs each), the Kubernetes API read once.
      await until("both copies answered", async () => ((agent.output().match(/"commandId":"dup-1"/g) ?? []).length >= 2 ? true : undefined));
      expect(emu.stats().byVerbAndResource["get pods/log"]).toBe(1);
    } finally {
      await agent.stop();
    }
  });

  it("an agent killed mid-command: the message reappears and the next agent answers the waiting gateway", async () => {
    // Hold the log read so the first agent is mid-command when it dies.
    let reading = false;
    emu.setFault(({ path }) => {
      if (!path.endsWith("/log")) return undefined;
      reading = true;
      return { delayMs: 60_000 };
    });
    const first = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 1 });
    const cmd = command("crash-1", 45);
    const waiting = env.gateway.execute(cmd);
    await until("the first agent to be reading", async () => (reading ? true : undefined));
    await first.kill();
    emu.setFault(undefined);
    const second = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 1 });
    try {
      const result = await waiting;
      expect(result.commandId).toBe(cmd.id);
      expect(result.ok).toBe(true);
      // The agent logs after sending the result and deleting the message: wait for the line. SQS counted a redelivery.
      const line = await until("the second agent's log line", async () => second.output().split("\n").find((l) => l.includes('"commandId":"crash-1"')));
      expect(line).toMatch(/"receiveCount":"([2-9]|\d\d)"/);
    } finally {
      await second.stop();
    }
  });
});
