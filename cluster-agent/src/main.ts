/**
 * In-cluster entry point: configuration from the environment, the Kubernetes API from the pod's service account
 * (or $KUBECONFIG / ~/.kube/config outside a cluster), commands from SQS. Outbound only; the one optional
 * listening socket is the health endpoint. SIGTERM/SIGINT: stop polling, answer what is in flight, exit 0.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { SQSClient } from "@aws-sdk/client-sqs";
import { KubeConfig } from "@kubernetes/client-node";
import { errorMessage } from "../../shared/src/index.js";
import { ClusterAgent } from "./agent.js";
import { loadConfig, type AgentConfig } from "./config.js";
import { startHealthServer } from "./health.js";
import { createLogger, type Logger } from "./log.js";
import { SqsTransport } from "./transport/sqs.js";

export function loadKubeConfig(o: { kubeconfig?: string; context?: string } = {}, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
  else if (!env.KUBECONFIG && env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (o.context) kc.setCurrentContext(o.context);
  if (!kc.getCurrentCluster()) throw new Error("no Kubernetes cluster configured: run in a pod, or set KUBECONFIG");
  return kc;
}

/** Flags `kubesleuth agent` passes through (it validated them): --kubeconfig, --context, --cluster-id, --concurrency. */
function parseFlags(argv: string[]) {
  const { values } = parseArgs({ args: argv, strict: false, options: { kubeconfig: { type: "string" }, context: { type: "string" }, "cluster-id": { type: "string" }, concurrency: { type: "string" }, server: { type: "string" } } });
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  return { kubeconfig: str(values.kubeconfig), context: str(values.context), clusterId: str(values["cluster-id"]), concurrency: str(values.concurrency) };
}

/** A clock that starts at `now` (replays of a scenario) and advances in real time. */
function clockFrom(cfg: AgentConfig): (() => Date) | undefined {
  if (!cfg.now) return undefined;
  const offset = Date.parse(cfg.now) - Date.now();
  return () => new Date(Date.now() + offset);
}

export async function main(argv: string[] = process.argv.slice(2), signals: NodeJS.EventEmitter = process): Promise<number> {
  let log: Logger = createLogger({ base: { component: "kubesleuth-agent" } });
  let cfg: AgentConfig;
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
    cfg = loadConfig({
      ...process.env,
      ...(flags.clusterId ? { KUBESLEUTH_CLUSTER_ID: flags.clusterId } : {}),
      ...(flags.concurrency ? { KUBESLEUTH_CONCURRENCY: flags.concurrency } : {}),
    });
  } catch (e) {
    log.error("invalid configuration", { error: errorMessage(e) });
    return 2;
  }
  log = createLogger({ level: cfg.logLevel, base: { component: "kubesleuth-agent", clusterId: cfg.clusterId } });
  const kubeConfig = loadKubeConfig(flags);
  const agent = new ClusterAgent({
    kubeConfig, clusterId: cfg.clusterId, qps: cfg.qps, burst: cfg.burst, concurrency: cfg.concurrency, secretMetadata: cfg.secretMetadata, clock: clockFrom(cfg),
    namespaces: cfg.namespaces,
  });
  const sqs = new SQSClient({ ...(cfg.region ? { region: cfg.region } : {}), ...(cfg.sqsEndpoint ? { endpoint: cfg.sqsEndpoint } : {}) });
  const transport = new SqsTransport({
    sqs, commandQueueUrl: cfg.commandQueueUrl, resultsQueueUrl: cfg.resultsQueueUrl, handle: (raw) => agent.handle(raw), logger: log,
    waitTimeSeconds: cfg.waitTimeSeconds, concurrency: cfg.concurrency,
  });
  const stopped = new Promise<string>((resolve) => {
    signals.once("SIGTERM", () => resolve("SIGTERM"));
    signals.once("SIGINT", () => resolve("SIGINT"));
  });
  transport.start();
  const health = cfg.healthPort === undefined ? undefined : await startHealthServer({
    host: cfg.healthHost, port: cfg.healthPort, staleMs: (cfg.waitTimeSeconds * 2 + 60) * 1000,
    source: { lastPollAt: () => transport.lastPollAt(), stats: () => ({ ...transport.stats(), apiRequests: agent.apiRequests }) },
  });
  log.info("agent started", {
    context: kubeConfig.getCurrentContext(), server: kubeConfig.getCurrentCluster()?.server, commandQueue: cfg.commandQueueUrl,
    qps: cfg.qps, burst: cfg.burst, concurrency: cfg.concurrency, ...(health ? { healthPort: health.port } : {}),
  });
  const signal = await stopped;
  log.info("stopping: answering commands in flight", { signal });
  await transport.stop();
  await health?.close();
  sqs.destroy();
  log.info("agent stopped", { ...transport.stats(), apiRequests: agent.apiRequests });
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main().then((code) => process.exit(code), (e) => {
    createLogger().error("agent failed", { error: errorMessage(e) });
    process.exit(1);
  });
}
