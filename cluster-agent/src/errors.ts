/** Errors a command handler raises on purpose; API errors (K8sApiError) are mapped in agent.ts. */
import type { AgentErrorCode } from "../../shared/src/index.js";

export class CommandError extends Error {
  constructor(readonly code: AgentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CommandError";
  }
}
