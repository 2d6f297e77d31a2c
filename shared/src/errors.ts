/** Typed errors: every error the product raises carries a stable code and, where there is one, its cause. */
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_SOURCE: 404,
  CONFIG_INVALID: 500,
  STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  AGENT_TIMEOUT: 504,
  AGENT_ERROR: 502,
  MODEL_ERROR: 502,
  NOTIFIER_ERROR: 502,
  SCENARIO_INVALID: 500,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class KubesleuthError extends Error {
  readonly code: ErrorCode;
  /** HTTP status an edge handler answers with. 4xx: the sender must fix it; 5xx: retry. */
  readonly status: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubesleuthError";
    this.code = code;
    this.status = ERROR_CODES[code];
  }
  /** Transient errors are worth a retry by the sender (5xx). */
  get transient(): boolean {
    return this.status >= 500;
  }
}

export function isKubesleuthError(e: unknown): e is KubesleuthError {
  return e instanceof KubesleuthError;
}

/** Human message of any thrown value, with zod issues flattened to `path: message`. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === "object" && "issues" in e && Array.isArray((e as any).issues)) {
    return (e as any).issues.map((i: any) => `${(i.path ?? []).join(".") || "(root)"}: ${i.message}`).join("; ");
  }
  return e instanceof Error ? e.message : String(e);
}
