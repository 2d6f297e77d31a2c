/** API Gateway HTTP API (payload v2) in and out: the subset the handlers read, validated with zod. */
import { z } from "zod";
import { ERROR_CODES, errorMessage, isKubesleuthError } from "../../../shared/src/index.js";

export const HttpEventSchema = z.object({
  version: z.literal("2.0").optional(),
  rawPath: z.string().default("/"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({ requestId: z.string().optional(), http: z.object({ method: z.string() }).partial().optional() }).partial().optional(),
});
export type HttpEvent = z.infer<typeof HttpEventSchema>;

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/** Header lookup; API Gateway lower-cases names but tests and other fronts may not. */
export function header(e: HttpEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(e.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Raw body bytes (decoding base64 when API Gateway did so). */
export function rawBody(e: HttpEvent): Buffer {
  if (e.body === undefined) return Buffer.alloc(0);
  return e.isBase64Encoded ? Buffer.from(e.body, "base64") : Buffer.from(e.body, "utf8");
}

/**
 * Typed errors keep their status (4xx: the sender must fix it; 5xx: it should retry); anything else is a 500.
 * Transient failures carry Retry-After so well-behaved senders back off.
 */
export function errorResponse(e: unknown): HttpResult {
  if (isKubesleuthError(e)) {
    return json(e.status, { error: e.code, message: e.message }, e.status === 503 ? { "retry-after": "5" } : {});
  }
  return json(ERROR_CODES.INTERNAL, { error: "INTERNAL", message: errorMessage(e).slice(0, 500) });
}
