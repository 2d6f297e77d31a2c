/**
 * moto_server on loopback (random port) for tests that need real SQS semantics (visibility timeouts,
 * redelivery, message attributes). One implementation: test/support/moto-aws.ts (which also creates the
 * product's tables and queues); this is the small surface the agent's tests use.
 */
import { startMotoServer, type MotoServer } from "./moto-aws.js";

export { createQueue, startMotoServer, type MotoServer } from "./moto-aws.js";

export async function startMoto(): Promise<{ endpoint: string; aws: MotoServer["aws"]; stop(): Promise<void> }> {
  const m = await startMotoServer();
  return { endpoint: m.endpoint, aws: m.aws, stop: () => m.stop() };
}
