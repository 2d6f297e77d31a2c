/**
 * Structured JSON logs for the local server, one object per line on stderr (stdout stays for what a person
 * reads: the report). Credentials never reach a log line: fields whose name looks sensitive are replaced,
 * every string is passed through maskText, and known secrets (the webhook token, the Slack token) are
 * masked wherever they appear.
 */
import { MASK, isSensitiveName, maskText } from "../../../shared/src/index.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Exact secret values to mask wherever they appear. */
  secrets?: string[];
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const write = opts.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const scrub = (s: string): string => {
    let out = maskText(s);
    for (const secret of secrets) out = out.split(secret).join(MASK);
    return out;
  };
  const clean = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return scrub(v);
    if (v instanceof Error) return { name: v.name, message: scrub(v.message), ...("code" in v ? { code: (v as { code: unknown }).code } : {}) };
    if (v === null || typeof v !== "object") return v;
    if (depth > 6) return "[deep]";
    if (Array.isArray(v)) return v.slice(0, 50).map((x) => clean(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = isSensitiveName(k) && typeof x === "string" ? MASK : clean(x, depth + 1);
    return out;
  };
  const make = (base: Record<string, unknown>): Logger => {
    const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const entry = { time: new Date().toISOString(), level, msg: scrub(msg), ...(clean({ ...base, ...fields }, 0) as object) };
      write(JSON.stringify(entry));
    };
    return {
      debug: (m, f) => log("debug", m, f),
      info: (m, f) => log("info", m, f),
      warn: (m, f) => log("warn", m, f),
      error: (m, f) => log("error", m, f),
      child: (f) => make({ ...base, ...f }),
    };
  };
  return make(opts.base ?? {});
}

export const silentLogger: Logger = createLogger({ write: () => {} });
