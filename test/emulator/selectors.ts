/**
 * Label and field selectors with the grammar and semantics of k8s.io/apimachinery (labels.Parse, fields.ParseSelector)
 * and the per-kind field labels the API server supports (anything else is a 400, as on a real cluster).
 */
import { badRequest } from "./status.js";
import type { ResourceType } from "./resources.js";

export type LabelOp = "=" | "!=" | "in" | "notin" | "exists" | "!exists" | "gt" | "lt";
export interface LabelRequirement { key: string; op: LabelOp; values: string[] }
export type LabelSelector = LabelRequirement[];

const KEY_NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return KEY_NAME_RE.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN_RE.test(prefix) && KEY_NAME_RE.test(key.slice(slash + 1));
}

function checkKey(key: string): void {
  if (!validKey(key)) {
    throw badRequest(`unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  }
}

function checkValue(v: string): void {
  if (v.length > 63 || !VALUE_RE.test(v)) {
    throw badRequest(`unable to parse requirement: values[0][${v}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
  }
}

type Tok = { t: "id" | "op" | "(" | ")" | "," | "!" | "end"; v: string };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")" || c === ",") { out.push({ t: c, v: c }); i++; continue; }
    if (c === "!" && s[i + 1] === "=") { out.push({ t: "op", v: "!=" }); i += 2; continue; }
    if (c === "!") { out.push({ t: "!", v: "!" }); i++; continue; }
    if (c === "=" && s[i + 1] === "=") { out.push({ t: "op", v: "=" }); i += 2; continue; }
    if (c === "=" || c === "<" || c === ">") { out.push({ t: "op", v: c }); i++; continue; }
    let j = i;
    while (j < s.length && !/[\s(),!=<>]/.test(s[j]!)) j++;
    out.push({ t: "id", v: s.slice(i, j) });
    i = j;
  }
  out.push({ t: "end", v: "" });
  return out;
}

/** Parse a label selector string; the empty string selects everything. Throws a 400 ApiError on bad syntax. */
export function parseLabelSelector(input: string): LabelSelector {
  const toks = lex(input);
  let p = 0;
  const reqs: LabelSelector = [];
  const fail = (msg: string): never => { throw badRequest(`unable to parse requirement: ${msg}`); };
  const peek = () => toks[p]!;
  const next = () => toks[p++]!;
  if (peek().t === "end") return reqs;
  for (;;) {
    let tok = next();
    if (tok.t === "!") {
      const key = next();
      if (key.t !== "id") fail(`found '${key.v}', expected: identifier`);
      checkKey(key.v);
      reqs.push({ key: key.v, op: "!exists", values: [] });
    } else if (tok.t === "id") {
      const key = tok.v;
      checkKey(key);
      const op = peek();
      if (op.t === "," || op.t === "end") {
        reqs.push({ key, op: "exists", values: [] });
      } else if (op.t === "op") {
        next();
        const val = peek().t === "id" ? next().v : "";
        if (op.v === "<" || op.v === ">") {
          if (!/^-?\d+$/.test(val)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
          reqs.push({ key, op: op.v === ">" ? "gt" : "lt", values: [val] });
        } else {
          checkValue(val);
          reqs.push({ key, op: op.v === "!=" ? "!=" : "=", values: [val] });
        }
      } else if (op.t === "id" && (op.v === "in" || op.v === "notin")) {
        next();
        if (next().t !== "(") fail(`found '${toks[p - 1]!.v}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          tok = next();
          if (tok.t === "id") { checkValue(tok.v); values.push(tok.v); tok = next(); }
          else values.push("");
          if (tok.t === ")") break;
          if (tok.t !== ",") fail(`found '${tok.v}', expected: ',' or ')'`);
        }
        reqs.push({ key, op: op.v as LabelOp, values });
      } else {
        fail(`found '${op.v}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      fail(`found '${tok.v}', expected: !, identifier, or 'end of string'`);
    }
    const sep = next();
    if (sep.t === "end") return reqs;
    if (sep.t !== ",") fail(`found '${sep.v}', expected: ',' or 'end of string'`);
  }
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of sel) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key]! : undefined;
    switch (r.op) {
      case "=": case "in": if (!has || !r.values.includes(v!)) return false; break;
      case "!=": case "notin": if (has && r.values.includes(v!)) return false; break;
      case "exists": if (!has) return false; break;
      case "!exists": if (has) return false; break;
      case "gt": case "lt": {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = Number(v), bound = Number(r.values[0]);
        if (r.op === "gt" ? !(n > bound) : !(n < bound)) return false;
      }
    }
  }
  return true;
}

export interface FieldRequirement { field: string; op: "=" | "!="; value: string }

/** fields.ParseSelector: `a=b,c!=d`, with `\,` `\=` `\\` escapes. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (!input.trim()) return out;
  const terms: string[] = [];
  let cur = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === "\\" && i + 1 < input.length) { cur += c + input[++i]; continue; }
    if (c === ",") { terms.push(cur); cur = ""; continue; }
    cur += c;
  }
  terms.push(cur);
  const unescape = (s: string) => s.replace(/\\(.)/g, "$1");
  for (const term of terms) {
    // First unescaped operator splits field from value.
    let at = -1, opLen = 0;
    for (let i = 0; i < term.length; i++) {
      if (term[i] === "\\") { i++; continue; }
      if (term.startsWith("!=", i) || term.startsWith("==", i)) { at = i; opLen = 2; break; }
      if (term[i] === "=") { at = i; opLen = 1; break; }
    }
    const field = at > 0 ? unescape(term.slice(0, at)).trim() : "";
    if (!field) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    out.push({ field, op: term.startsWith("!=", at) ? "!=" : "=", value: unescape(term.slice(at + opLen)) });
  }
  return out;
}

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

/** Field label → value extractor per kind (pkg/registry/<kind>/strategy.go ToSelectableFields). */
const FIELDS: Record<string, Record<string, (o: any) => string>> = {
  Pod: {
    "spec.nodeName": (o) => str(o.spec?.nodeName),
    "spec.restartPolicy": (o) => str(o.spec?.restartPolicy),
    "spec.schedulerName": (o) => str(o.spec?.schedulerName),
    "spec.serviceAccountName": (o) => str(o.spec?.serviceAccountName),
    "spec.hostNetwork": (o) => String(!!o.spec?.hostNetwork),
    "status.phase": (o) => str(o.status?.phase),
    "status.podIP": (o) => str(o.status?.podIP),
    "status.nominatedNodeName": (o) => str(o.status?.nominatedNodeName),
  },
  Event: {
    "involvedObject.kind": (o) => str(o.involvedObject?.kind),
    "involvedObject.namespace": (o) => str(o.involvedObject?.namespace),
    "involvedObject.name": (o) => str(o.involvedObject?.name),
    "involvedObject.uid": (o) => str(o.involvedObject?.uid),
    "involvedObject.apiVersion": (o) => str(o.involvedObject?.apiVersion),
    "involvedObject.resourceVersion": (o) => str(o.involvedObject?.resourceVersion),
    "involvedObject.fieldPath": (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(o.source?.component),
    type: (o) => str(o.type),
  },
  Node: { "spec.unschedulable": (o) => String(!!o.spec?.unschedulable) },
  Namespace: { "status.phase": (o) => str(o.status?.phase) },
  Secret: { type: (o) => str(o.type) },
  ReplicaSet: { "status.replicas": (o) => str(o.status?.replicas ?? 0) },
  ReplicationController: { "status.replicas": (o) => str(o.status?.replicas ?? 0) },
  Job: { "status.successful": (o) => str(o.status?.succeeded ?? 0) },
  Service: { "spec.clusterIP": (o) => str(o.spec?.clusterIP), "spec.type": (o) => str(o.spec?.type) },
  PersistentVolumeClaim: {},
};

export type ObjectMatcher = (o: any) => boolean;

/** Compile a field selector for one resource type; unsupported field labels are a 400 like the real server. */
export function compileFieldSelector(t: ResourceType, reqs: FieldRequirement[]): ObjectMatcher | undefined {
  if (!reqs.length) return undefined;
  const extra = FIELDS[t.kind] ?? {};
  const getters = reqs.map((r) => {
    let get: ((o: any) => string) | undefined;
    if (r.field === "metadata.name") get = (o) => str(o.metadata?.name);
    else if (r.field === "metadata.namespace" && t.namespaced) get = (o) => str(o.metadata?.namespace);
    else get = extra[r.field];
    if (!get) throw badRequest(`field label not supported: ${r.field}`);
    return { get, r };
  });
  return (o) => getters.every(({ get, r }) => (get(o) === r.value) === (r.op === "="));
}
