/**
 * Redaction shared by the agent (before anything leaves the cluster), the cloud (before logging or
 * prompting a model) and the snapshot command. Masking is deliberately greedy: a false positive costs
 * a little evidence, a false negative leaks a credential into Slack.
 */
export const MASK = "****";

const SENSITIVE_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|auth|session|cookie|dsn|conn(ection)?[-_]?string)/i;

const SENSITIVE_KEY = "(?:pass(?:word|wd)?|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|client[-_]?secret)";

const TEXT_RULES: Array<[RegExp, string]> = [
  // PEM private keys, whole block
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, `-----BEGIN PRIVATE KEY-----${MASK}-----END PRIVATE KEY-----`],
  // Authorization headers
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|token)?\s*[^\s"',;]+/gi, `$1$2$3 ${MASK}`],
  // bare bearer tokens
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // credentials in URLs: scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):([^\s@/]+)@/gi, `$1:${MASK}@`],
  // key="quoted value" / key: 'quoted value' where the key looks sensitive (values may hold spaces)
  [new RegExp(`((?:["']?)[\\w.-]*${SENSITIVE_KEY}[\\w.-]*["']?\\s*[:=]\\s*)(["'])(?!\\*\\*\\*\\*)[^"'\\n]*\\2`, "gi"), `$1$2${MASK}$2`],
  // key=value / key: value where the key looks sensitive
  [new RegExp(`((?:["']?)[\\w.-]*${SENSITIVE_KEY}[\\w.-]*["']?\\s*[:=]\\s*)([^\\s"',;&}]+)`, "gi"), `$1${MASK}`],
  // AWS access key ids and JWTs, wherever they appear
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, MASK],
  // Slack, GitHub and generic provider tokens
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, MASK],
  [/\bsk-[A-Za-z0-9_-]{20,}\b/g, MASK],
];

/** Mask credentials in free text (log lines, messages). Idempotent. */
export function maskText(text: string): string {
  let out = text;
  for (const [re, rep] of TEXT_RULES) out = out.replace(re, rep);
  return out;
}

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/**
 * Sanitize a Kubernetes object before it leaves the cluster:
 * Secret values dropped (keys kept, values replaced by MASK), inline env values with sensitive names masked,
 * last-applied-configuration removed (it can embed a Secret), free-text masked in annotations.
 * Returns a deep copy; never mutates the input.
 */
export function sanitizeObject<T>(obj: T): T {
  const copy = structuredClone(obj) as any;
  if (!copy || typeof copy !== "object") return copy;
  if (copy.kind === "Secret") {
    for (const field of ["data", "stringData"]) {
      if (copy[field] && typeof copy[field] === "object") {
        copy[field] = Object.fromEntries(Object.keys(copy[field]).map((k) => [k, MASK]));
      }
    }
  }
  const ann = copy.metadata?.annotations;
  if (ann && typeof ann === "object") {
    delete ann["kubectl.kubernetes.io/last-applied-configuration"];
    for (const k of Object.keys(ann)) if (typeof ann[k] === "string") ann[k] = maskText(ann[k]);
  }
  maskEnvDeep(copy);
  return copy;
}

/** Walk pod templates / pod specs wherever they appear and mask sensitive inline env values. */
function maskEnvDeep(node: any, depth = 0): void {
  if (!node || typeof node !== "object" || depth > 12) return;
  if (Array.isArray(node)) {
    for (const item of node) maskEnvDeep(item, depth + 1);
    return;
  }
  if (Array.isArray(node.env)) {
    for (const e of node.env) {
      if (e && typeof e.value === "string") e.value = isSensitiveName(String(e.name ?? "")) ? MASK : maskText(e.value);
    }
  }
  if (Array.isArray(node.args)) node.args = node.args.map((a: unknown) => (typeof a === "string" ? maskText(a) : a));
  if (Array.isArray(node.command)) node.command = node.command.map((a: unknown) => (typeof a === "string" ? maskText(a) : a));
  for (const [k, v] of Object.entries(node)) {
    if (k === "env" || k === "args" || k === "command") continue;
    if (v && typeof v === "object") maskEnvDeep(v, depth + 1);
  }
}
