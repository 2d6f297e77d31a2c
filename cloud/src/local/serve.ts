/**
 * `kubesleuth serve`: the local server for real use. Webhook intake with token auth, the agent in-process
 * against the current kubeconfig context (or an external `kubesleuth agent` over the long-poll transport),
 * the embedded store, Slack when configured, the rules file; stops cleanly on SIGINT/SIGTERM.
 */
import { join } from "node:path";
import { type Report } from "../../../shared/src/index.js";
import type { Notifier } from "../core/ports.js";
import { DEFAULT_RULESET, loadRulesFile } from "../core/rules/index.js";
import { systemClock } from "../core/ports.js";
import { AgentHub } from "./agent-hub.js";
import { startLocalApp, type LocalApp } from "./app.js";
import { ensureTokens, type LocalConfig } from "./config.js";
import { FileStore } from "./file-store.js";
import { inProcessAgentGateway, routedGateway } from "./gateways.js";
import { createLogger, type Logger } from "./logger.js";
import { fanoutNotifier, logNotifier } from "./notifiers.js";
import { slackNotifier } from "./slack.js";
import { FileTopologyArchive } from "./topology-archive.js";

export interface ServeHandle {
  app: LocalApp;
  logger: Logger;
  clusterId: string;
  tokenInfo: { generated: boolean; file?: string };
}

export async function startServe(config: LocalConfig, extraNotifiers: Notifier[] = [], opts: { shutdownGraceMs?: number } = {}): Promise<ServeHandle> {
  const tokenInfo = await ensureTokens(config);
  const tokens = tokenInfo.tokens;
  const logger = createLogger({ level: config.logLevel, secrets: [...tokens, ...(config.slackToken ? [config.slackToken] : []), ...(config.slackSigningSecret ? [config.slackSigningSecret] : [])] });
  const rules = config.rulesFile ? await loadRulesFile(config.rulesFile) : DEFAULT_RULESET;

  let clusterId = config.clusterId;
  let agentHub: AgentHub | undefined;
  let gateway;
  if (config.agent === "external") {
    clusterId ??= "local";
    agentHub = new AgentHub();
    gateway = routedGateway(new Map([[clusterId, agentHub.gateway]]));
  } else {
    const { KubeConfig } = await import("@kubernetes/client-node");
    const kc = new KubeConfig();
    if (config.kubeconfig) kc.loadFromFile(config.kubeconfig);
    else kc.loadFromDefault();
    if (config.context) kc.setCurrentContext(config.context);
    clusterId ??= kc.getCurrentContext() || "local";
    const inProcess = await inProcessAgentGateway({ kubeconfigPath: config.kubeconfig, context: config.context, clusterId });
    gateway = routedGateway(new Map([[clusterId, inProcess]]));
  }

  const store = await FileStore.open({ dataDir: config.dataDir });
  try {
    const notifiers: Notifier[] = [logNotifier(logger), ...extraNotifiers];
    if (config.slackToken && config.slackChannel) {
      notifiers.push(await slackNotifier({
        token: config.slackToken, channel: config.slackChannel, store, warn: (m) => logger.warn(m),
        portalUrl: config.publicUrl ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`,
      }));
    }
    // Feedback buttons: Slack posts to /slack/interactions, authenticated by its signature (docs/slack.md).
    const slackInteractions = config.slackToken && config.slackSigningSecret
      ? await (await import("../adapters/slack/interactions.js")).createInteractionHandler({
        token: config.slackToken, signingSecret: config.slackSigningSecret, store, clock: systemClock, portalUrl: config.publicUrl,
        warn: (m, extra) => logger.warn(m, extra), info: (m, extra) => logger.info(m, extra),
      })
      : undefined;
    const app = await startLocalApp({
      host: config.host, port: config.port, tokens, logger, store, topology: new FileTopologyArchive(join(config.dataDir, "topology")),
      gateway, agentHub, clock: systemClock, rules, clusterLabel: config.clusterLabel, defaultCluster: clusterId,
      concurrency: config.concurrency, notifier: fanoutNotifier(notifiers, logger), shutdownGraceMs: opts.shutdownGraceMs, slackInteractions,
    });
    logger.info("kubesleuth local server listening", {
      url: app.url, clusterId, agent: config.agent, dataDir: config.dataDir, rules: config.rulesFile ?? "(defaults)", slack: !!config.slackToken,
    });
    return { app, logger, clusterId, tokenInfo };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export type { Report };
