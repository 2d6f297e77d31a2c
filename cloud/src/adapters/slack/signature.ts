/**
 * Slack request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{raw body}")).
 * Requests older (or newer) than 5 minutes are replays; the comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { KubesleuthError } from "../../../../shared/src/index.js";

export const REPLAY_WINDOW_SECONDS = 300;

export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return "v0=" + createHmac("sha256", signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest("hex");
}

/** Throws KubesleuthError("UNAUTHORIZED") unless the request is signed by Slack within the replay window. */
export function verifySlackSignature(o: {
  signingSecret: string;
  rawBody: Buffer | string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): void {
  if (!o.signingSecret) throw new KubesleuthError("CONFIG_INVALID", "Slack signing secret is not configured");
  if (!o.timestamp || !o.signature) throw new KubesleuthError("UNAUTHORIZED", "missing Slack signature headers");
  if (!/^\d{1,12}$/.test(o.timestamp)) throw new KubesleuthError("UNAUTHORIZED", "malformed Slack request timestamp");
  const age = Math.abs(o.now.getTime() / 1000 - Number(o.timestamp));
  if (age > (o.toleranceSeconds ?? REPLAY_WINDOW_SECONDS)) throw new KubesleuthError("UNAUTHORIZED", "stale Slack request (outside the 5-minute window)");
  if (!/^v0=[0-9a-f]{64}$/.test(o.signature)) throw new KubesleuthError("UNAUTHORIZED", "malformed Slack signature");
  const expected = Buffer.from(slackSignature(o.signingSecret, o.timestamp, o.rawBody), "utf8");
  const given = Buffer.from(o.signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new KubesleuthError("UNAUTHORIZED", "Slack signature does not match");
}
