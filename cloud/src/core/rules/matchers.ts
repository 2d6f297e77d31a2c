/**
 * Alertmanager-style matchers: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`. Regexes are anchored
 * (whole value), a missing label matches as "" (so `team=""` means "no team label"), as in Alertmanager.
 * Names `source`, `cluster`, `namespace`, `alertname`, `severity`, `status` read the normalized alert;
 * any other name reads the alert's labels.
 */
import type { NormalizedAlert } from "../../../../shared/src/index.js";

export type MatchOp = "=" | "!=" | "=~" | "!~";
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  re?: RegExp;
  /** As written, for reasons ("matched severity=~\"info|none\""). */
  text: string;
}

export const ALERT_FIELDS = ["source", "cluster", "namespace", "alertname", "severity", "status"] as const;
const MATCHER_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*$/;

/** Parse one matcher; throws Error with a human message (the rule loader adds line and field). */
export function parseMatcher(text: string): Matcher {
  const m = MATCHER_RE.exec(text);
  if (!m) throw new Error(`bad matcher ${JSON.stringify(text)}: expected name="value", name!="value", name=~"regex" or name!~"regex"`);
  const [, name, op, quoted, bare] = m;
  const value = quoted !== undefined ? JSON.parse(`"${quoted}"`) as string : bare!;
  const matcher: Matcher = { name: name!, op: op as MatchOp, value, text: text.trim() };
  if (op === "=~" || op === "!~") {
    try {
      matcher.re = new RegExp(`^(?:${value})$`);
    } catch (e) {
      throw new Error(`bad regex in matcher ${JSON.stringify(text)}: ${(e as Error).message}`);
    }
  }
  return matcher;
}

/** Equality map form (`{severity: critical}`) → matchers. */
export function equalityMatchers(map: Record<string, string>): Matcher[] {
  return Object.entries(map).map(([name, value]) => ({ name, op: "=" as const, value, text: `${name}=${JSON.stringify(value)}` }));
}

export function fieldValue(alert: NormalizedAlert, name: string): string {
  if ((ALERT_FIELDS as readonly string[]).includes(name)) return (alert as Record<string, unknown>)[name] as string | undefined ?? "";
  return Object.hasOwn(alert.labels, name) ? alert.labels[name]! : "";
}

export function matchOne(m: Matcher, alert: NormalizedAlert): boolean {
  const v = fieldValue(alert, m.name);
  switch (m.op) {
    case "=": return v === m.value;
    case "!=": return v !== m.value;
    case "=~": return m.re!.test(v);
    case "!~": return !m.re!.test(v);
  }
}

/** All matchers must hold (an empty list matches everything). */
export function matchAll(ms: Matcher[], alert: NormalizedAlert): boolean {
  return ms.every((m) => matchOne(m, alert));
}
