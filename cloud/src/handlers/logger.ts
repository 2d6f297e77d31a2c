/**
 * Powertools logger whose every line passes through the redaction rules: sensitive field names are replaced,
 * strings are masked (tokens, passwords, keys), and the exact secret values loaded at runtime are masked
 * wherever they appear (addSecret). Errors keep their name/code/message, never a raw SDK dump with headers.
 */
import { Logger, LogFormatter, LogItem } from "@aws-lambda-powertools/logger";
import { MASK, isSensitiveName, maskText } from "../../../shared/src/index.js";

const known = new Set<string>();

/** Mask this exact value in every log line from now on (secrets read from Secrets Manager). */
export function addSecret(value: string): void {
  for (const v of value.split(/[\n,]/).map((s) => s.trim())) if (v.length >= 4) known.add(v);
}

export function scrubText(s: string): string {
  let out = maskText(s);
  for (const secret of known) out = out.split(secret).join(MASK);
  return out;
}

function scrub(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrubText(v);
  if (v instanceof Error) {
    return { name: v.name, message: scrubText(v.message), ...("code" in v ? { code: (v as { code: unknown }).code } : {}), ...(v.stack ? { stack: scrubText(v.stack.split("\n").slice(0, 6).join("\n")) } : {}) };
  }
  if (v === null || typeof v !== "object" || depth > 8) return v;
  if (Array.isArray(v)) return v.slice(0, 100).map((x) => scrub(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = isSensitiveName(k) ? MASK : scrub(x, depth + 1);
  return out;
}

class MaskingFormatter extends LogFormatter {
  override formatAttributes(attributes: any, additional: Record<string, unknown>): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: scrubText(String(attributes.message ?? "")),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        cold_start: attributes.lambdaContext?.coldStart,
      },
    }).addAttributes(scrub(additional) as Record<string, unknown>);
  }
}

export function createLogger(service: string): Logger {
  return new Logger({ serviceName: `kubesleuth-${service}`, logFormatter: new MaskingFormatter() });
}
