import { parseArgs } from "node:util";
import { errorMessage } from "../../../../shared/src/index.js";
import { runLocalAgentLoop } from "../../local/agent-loop.js";
import { createClusterAgent, loadKubeConfig } from "../../local/gateways.js";
import { createLogger } from "../../local/logger.js";
import { UsageError, type CliCommand } from "../command.js";

const usage = `Usage: kubesleuth agent [--server URL] [--cluster-id ID] [--kubeconfig FILE] [--context NAME]

Run the cluster agent (read-only) against the current kubeconfig context. Outbound only:
  local mode   long-polls a local server started with \`kubesleuth serve --agent external\`
               (KUBESLEUTH_TOKEN must be the server's token)
  AWS mode     when KUBESLEUTH_COMMAND_QUEUE_URL is set, polls the cluster's SQS command queue instead
               (the same loop the in-cluster Deployment runs; see charts/kubesleuth-agent)

Options:
  --server URL       local server (default http://127.0.0.1:7710, env KUBESLEUTH_SERVER)
  --cluster-id ID    this cluster's id (default: the server's default cluster id "local", env KUBESLEUTH_CLUSTER_ID)
  --kubeconfig FILE  kubeconfig (default $KUBECONFIG or ~/.kube/config)
  --context NAME     kubeconfig context (default: current)
  --concurrency N    commands run at once (default 4)
  -h, --help         show this help

Stops cleanly on SIGINT/SIGTERM (in-flight commands finish and are answered).`;

const SQS_MODULE = "../../../../cluster-agent/src/main.js";

const command: CliCommand = {
  name: "agent",
  summary: "run the read-only cluster agent (local long-poll or SQS)",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, strict: true, options: { server: { type: "string" }, "cluster-id": { type: "string" }, kubeconfig: { type: "string" }, context: { type: "string" }, concurrency: { type: "string" } } }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    if (process.env.KUBESLEUTH_COMMAND_QUEUE_URL) {
      // The in-cluster entry point owns the SQS loop and its zod-validated env config.
      const mod = (await import(SQS_MODULE)) as { main?: (argv: string[]) => Promise<number> };
      if (!mod.main) throw new UsageError("this build has no SQS agent entry point (cluster-agent/src/main.ts)");
      return mod.main(argv);
    }
    const token = process.env.KUBESLEUTH_TOKEN?.split(",")[0]?.trim();
    if (!token) throw new UsageError("set KUBESLEUTH_TOKEN to the local server's token");
    const concurrency = values.concurrency ? Number(values.concurrency) : 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency must be 1-32");
    const serverUrl = values.server ?? process.env.KUBESLEUTH_SERVER ?? "http://127.0.0.1:7710";
    try {
      new URL(serverUrl);
    } catch {
      throw new UsageError(`--server is not a URL: ${serverUrl}`);
    }
    const clusterId = values["cluster-id"] ?? process.env.KUBESLEUTH_CLUSTER_ID ?? "local";
    const logger = createLogger({ level: (process.env.KUBESLEUTH_LOG_LEVEL as "info") ?? "info", secrets: [token], base: { component: "agent", clusterId } });
    const kubeConfig = await loadKubeConfig({ kubeconfigPath: values.kubeconfig, context: values.context });
    const agent = await createClusterAgent({ kubeConfig, clusterId });
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    logger.info("agent polling the local server", { server: serverUrl, context: kubeConfig.getCurrentContext() });
    const { commands } = await runLocalAgentLoop({ serverUrl, token, clusterId, handle: (raw) => agent.handle(raw), signal: ac.signal, logger, concurrency });
    logger.info("agent stopped", { commands });
    return 0;
  },
};

export default command;
