/**
 * SQS body encoding of a result: base64 of gzip-compressed JSON (cloud/src/adapters/aws/codec.ts
 * decodeMessageBody reads it, and plain JSON too). Compression buys headroom; the size cap (fit.ts) already
 * guarantees the uncompressed JSON fits.
 */
import { gunzipSync, gzipSync } from "node:zlib";

export function encodeBody(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), "utf8"), { level: 6 }).toString("base64");
}

export function decodeBody(body: string): unknown {
  const t = body.trimStart();
  if (t.startsWith("{") || t.startsWith("[")) return JSON.parse(t);
  return JSON.parse(gunzipSync(Buffer.from(t, "base64"), { maxOutputLength: 16 * 1024 * 1024 }).toString("utf8"));
}
