/**
 * A small Go text/template + Sprig-subset renderer, enough to render this chart's templates in tests without
 * the helm binary: actions with trim markers, comments, if / else if / else, with, range (with variables),
 * define / include, variables (:= and =), pipelines, parentheses, and the functions the templates use.
 * Deliberately strict: an unknown function or construct throws, so a template drifting outside the subset is
 * noticed here rather than by a user's `helm template`.
 */
import { parse as parseYaml, parseDocument, stringify } from "yaml";

type Node =
  | { t: "text"; v: string }
  | { t: "action"; pipe: Pipeline }
  | { t: "if"; branches: { cond: Pipeline; body: Node[] }[]; else?: Node[] }
  | { t: "with"; pipe: Pipeline; body: Node[]; else?: Node[] }
  | { t: "range"; vars: string[]; pipe: Pipeline; body: Node[]; else?: Node[] }
  | { t: "define"; name: string; body: Node[] };

interface Pipeline { decl?: { name: string; op: ":=" | "=" }; cmds: Arg[][] }
type Arg =
  | { k: "lit"; v: unknown }
  | { k: "field"; base: "dot" | string; path: string[] }
  | { k: "ident"; name: string }
  | { k: "sub"; pipe: Pipeline };

export class TemplateError extends Error {}

// ── lexing ─────────────────────────────────────────────────────────────────
interface Tok { text?: string; action?: string }
function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) { out.push({ text: src.slice(i) }); break; }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === "-" && /\s/.test(src[start + 1] ?? "")) { text = text.replace(/\s+$/, ""); start += 1; }
    const close = findClose(src, start);
    let end = close;
    let after = close + 2;
    if (src[close - 1] === "-" && /\s/.test(src[close - 2] ?? "")) end = close - 1;
    out.push({ text });
    out.push({ action: src.slice(start, end).trim() });
    if (end !== close) { while (after < src.length && /\s/.test(src[after]!)) after++; }
    i = after;
  }
  return out.filter((t) => t.action !== undefined || t.text);
}
function findClose(src: string, from: number): number {
  let q: string | null = null;
  for (let j = from; j < src.length - 1; j++) {
    const c = src[j]!;
    if (q) { if (c === "\\" && q === '"') j++; else if (c === q) q = null; continue; }
    if (c === '"' || c === "`") q = c;
    else if (c === "}" && src[j + 1] === "}") return j;
  }
  throw new TemplateError("unclosed action");
}

// ── parsing ────────────────────────────────────────────────────────────────
function tokenizeExpr(s: string): string[] {
  const toks: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') { let j = i + 1; while (s[j] !== '"') { if (s[j] === "\\") j++; j++; if (j > s.length) throw new TemplateError("unterminated string"); } toks.push(s.slice(i, j + 1)); i = j + 1; continue; }
    if (c === "`") { const j = s.indexOf("`", i + 1); toks.push(s.slice(i, j + 1)); i = j + 1; continue; }
    if (c === "(" || c === ")" || c === "|" || c === ",") { toks.push(c); i++; continue; }
    if (s.startsWith(":=", i)) { toks.push(":="); i += 2; continue; }
    if (c === "=") { toks.push("="); i++; continue; }
    const m = /^[^\s()|,=]+/.exec(s.slice(i))!;
    toks.push(m[0]); i += m[0].length;
  }
  return toks;
}

function parsePipeline(src: string): Pipeline {
  const toks = tokenizeExpr(src);
  let pos = 0;
  const pipe = (): Pipeline => {
    const p: Pipeline = { cmds: [] };
    if (/^\$[A-Za-z0-9_]*$/.test(toks[pos] ?? "") && (toks[pos + 1] === ":=" || toks[pos + 1] === "=")) {
      p.decl = { name: toks[pos]!, op: toks[pos + 1] as ":=" | "=" }; pos += 2;
    }
    let cmd: Arg[] = [];
    while (pos < toks.length && toks[pos] !== ")") {
      const t = toks[pos++]!;
      if (t === "|") { p.cmds.push(cmd); cmd = []; continue; }
      if (t === "(") { cmd.push({ k: "sub", pipe: pipe() }); if (toks[pos++] !== ")") throw new TemplateError("missing )"); continue; }
      cmd.push(arg(t));
    }
    p.cmds.push(cmd);
    return p;
  };
  const result = pipe();
  if (pos !== toks.length) throw new TemplateError(`unexpected ${toks[pos]} in ${src}`);
  return result;
}

function arg(t: string): Arg {
  if (t.startsWith('"')) return { k: "lit", v: JSON.parse(t) };
  if (t.startsWith("`")) return { k: "lit", v: t.slice(1, -1) };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { k: "lit", v: Number(t) };
  if (t === "true" || t === "false") return { k: "lit", v: t === "true" };
  if (t === "nil") return { k: "lit", v: null };
  if (t === ".") return { k: "field", base: "dot", path: [] };
  if (t.startsWith(".")) return { k: "field", base: "dot", path: t.slice(1).split(".") };
  if (t.startsWith("$")) { const [v, ...path] = t.split("."); return { k: "field", base: v!, path }; }
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return { k: "ident", name: t };
  throw new TemplateError(`cannot parse ${t}`);
}

function parse(src: string, defines: Map<string, Node[]>): Node[] {
  const toks = lex(src);
  let pos = 0;
  const block = (stops: string[]): { nodes: Node[]; stop: string } => {
    const nodes: Node[] = [];
    while (pos < toks.length) {
      const tk = toks[pos++]!;
      if (tk.text !== undefined) { nodes.push({ t: "text", v: tk.text }); continue; }
      const a = tk.action!;
      if (a.startsWith("/*")) continue;
      const kw = /^(if|else if|else with|else|end|with|range|define)\b\s*/.exec(a);
      const word = kw?.[1];
      if (word && stops.includes(word)) { pos--; toks[pos] = { action: a }; return { nodes, stop: a }; }
      if (word === "if" || word === "with") {
        const first = { cond: parsePipeline(a.slice(kw![0].length)), body: [] as Node[] };
        const branches = [first];
        let elseBody: Node[] | undefined;
        let r = block(["else if", "else", "end"]);
        first.body = r.nodes;
        while (true) {
          const stop = toks[pos++]!.action!;
          if (stop.startsWith("else if")) { const b = { cond: parsePipeline(stop.slice(7)), body: [] as Node[] }; r = block(["else if", "else", "end"]); b.body = r.nodes; branches.push(b); continue; }
          if (stop === "else") { r = block(["end"]); elseBody = r.nodes; pos++; }
          break;
        }
        nodes.push(word === "if" ? { t: "if", branches, else: elseBody } : { t: "with", pipe: first.cond, body: first.body, else: elseBody });
        continue;
      }
      if (word === "range") {
        let rest = a.slice(kw![0].length);
        const vm = /^(\$[A-Za-z0-9_]*)\s*(?:,\s*(\$[A-Za-z0-9_]*)\s*)?:=\s*/.exec(rest);
        const vars = vm ? [vm[1]!, ...(vm[2] ? [vm[2]] : [])] : [];
        if (vm) rest = rest.slice(vm[0].length);
        const r = block(["else", "end"]);
        let elseBody: Node[] | undefined;
        const stop = toks[pos++]!.action!;
        if (stop === "else") { elseBody = block(["end"]).nodes; pos++; }
        nodes.push({ t: "range", vars, pipe: parsePipeline(rest), body: r.nodes, else: elseBody });
        continue;
      }
      if (word === "define") {
        const name = JSON.parse(a.slice(kw![0].length).trim());
        const r = block(["end"]); pos++;
        defines.set(name, r.nodes);
        continue;
      }
      if (word) throw new TemplateError(`unexpected {{${a}}}`);
      nodes.push({ t: "action", pipe: parsePipeline(a) });
    }
    if (stops.length) throw new TemplateError(`missing {{end}} (wanted ${stops.join("/")})`);
    return { nodes, stop: "" };
  };
  return block([]).nodes;
}

// ── evaluation ─────────────────────────────────────────────────────────────
export const truthy = (v: unknown): boolean =>
  !(v === undefined || v === null || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0));

function toText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") throw new TemplateError(`cannot print ${JSON.stringify(v).slice(0, 80)} (use toYaml)`);
  return String(v);
}
const indent = (n: number, s: string) => s.split("\n").map((l) => " ".repeat(n) + l).join("\n");
const toYaml = (v: unknown) => (v === undefined || v === null ? "null" : stringify(v, { lineWidth: 0 }).replace(/\n$/, ""));

class Scope {
  constructor(readonly vars: Map<string, unknown>, readonly parent?: Scope) {}
  lookup(n: string): unknown { return this.vars.has(n) ? this.vars.get(n) : this.parent ? this.parent.lookup(n) : (() => { throw new TemplateError(`undefined variable ${n}`); })(); }
  assign(n: string, v: unknown): void { if (this.vars.has(n)) this.vars.set(n, v); else if (this.parent) this.parent.assign(n, v); else throw new TemplateError(`assignment to undeclared ${n}`); }
}

export interface ChartFiles { [path: string]: string }

export class Renderer {
  readonly defines = new Map<string, Node[]>();
  constructor(readonly files: ChartFiles) {}

  load(src: string): Node[] { return parse(src, this.defines); }

  render(nodes: Node[], dot: unknown, root: unknown): string {
    return this.exec(nodes, dot, new Scope(new Map([["$", root]])));
  }

  private exec(nodes: Node[], dot: unknown, scope: Scope): string {
    let out = "";
    for (const n of nodes) {
      switch (n.t) {
        case "text": out += n.v; break;
        case "action": { const v = this.pipe(n.pipe, dot, scope); if (!n.pipe.decl) out += toText(v); break; }
        case "if": {
          const b = n.branches.find((br) => truthy(this.pipe(br.cond, dot, scope)));
          if (b) out += this.exec(b.body, dot, new Scope(new Map(), scope));
          else if (n.else) out += this.exec(n.else, dot, new Scope(new Map(), scope));
          break;
        }
        case "with": {
          const v = this.pipe(n.pipe, dot, scope);
          if (truthy(v)) out += this.exec(n.body, v, new Scope(new Map(), scope));
          else if (n.else) out += this.exec(n.else, dot, new Scope(new Map(), scope));
          break;
        }
        case "range": {
          const v = this.pipe(n.pipe, dot, scope);
          const entries: [unknown, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === "object" ? Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
          if (!entries.length && n.else) out += this.exec(n.else, dot, new Scope(new Map(), scope));
          for (const [k, x] of entries) {
            const vars = new Map<string, unknown>();
            if (n.vars.length === 1) vars.set(n.vars[0]!, x);
            if (n.vars.length === 2) { vars.set(n.vars[0]!, k); vars.set(n.vars[1]!, x); }
            out += this.exec(n.body, x, new Scope(vars, scope));
          }
          break;
        }
        case "define": break;
      }
    }
    return out;
  }

  private pipe(p: Pipeline, dot: unknown, scope: Scope): unknown {
    let value: unknown;
    let first = true;
    for (const cmd of p.cmds) {
      value = this.command(cmd, dot, scope, first ? undefined : { v: value });
      first = false;
    }
    if (p.decl) {
      if (p.decl.op === ":=") scope.vars.set(p.decl.name, value);
      else scope.assign(p.decl.name, value);
    }
    return value;
  }

  private command(cmd: Arg[], dot: unknown, scope: Scope, piped?: { v: unknown }): unknown {
    const [head, ...rest] = cmd;
    if (!head) throw new TemplateError("empty command");
    if (head.k === "ident") {
      const args = rest.map((a) => this.value(a, dot, scope));
      if (piped) args.push(piped.v);
      return this.call(head.name, args, dot, scope, rest);
    }
    const v = this.value(head, dot, scope);
    // Methods such as .Files.Get are function-valued fields.
    if (typeof v === "function") return v(...rest.map((a) => this.value(a, dot, scope)), ...(piped ? [piped.v] : []));
    if (rest.length || piped) throw new TemplateError("cannot call a non-function");
    return v;
  }

  private value(a: Arg, dot: unknown, scope: Scope): unknown {
    switch (a.k) {
      case "lit": return a.v;
      case "sub": return this.pipe(a.pipe, dot, scope);
      case "ident": return this.call(a.name, [], dot, scope, []);
      case "field": {
        let v = a.base === "dot" ? dot : scope.lookup(a.base);
        for (const key of a.path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
        return v;
      }
    }
  }

  private call(name: string, args: unknown[], _dot: unknown, _scope: Scope, _raw: Arg[]): unknown {
    const s = (i: number) => toText(args[i]);
    switch (name) {
      case "default": return truthy(args[1]) ? args[1] : args[0];
      case "trunc": return s(1).slice(0, Number(args[0]));
      case "trimSuffix": return s(1).endsWith(s(0)) ? s(1).slice(0, s(1).length - s(0).length) : s(1);
      case "replace": return s(2).split(s(0)).join(s(1));
      case "contains": return s(1).includes(s(0));
      case "printf": { let i = 1; return s(0).replace(/%[sdv]/g, () => toText(args[i++])); }
      case "quote": return JSON.stringify(args[0] === undefined || args[0] === null ? "" : toText(args[0]));
      case "nindent": return "\n" + indent(Number(args[0]), s(1));
      case "indent": return indent(Number(args[0]), s(1));
      case "toYaml": return toYaml(args[0]);
      case "fromYaml": { try { const v = parseYaml(s(0)); return v && typeof v === "object" && !Array.isArray(v) ? v : { Error: "not a map" }; } catch (e) { return { Error: String(e) }; } }
      case "fromYamlArray": { const v = parseYaml(s(0)) ?? []; if (!Array.isArray(v)) throw new TemplateError("fromYamlArray: not a list"); return v; }
      case "hasKey": return !!args[0] && typeof args[0] === "object" && Object.prototype.hasOwnProperty.call(args[0], s(1));
      case "get": return (args[0] as Record<string, unknown> | undefined)?.[s(1)] ?? "";
      case "list": return [...args];
      case "first": return Array.isArray(args[0]) ? args[0][0] : undefined;
      case "join": return (args[1] as unknown[] ?? []).map(toText).join(s(0));
      case "ternary": return truthy(args[2]) ? args[0] : args[1];
      case "not": return !truthy(args[0]);
      case "and": { for (const a of args) if (!truthy(a)) return a; return args[args.length - 1]; }
      case "or": { for (const a of args) if (truthy(a)) return a; return args[args.length - 1]; }
      case "eq": return args.slice(1).some((a) => a === args[0]);
      case "ne": return args[0] !== args[1];
      case "required": if (!truthy(args[1])) throw new TemplateError(`required: ${s(0)}`); return args[1];
      case "fail": throw new TemplateError(`fail: ${s(0)}`);
      case "include": {
        const body = this.defines.get(s(0));
        if (!body) throw new TemplateError(`include of undefined template ${s(0)}`);
        return this.exec(body, args[1], new Scope(new Map([["$", args[1]]])));
      }
      default: throw new TemplateError(`function ${name} is not in the supported subset`);
    }
  }
}

/** Renders every template of a chart directory like `helm template`: returns file → rendered text. */
export function renderChart(templates: Record<string, string>, files: ChartFiles, values: unknown, release: { name: string; namespace: string }, chart: { Name: string; Version: string; AppVersion: string }): Record<string, string> {
  const r = new Renderer(files);
  const parsed = Object.entries(templates).map(([name, src]) => [name, r.load(src)] as const);
  const root = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: "Helm", IsInstall: true },
    Chart: chart,
    Files: { Get: (path: string) => files[path] ?? "" },
    Capabilities: { KubeVersion: { Version: "v1.31.0" } },
  };
  const out: Record<string, string> = {};
  for (const [name, nodes] of parsed) {
    if (name.startsWith("_")) continue;
    out[name] = r.render(nodes, root, root);
  }
  return out;
}

/** Parses rendered output into documents (skipping empty ones), failing on invalid YAML. */
export function documents(rendered: string): unknown[] {
  return rendered.split(/^---\s*$/m).map((d) => d.trim()).filter((d) => d && !/^(#.*\n?)*$/.test(d)).map((d) => {
    const doc = parseDocument(d, { uniqueKeys: true });
    if (doc.errors.length) throw new TemplateError(`invalid YAML: ${doc.errors[0]!.message}\n${d}`);
    return doc.toJS();
  });
}
