/** JSON lines on stdout, with credentials masked: every message and string field goes through maskText. */
import { maskText } from "../../shared/src/index.js";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function clean(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return maskText(v);
  if (v instanceof Error) return { name: v.name, message: maskText(v.message) };
  if (!v || typeof v !== "object" || depth > 4) return v;
  if (Array.isArray(v)) return v.map((x) => clean(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x, depth + 1)]));
}

export function createLogger(o: { level?: Level; base?: Record<string, unknown>; write?: (line: string) => void; secrets?: string[] } = {}): Logger {
  const min = ORDER[o.level ?? "info"];
  const write = o.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = (o.secrets ?? []).filter((s) => s.length >= 4);
  const log = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    let line = JSON.stringify({ time: new Date().toISOString(), level, msg: maskText(msg), ...(clean(o.base ?? {}) as object), ...(clean(fields ?? {}) as object) });
    for (const s of secrets) line = line.split(s).join("****");
    write(line);
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}
