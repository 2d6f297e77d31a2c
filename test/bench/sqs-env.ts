/**
 * The SQS transport as deployed, on moto: the cluster agent bundled exactly as the image bundles it (esbuild,
 * one ESM file, run by plain node: no tsx in the measured process), its command and results queues, the results
 * collector Lambda handler pumping the results queue into the DynamoDB results table, and the SqsClusterGateway
 * the investigate Lambda uses.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { dynamoClient, sqsClient } from "../../cloud/src/adapters/aws/clients.js";
import { DynamoResultStore } from "../../cloud/src/adapters/aws/dynamo-results.js";
import { SqsClusterGateway } from "../../cloud/src/adapters/aws/sqs-gateway.js";
import { createQueue, createTables, startMotoServer, type MotoServer } from "../support/moto-aws.js";
import { deleteSucceeded, lambdaContext, receiveBatch } from "../support/lambda-events.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Bundle cluster-agent/src/main.ts with the Dockerfile's esbuild flags; returns the .mjs path. */
export async function bundleAgent(outDir: string): Promise<string> {
  const outfile = join(outDir, "agent.mjs");
  await build({
    entryPoints: [join(ROOT, "cluster-agent/src/main.ts")], bundle: true, platform: "node", target: "node20", format: "esm", minify: true,
    mainFields: ["module", "main"], outfile, logLevel: "error",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

export interface SqsEnv {
  moto: MotoServer;
  sqs: ReturnType<typeof sqsClient>;
  queues: { commands: string; results: string };
  results: DynamoResultStore;
  gateway: SqsClusterGateway;
  /** Start the bundled agent against a kubeconfig; resolves once it logged "agent started". */
  startAgent(kubeconfigPath: string, opts?: { waitTimeSeconds?: number }): Promise<AgentProcess>;
  close(): Promise<void>;
}

export interface AgentProcess {
  pid: number;
  output(): string;
  /** SIGKILL: no shutdown code runs (a crashed or OOM-killed agent). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

// The collector's Powertools logger reads its level when the module loads.
process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
const collector = await import("../../cloud/src/handlers/collector.js");

export async function startSqsEnv(clusterId: string, o: { commandVisibilitySeconds?: number } = {}): Promise<SqsEnv> {
  const dir = await mkdtemp(join(tmpdir(), "kubesleuth-bench-sqs-"));
  const agentFile = await bundleAgent(dir);
  const moto = await startMotoServer();
  const aws = moto.aws;
  const creds = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
  Object.assign(process.env, creds);
  const tables = await createTables(aws, "bench");
  const commands = await createQueue(aws, `bench-commands-${clusterId}`, { VisibilityTimeout: String(o.commandVisibilitySeconds ?? 60) });
  const results = await createQueue(aws, "bench-results");
  const sqs = sqsClient(aws);
  collector.init({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: moto.endpoint, RESULTS_TABLE: tables.results });
  const resultStore = new DynamoResultStore({ client: dynamoClient(aws), table: tables.results });
  const gateway = new SqsClusterGateway({ sqs, commandQueues: { [clusterId]: commands.url }, results: resultStore });

  // The results queue → collector event source mapping.
  let pumping = true;
  const pump = (async () => {
    while (pumping) {
      try {
        const { event, receipts } = await receiveBatch(sqs, results.url, results.arn, 10, 1);
        if (!event.Records.length) continue;
        const res = await collector.handler(event, lambdaContext("collector"));
        await deleteSucceeded(sqs, results.url, receipts, res.batchItemFailures);
      } catch {
        if (pumping) await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();

  const agents = new Set<AgentProcess>();
  return {
    moto,
    sqs,
    queues: { commands: commands.url, results: results.url },
    results: resultStore,
    gateway,
    async startAgent(kubeconfigPath, opts = {}) {
      const child: ChildProcess = spawn(process.execPath, [agentFile], {
        cwd: dir, stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH, HOME: process.env.HOME, ...creds, KUBECONFIG: kubeconfigPath, AWS_ENDPOINT_URL: moto.endpoint,
          KUBESLEUTH_CLUSTER_ID: clusterId, KUBESLEUTH_COMMAND_QUEUE_URL: commands.url, KUBESLEUTH_RESULTS_QUEUE_URL: results.url,
          KUBESLEUTH_WAIT_TIME_SECONDS: String(opts.waitTimeSeconds ?? 20), KUBESLEUTH_LOG_LEVEL: "info", NODE_ENV: "production",
        },
      });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`agent did not start: ${out.slice(-2000)}`)), 60_000);
        const on = (b: Buffer) => {
          out += b.toString();
          if (out.length > 1_000_000) out = out.slice(-200_000);
          if (out.includes("agent started")) {
            clearTimeout(t);
            resolve();
          }
        };
        child.stdout!.on("data", on);
        child.stderr!.on("data", on);
        child.once("exit", (c) => {
          clearTimeout(t);
          reject(new Error(`agent exited ${c}: ${out.slice(-2000)}`));
        });
      });
      const proc: AgentProcess = {
        pid: child.pid!,
        output: () => out,
        kill: async () => {
          agents.delete(proc);
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGKILL");
          await exited;
        },
        stop: async () => {
          agents.delete(proc);
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          // SIGTERM waits for the current long poll to return (up to WAIT_TIME_SECONDS).
          const t = setTimeout(() => child.kill("SIGKILL"), 25_000);
          await exited;
          clearTimeout(t);
        },
      };
      agents.add(proc);
      return proc;
    },
    async close() {
      await Promise.all([...agents].map((a) => a.stop()));
      pumping = false;
      await pump;
      collector.reset();
      sqs.destroy();
      await moto.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
