/**
 * Compact storage encoding: JSON, gzip-compressed. DynamoDB items are capped at 400 KB and investigation
 * records carry reports with evidence, so documents are stored compressed and, when still too large,
 * in chunks (see dynamo-results.ts).
 */
import { gunzipSync, gzipSync } from "node:zlib";

export function pack(value: unknown): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify(value), "utf8"), { level: 6 });
}

export function unpack<T>(bytes: Uint8Array): T {
  return JSON.parse(gunzipSync(bytes).toString("utf8")) as T;
}

/**
 * An SQS message body carrying JSON: either plain JSON text, or base64 of gzip-compressed JSON (what a sender
 * uses to fit large evidence into one message). Throws on anything else.
 */
export function decodeMessageBody(body: string): unknown {
  const trimmed = body.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return JSON.parse(trimmed);
  const bytes = Buffer.from(trimmed, "base64");
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return JSON.parse(gunzipSync(bytes, { maxOutputLength: 16 * 1024 * 1024 }).toString("utf8"));
  throw new SyntaxError("message body is neither JSON nor base64 gzip JSON");
}
