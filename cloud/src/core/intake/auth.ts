/**
 * Webhook authentication shared by the Lambda handler and the local server: `Authorization: Bearer <token>`
 * or Basic auth (any user name, the token as password — what Alertmanager's basic_auth, Grafana and SNS
 * `https://user:token@host/` URLs send). Constant-time: both sides are hashed to equal-length digests first.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Largest webhook body accepted; larger ones get 413 (PAYLOAD_TOO_LARGE) before any parsing. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The credential an Authorization header carries, or undefined when absent or malformed. */
export function presentedToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || value.length > 8192) return undefined;
  const m = /^\s*(Bearer|Basic)\s+(\S+)\s*$/i.exec(value);
  if (!m) return undefined;
  if (m[1]!.toLowerCase() === "bearer") return m[2];
  let decoded: string;
  try {
    decoded = Buffer.from(m[2]!, "base64").toString("utf8");
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * True when the header carries one of the accepted tokens (several allow rotation). An empty token list
 * accepts nothing: an unconfigured deployment must not be open.
 */
export function checkWebhookAuth(header: string | string[] | undefined, tokens: readonly string[]): boolean {
  const presented = presentedToken(header);
  const valid = tokens.filter((t) => t.length > 0);
  if (presented === undefined || valid.length === 0) return false;
  let ok = false;
  for (const t of valid) ok = safeEqual(presented, t) || ok; // no early exit: same work whichever token matches
  return ok;
}

/** Body size check on the raw bytes (or the Content-Length the edge saw). */
export function tooLarge(bytes: number, max = MAX_WEBHOOK_BYTES): boolean {
  return !Number.isFinite(bytes) || bytes > max;
}
