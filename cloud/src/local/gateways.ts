/**
 * Cluster gateways of local mode. In-process: the real cluster agent (same code as in the cluster) called
 * directly, against a kubeconfig. Routed: one gateway per cluster id; commands for any other cluster fail
 * with a typed AGENT_ERROR (the report then says the cluster is not connected) instead of reading the wrong
 * cluster.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { ClusterAgent } from "../../../cluster-agent/src/agent.js";
import { KubesleuthError, type AgentCommandInput, type AgentResult } from "../../../shared/src/index.js";
import { InProcessGateway } from "../adapters/local/in-process-gateway.js";
import type { ClusterGateway } from "../core/ports.js";

export interface ClosableGateway extends ClusterGateway {
  close?(): Promise<void> | void;
}

export interface InProcessAgentOptions {
  kubeconfigPath?: string;
  context?: string;
  clusterId: string;
  /** Client-side API rate limit of the agent (default: the agent's, as in a cluster). */
  qps?: number;
  burst?: number;
}

export interface AgentHandle {
  handle(raw: unknown): Promise<AgentResult>;
}

export async function loadKubeConfig(o: { kubeconfigPath?: string; context?: string }): Promise<KubeConfig> {
  const kubeConfig = new KubeConfig();
  if (o.kubeconfigPath) kubeConfig.loadFromFile(o.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  if (o.context) kubeConfig.setCurrentContext(o.context);
  if (!kubeConfig.getCurrentCluster()) throw new KubesleuthError("CONFIG_INVALID", "kubeconfig has no current cluster: set KUBECONFIG or --kubeconfig/--context");
  return kubeConfig;
}

/** The real cluster agent (read-only, redacting) against a kubeconfig. */
export async function createClusterAgent(o: { kubeConfig: KubeConfig; clusterId: string; qps?: number; burst?: number }): Promise<AgentHandle> {
  return new ClusterAgent(o);
}

/** The in-process gateway of the agent package around an agent. */
export async function gatewayForAgent(agent: AgentHandle): Promise<ClosableGateway> {
  return new InProcessGateway(agent);
}

/** The agent in this process against the kubeconfig (the current context unless `context` is given). */
export async function inProcessAgentGateway(o: InProcessAgentOptions): Promise<ClosableGateway> {
  const kubeConfig = await loadKubeConfig(o);
  return gatewayForAgent(await createClusterAgent({ kubeConfig, clusterId: o.clusterId, qps: o.qps, burst: o.burst }));
}

export function routedGateway(routes: Map<string, ClusterGateway>): ClusterGateway {
  return {
    async execute(command: AgentCommandInput): Promise<AgentResult> {
      const gw = routes.get(command.clusterId);
      if (!gw) {
        throw new KubesleuthError("AGENT_ERROR", `no agent is connected for cluster "${command.clusterId}" (this server serves ${[...routes.keys()].join(", ") || "none"}): set KUBESLEUTH_CLUSTER_ID or the alert's cluster label`);
      }
      return gw.execute(command);
    },
  };
}
