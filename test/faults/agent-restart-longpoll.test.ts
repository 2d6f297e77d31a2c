/**
 * Agent restart (a rolling update of the Deployment) against SQS on moto: SIGTERM used to make the agent abort its
 * in-flight ReceiveMessage on the client side only; the queue keeps that long poll open server-side for up to
 * WaitTimeSeconds and hands a command arriving meanwhile to the abandoned request, where it stays invisible for
 * the visibility timeout (60 s), longer than the engine's topology deadline (30 s). The replacement agent should
 * answer a command sent right after the old one stopped. Real SQS does the same as moto here: aws-sdk-js#2350,
 * aws-sdk-java-v2#1395, aws-sdk-go-v2#2068 (aborting a long poll client-side leaves messages in flight).
 *
 * The transport's stop() therefore does not abort the receive: it lets the current long poll return and answers
 * what it brings (cluster-agent/src/transport/sqs.ts). This test failed before that fix. 10 s receives keep it
 * short: a stop that abandoned the poll would leave a 10 s window, and the command is sent within seconds of it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentCommandSchema } from "../../shared/src/index.js";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { SCENARIOS_DIR } from "../scenarios/loader.js";
import { startSqsEnv, type SqsEnv } from "../bench/sqs-env.js";

const CLUSTER = "rolling";
let env: SqsEnv;
let emu: Emulator;

beforeAll(async () => {
  emu = await startScenarioEmulator(join(SCENARIOS_DIR, "payments-oom"));
  env = await startSqsEnv(CLUSTER);
});
afterAll(async () => {
  await env?.close();
  await emu?.close();
});

describe("agent restart with a 10 s long poll (SQS on moto)", () => {
  it("a command sent after the old agent stopped is answered by its replacement within the deadline", async () => {
    const command = (id: string) => AgentCommandSchema.parse({
      id, clusterId: CLUSTER, deadline: new Date(Date.now() + 12_000).toISOString(),
      kind: "resource.get", params: { ref: { kind: "Pod", namespace: "payments", name: "payments-api-68994f4d7f-htgzr" } },
    });
    const old = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 10 });
    let next: Awaited<ReturnType<SqsEnv["startAgent"]>> | undefined;
    try {
      // The old agent works (answers a command, then long-polls again) and is stopped with SIGTERM, as kubelet
      // does in a rollout or a node drain; the replacement starts; the next investigation sends a command.
      expect((await env.gateway.execute(command("before-restart"))).ok).toBe(true);
      await old.stop();
      next = await env.startAgent(emu.kubeconfigPath, { waitTimeSeconds: 10 });
      const cmd = command("after-restart");
      // Before the fix the old agent's abandoned server-side poll took it: the gateway waited out the deadline and
      // threw AGENT_TIMEOUT (the engine would have reported the topology read as timed out).
      const result = await env.gateway.execute(cmd);
      expect(result.ok).toBe(true);
    } finally {
      await next?.stop();
    }
  });
});
