/**
 * events.list: events of one object (field selector on involvedObject) or of one namespace (bounded), newest
 * first, messages masked. A cluster-wide list of every event is not offered.
 */
import { K8sNameSchema, KindSchema, maskText, type CommandOf, type EventSummary, type KubeObject } from "../../../shared/src/index.js";
import { CommandError } from "../errors.js";
import type { Reader } from "../k8s/reader.js";

/** One page, at least this big, so "newest first" is computed over more than the requested count. */
const PAGE = 500;

export async function listEvents(r: Reader, p: CommandOf<"events.list">["params"]): Promise<{ events: EventSummary[]; warnings: string[] }> {
  if (!p.namespace && !p.involvedObject) throw new CommandError("INVALID_COMMAND", "events.list needs a namespace or an involvedObject: cluster-wide event lists are not read");
  const fields: string[] = [];
  if (p.involvedObject) {
    fields.push(`involvedObject.name=${p.involvedObject.name}`);
    if (p.involvedObject.kind) fields.push(`involvedObject.kind=${p.involvedObject.kind}`);
    if (p.involvedObject.uid) fields.push(`involvedObject.uid=${p.involvedObject.uid}`);
  }
  const res = await r.list("Event", p.namespace, { fieldSelector: fields.length ? fields.join(",") : undefined, limit: Math.max(PAGE, p.limit) });
  const warnings: string[] = [];
  if (res.continue) warnings.push(`more than ${Math.max(PAGE, p.limit)} events: only the first page was read`);
  const events: EventSummary[] = [];
  for (const e of res.items) {
    const s = summarize(e);
    if (s) events.push(s);
  }
  events.sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""));
  if (events.length > p.limit) warnings.push(`${events.length - p.limit} older events left out (limit ${p.limit})`);
  return { events: events.slice(0, p.limit), warnings };
}

export function summarize(e: KubeObject): EventSummary | undefined {
  const io = e.involvedObject ?? e.regarding ?? {};
  if (!KindSchema.safeParse(io.kind).success || !K8sNameSchema.safeParse(io.name).success) return undefined;
  const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? undefined;
  const last = e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? first;
  const src = e.source?.component ?? e.reportingComponent ?? undefined;
  return {
    type: String(e.type ?? "Normal"),
    reason: String(e.reason ?? ""),
    message: maskText(String(e.message ?? e.note ?? "")),
    count: Math.max(1, Number(e.count ?? e.series?.count ?? 1) || 1),
    ...(first ? { firstTimestamp: String(first) } : {}),
    ...(last ? { lastTimestamp: String(last) } : {}),
    involvedObject: {
      kind: io.kind, name: io.name,
      ...(io.namespace && K8sNameSchema.safeParse(io.namespace).success ? { namespace: io.namespace } : {}),
      ...(io.uid ? { uid: String(io.uid) } : {}),
      ...(io.fieldPath ? { fieldPath: String(io.fieldPath) } : {}),
    },
    ...(src ? { source: String(src) } : {}),
  };
}
