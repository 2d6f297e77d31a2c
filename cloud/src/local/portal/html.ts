/**
 * Auto-escaping HTML templates. Every interpolated value is escaped unless it is SafeHtml produced by this
 * module, so a label value like `<img onerror=...>` can only ever render as text. Pages also ship with a CSP
 * that forbids inline script, as a second line of defence.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESC[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return "";
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeHtml(String(v));
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. Attribute values must be quoted in the template. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** For text that is already trusted markup built by this module's callers from constants only. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** A URL path segment (ids in links). */
export function pathSegment(s: string): string {
  return encodeURIComponent(s);
}
