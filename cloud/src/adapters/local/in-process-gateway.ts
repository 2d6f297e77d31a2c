/**
 * ClusterGateway over an agent in this process (local mode, eval, tests): the command goes straight to the
 * agent's handler, with the same deadline contract as the SQS gateway: no result by `command.deadline` →
 * KubesleuthError AGENT_TIMEOUT; a handler that throws → AGENT_ERROR. The agent validates the command itself
 * (an invalid one comes back as an INVALID_COMMAND result, as it would over SQS).
 */
import { KubesleuthError, errorMessage, type AgentCommandInput, type AgentResult } from "../../../../shared/src/index.js";
import { systemClock, type Clock, type ClusterGateway } from "../../core/ports.js";

export interface AgentHandler {
  handle(raw: unknown): Promise<AgentResult>;
}

export class InProcessGateway implements ClusterGateway {
  private readonly clock: Clock;

  constructor(private readonly agent: AgentHandler, opts: { clock?: Clock } = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async execute(command: AgentCommandInput): Promise<AgentResult> {
    const deadline = Date.parse(String(command?.deadline));
    const left = Number.isFinite(deadline) ? deadline - this.clock.now().getTime() : Number.POSITIVE_INFINITY;
    const what = `${String(command?.kind)} command ${String(command?.id)}`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (left === Number.POSITIVE_INFINITY) return;
      timer = setTimeout(() => reject(new KubesleuthError("AGENT_TIMEOUT", `no result for ${what} by its deadline ${command.deadline}`)), Math.max(0, left));
    });
    try {
      // A structured copy: the agent must not see (or mutate) the caller's object.
      const run = this.agent.handle(structuredClone(command)).catch((e: unknown) => {
        throw new KubesleuthError("AGENT_ERROR", `the in-process agent failed on ${what}: ${errorMessage(e)}`, { cause: e });
      });
      return await Promise.race([run, timeout]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  close(): void {
    /* nothing to release: the agent has no connections of its own beyond per-request sockets */
  }
}
