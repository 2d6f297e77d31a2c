/**
 * `pods/log` from PodLogs fixtures, with the kubelet's option semantics (sinceSeconds/sinceTime, then tailLines,
 * then limitBytes) and the API server's 400 messages for invalid containers and missing previous logs.
 */
import type { KubeObject, PodLogs } from "../../shared/src/index.js";
import { badRequest } from "./status.js";

const TS_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s?/;

export interface LogOptions {
  container?: string;
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps: boolean;
}

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === "") return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  if (v < min) {
    const what = name === "tailLines" ? "tailLines must be greater than or equal to 0" : `${name} must be greater than ${min - 1}`;
    throw badRequest(`PodLogOptions "" is invalid: ${name}: Invalid value: ${v}: ${what}`);
  }
  return v;
}

export function parseLogOptions(q: URLSearchParams): LogOptions {
  const bool = (name: string) => q.get(name) === "true" || q.get(name) === "1";
  const sinceSeconds = intParam(q, "sinceSeconds", 1);
  const sinceTime = q.get("sinceTime") ?? undefined;
  if (sinceSeconds !== undefined && sinceTime) throw badRequest(`PodLogOptions "" is invalid: sinceSeconds: Forbidden: at most one of sinceTime or sinceSeconds may be specified`);
  return {
    container: q.get("container") || undefined,
    previous: bool("previous"),
    tailLines: intParam(q, "tailLines", 0),
    limitBytes: intParam(q, "limitBytes", 1),
    sinceSeconds,
    sinceTime,
    timestamps: bool("timestamps"),
  };
}

/** The container whose log is read: the named one, or the only one (the server does not pick a default). */
function resolveContainer(pod: KubeObject, requested: string | undefined): { name: string; status: any } {
  const podName = pod.metadata.name;
  const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: any) => c.name);
  let name = requested;
  if (!name) {
    if (containers.length === 1) name = containers[0]!;
    else {
      let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`;
      if (inits.length) msg += ` or one of the init containers: [${inits.join(" ")}]`;
      if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(" ")}]`;
      throw badRequest(msg);
    }
  }
  if (![...containers, ...inits, ...ephemeral].includes(name)) throw badRequest(`container ${name} is not valid for pod ${podName}`);
  const st = pod.status ?? {};
  const status = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find((s: any) => s.name === name);
  return { name, status };
}

/** The log text served for one request. `now` is the emulator's clock (the scenario's `now`), for sinceSeconds. */
export function readPodLog(pod: KubeObject, logs: PodLogs | undefined, opts: LogOptions, now: number): string {
  const { name, status } = resolveContainer(pod, opts.container);
  const entry = logs?.containers[name];
  let text: string | undefined;
  if (opts.previous) {
    text = entry?.previous;
    if (text === undefined) throw badRequest(`previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
  } else {
    text = entry?.current;
    if (text === undefined) {
      const waiting = status?.state?.waiting;
      if (waiting && !status?.lastState?.terminated && !status?.state?.running) {
        throw badRequest(`container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${waiting.reason ?? "ContainerCreating"}`);
      }
      if (!status && pod.status?.phase === "Pending") {
        throw badRequest(`container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
      }
      text = "";
    }
  }
  return shapeLog(text, opts, now);
}

/** Apply since/tail/limitBytes/timestamps to a log text (lines without their own timestamp inherit the previous one). */
export function shapeLog(text: string, opts: Pick<LogOptions, "sinceSeconds" | "sinceTime" | "tailLines" | "limitBytes" | "timestamps">, now: number): string {
  if (!text) return "";
  let lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  let stamps: (number | undefined)[] | undefined;
  const needStamps = opts.sinceSeconds !== undefined || !!opts.sinceTime || opts.timestamps;
  if (needStamps) {
    let last: number | undefined;
    stamps = lines.map((l) => {
      const m = TS_RE.exec(l);
      if (m) { const t = Date.parse(m[1]!); if (!Number.isNaN(t)) last = t; }
      return last;
    });
  }
  const cutoff = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : opts.sinceTime ? Date.parse(opts.sinceTime) : undefined;
  if (cutoff !== undefined && stamps) {
    const keep = lines.map((_, i) => stamps![i] === undefined || stamps![i]! >= cutoff);
    lines = lines.filter((_, i) => keep[i]);
    stamps = stamps.filter((_, i) => keep[i]);
  }
  if (opts.tailLines !== undefined) {
    const from = Math.max(0, lines.length - opts.tailLines);
    lines = lines.slice(from);
    stamps = stamps?.slice(from);
  }
  if (opts.timestamps && stamps) {
    lines = lines.map((l, i) => `${new Date(stamps![i] ?? now).toISOString().replace("Z", "000000Z")} ${l}`);
  }
  let out = lines.length ? `${lines.join("\n")}\n` : "";
  if (opts.limitBytes !== undefined) {
    const buf = Buffer.from(out, "utf8");
    if (buf.length > opts.limitBytes) out = buf.subarray(0, opts.limitBytes).toString("utf8");
  }
  return out;
}
