/**
 * Local mode assembled: store + in-process queue (bounded concurrency) + investigation worker + HTTP server.
 * Start order: recover what a previous process left (crash recovery), then accept webhooks.
 * Shutdown order: stop accepting, let running investigations finish within a grace period (what does not
 * finish stays `running`/`queued` in the store and is resumed by the next start), then close the store.
 */
import type { TopologyGraph } from "../../../shared/src/index.js";
import { MemoryQueue } from "../adapters/memory/memory-queue.js";
import type { IntakeDeps } from "../core/intake/index.js";
import type { Clock, ClusterGateway, InvestigationStore, Notifier } from "../core/ports.js";
import type { RuleSet } from "../core/rules/index.js";
import type { AgentHub } from "./agent-hub.js";
import type { Logger } from "./logger.js";
import { startLocalServer, type LocalServer, type LocalServerOptions } from "./server.js";
import { recordingGateway, type TopologyArchive } from "./topology-archive.js";
import { createWorker, recoverOnStart, type WorkerDeps } from "./worker.js";

export interface LocalAppOptions {
  host: string;
  port: number;
  tokens: string[];
  logger: Logger;
  store: InvestigationStore & { close?(): Promise<void> };
  topology: TopologyArchive;
  /** Routes commands to the cluster's agent (in-process agent, or the AgentHub's gateway). */
  gateway: ClusterGateway;
  agentHub?: AgentHub;
  /** The investigation's clock (a scenario's `now` in the demo). */
  clock: Clock;
  wallClock?: Clock;
  rules: RuleSet;
  clusterLabel: string;
  defaultCluster: string;
  concurrency: number;
  notifier: Notifier;
  engineConfig?: WorkerDeps["engineConfig"];
  /** Longest wait for running investigations at shutdown. */
  shutdownGraceMs?: number;
  /** POST /slack/interactions handler (feedback buttons) when Slack is configured with a signing secret. */
  slackInteractions?: LocalServerOptions["slackInteractions"];
}

export interface LocalApp {
  server: LocalServer;
  url: string;
  store: InvestigationStore;
  queue: MemoryQueue;
  /** Resolves when nothing is queued or running in this process. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalApp(o: LocalAppOptions): Promise<LocalApp> {
  const log = o.logger;
  const queue = new MemoryQueue(o.concurrency);
  let stopping = false;
  const gateway = recordingGateway(o.gateway, o.topology, (e) => log.warn("could not keep the topology for the portal", { error: e }));
  const intake: IntakeDeps = {
    store: o.store, queue, notifier: o.notifier, clock: o.clock, rules: o.rules,
    config: { clusterLabel: o.clusterLabel, defaultCluster: o.defaultCluster },
  };
  const workerDeps: WorkerDeps = {
    store: o.store, queue, gateway, notifier: o.notifier, clock: o.clock, wallClock: o.wallClock, rules: o.rules, logger: log,
    engineConfig: o.engineConfig,
  };
  const work = createWorker(workerDeps);
  queue.subscribe(
    async (id) => {
      // During shutdown nothing new starts: the record stays queued and the next start resumes it.
      if (stopping) return;
      await work(id);
    },
    (id, e) => (stopping
      ? log.info("investigation interrupted by shutdown: the next start resumes it", { investigationId: id })
      : log.error("investigation worker failed", { investigationId: id, error: e })),
  );
  await recoverOnStart(workerDeps);

  const server = await startLocalServer({
    host: o.host, port: o.port, tokens: o.tokens, intake, logger: log, agentHub: o.agentHub, slackInteractions: o.slackInteractions,
    topology: (id: string): Promise<TopologyGraph | undefined> => o.topology.load(id),
    // SNS SubscriptionConfirmation: the normalizer has validated the URL (https, an SNS host).
    confirmSubscription: async (url) => {
      const r = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
      if (!r.ok) throw new Error(`SNS answered ${r.status}`);
      log.info("SNS subscription confirmed");
    },
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    url: server.url,
    store: o.store,
    queue,
    idle: () => queue.idle(),
    close: () => {
      closing ??= (async () => {
        await server.close();
        stopping = true;
        const grace = o.shutdownGraceMs ?? 25_000;
        const finished = await Promise.race([queue.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), grace).unref())]);
        if (!finished) log.warn("shutdown: investigations still running were left for the next start to resume", { graceMs: grace });
        // Store first: an investigation cut short must stay `running` on disk (resumed by the next start), not be
        // persisted as a partial report blaming the transport we are tearing down.
        await o.store.close?.();
        o.agentHub?.close();
      })();
      return closing;
    },
  };
}
