/**
 * logs.read: a container's current or previous log, tail- and byte-capped, credentials masked.
 * The byte cap keeps the NEWEST bytes. The API server's limitBytes keeps the OLDEST bytes of the tail window
 * (it would cut the crash off), so the server only gets a generous safety cap; when a window of very long
 * lines still hits it, the agent asks again for fewer lines instead of returning a log without its end.
 */
import { TRUNCATION_MARKER, maskText, type CommandOf, type LogsData } from "../../../shared/src/index.js";
import { CommandError } from "../errors.js";
import { K8sApiError } from "../k8s/errors.js";
import type { Reader } from "../k8s/reader.js";

const SERVER_LIMIT_FACTOR = 16;
const SERVER_LIMIT_MIN = 1024 * 1024;
const SERVER_LIMIT_MAX = 8 * 1024 * 1024;
const MAX_ATTEMPTS = 3;

export interface LogsOutcome {
  data: LogsData;
  warnings: string[];
}

export async function readLogs(r: Reader, p: CommandOf<"logs.read">["params"]): Promise<LogsOutcome> {
  let container = p.container;
  if (!container) {
    const pod = await r.get("Pod", p.namespace, p.pod);
    container = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"] ?? pod.spec?.containers?.[0]?.name;
    if (!container) throw new CommandError("NOT_FOUND", `pod ${p.namespace}/${p.pod} has no containers`);
  }
  const base = { namespace: p.namespace, pod: p.pod, container, previous: p.previous };
  const serverLimit = Math.min(SERVER_LIMIT_MAX, Math.max(SERVER_LIMIT_MIN, p.limitBytes * SERVER_LIMIT_FACTOR));
  const warnings: string[] = [];
  let raw = "";
  try {
    for (let attempt = 0, tailLines = p.tailLines; attempt < MAX_ATTEMPTS; attempt++, tailLines = Math.max(1, Math.floor(tailLines / 8))) {
      raw = await r.logs(p.namespace, p.pod, { container, previous: p.previous || undefined, tailLines, sinceSeconds: p.sinceSeconds, limitBytes: serverLimit });
      if (Buffer.byteLength(raw) < serverLimit) break;
      if (attempt === MAX_ATTEMPTS - 1 || tailLines === 1) warnings.push(`log lines too long: the newest part of the log may be missing (${serverLimit} bytes read)`);
    }
  } catch (e) {
    if (e instanceof K8sApiError && e.status === 400) {
      // The API server's words: "previous terminated container ... not found", "container ... is not valid for pod ...",
      // "container ... is waiting to start: ContainerCreating". The first two mean there is no such log.
      if (/is waiting to start|ContainerCreating|PodInitializing/i.test(e.message)) {
        return { data: { ...base, text: "", truncated: false }, warnings: [maskText(e.message)] };
      }
      throw new CommandError("NOT_FOUND", maskText(e.message), { cause: e });
    }
    throw e;
  }
  return { data: { ...base, ...capLog(maskText(raw), p.limitBytes) }, warnings };
}

/** Keeps the last `limitBytes` bytes, cut at a line boundary, behind a marker line. */
export function capLog(text: string, limitBytes: number): { text: string; truncated: boolean } {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= limitBytes) return { text, truncated: false };
  const budget = Math.max(0, limitBytes - Buffer.byteLength(TRUNCATION_MARKER) - 1);
  let tail = buf.subarray(buf.length - budget).toString("utf8");
  if (tail.startsWith("\uFFFD")) tail = tail.slice(1); // split inside a multi-byte character
  const nl = tail.indexOf("\n");
  if (nl >= 0 && nl < tail.length - 1) tail = tail.slice(nl + 1);
  return { text: `${TRUNCATION_MARKER}\n${tail}`, truncated: true };
}
