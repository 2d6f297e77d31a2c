/**
 * The rule file (YAML, documented in docs/rules.md, sample in cloud/rules.sample.yaml): zod-validated,
 * errors name the line and the field, matchers and regexes compiled once at load.
 */
import { LineCounter, parseDocument, isNode, type Node } from "yaml";
import { z } from "zod";
import { ALERT_SOURCES, KubesleuthError } from "../../../../shared/src/index.js";
import { equalityMatchers, parseMatcher, type Matcher } from "./matchers.js";
import { WEEKDAYS, hhmm, validTimeZone, type WindowTiming } from "./maintenance.js";

export type RuleAction = "investigate" | "skip" | "attach";

export interface Rule {
  name: string;
  match: Matcher[];
  action: RuleAction;
  /** Overrides settings.cooldownMinutes for alerts this rule matches. */
  cooldownMinutes?: number;
  reason?: string;
}

export interface MaintenanceWindow extends WindowTiming {
  name: string;
  match: Matcher[];
  reason?: string;
}

export interface RuleSettings {
  /** Action when no rule matches. */
  defaultAction: RuleAction;
  /** No new investigation of the same target within this many minutes: attach instead (0 disables). */
  cooldownMinutes: number;
  /** Investigations queued or running at once (0 = no cap). */
  maxConcurrentInvestigations: number;
  /** Over the cap: `queue` (created, started when a slot frees) or `attach` (to the newest open investigation of the cluster). */
  overCap: "queue" | "attach";
  /** A resolved alert: `close` the investigation when its last firing alert resolves, or only `annotate` it. */
  onResolved: "close" | "annotate";
}

export interface RuleSet {
  settings: RuleSettings;
  rules: Rule[];
  maintenance: MaintenanceWindow[];
}

export const DEFAULT_SETTINGS: RuleSettings = {
  defaultAction: "investigate",
  cooldownMinutes: 30,
  maxConcurrentInvestigations: 20,
  overCap: "queue",
  onResolved: "close",
};

/** Used when no rule file is configured: investigate everything, with the default safety settings. */
export const DEFAULT_RULESET: RuleSet = { settings: DEFAULT_SETTINGS, rules: [], maintenance: [] };

const Action = z.enum(["investigate", "skip", "attach"]);
const Name = z.string().min(1).max(128);

const MatchSchema = z.union([
  z.array(z.string().max(4096)).max(32),
  z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a label name"), z.string().max(4096)),
]).default([]);

const TimeOfDay = z.string().refine((s) => hhmm(s) !== undefined, "expected HH:MM (00:00-24:00)");
const Instant = z.string().datetime({ offset: true, message: "expected an RFC 3339 time such as 2026-11-20T01:00:00Z" });

const RuleSchema = z.object({
  name: Name,
  match: MatchSchema,
  action: Action,
  cooldownMinutes: z.number().int().min(0).max(10080).optional(),
  reason: z.string().max(500).optional(),
}).strict();

const WindowSchema = z.object({
  name: Name,
  match: MatchSchema,
  start: Instant.optional(),
  end: Instant.optional(),
  schedule: z.object({
    days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
    start: TimeOfDay,
    end: TimeOfDay,
    timezone: z.string().default("UTC").refine(validTimeZone, "unknown IANA time zone"),
  }).strict().optional(),
  reason: z.string().max(500).optional(),
}).strict()
  .refine((w) => w.schedule || (w.start && w.end), { message: "a window needs start and end, or a schedule", path: ["schedule"] })
  .refine((w) => !(w.start && w.end) || Date.parse(w.start) < Date.parse(w.end), { message: "end must be after start", path: ["end"] });

export const RuleFileSchema = z.object({
  version: z.literal(1).default(1),
  settings: z.object({
    defaultAction: Action.default(DEFAULT_SETTINGS.defaultAction),
    cooldownMinutes: z.number().int().min(0).max(10080).default(DEFAULT_SETTINGS.cooldownMinutes),
    maxConcurrentInvestigations: z.number().int().min(0).max(100000).default(DEFAULT_SETTINGS.maxConcurrentInvestigations),
    overCap: z.enum(["queue", "attach"]).default(DEFAULT_SETTINGS.overCap),
    onResolved: z.enum(["close", "annotate"]).default(DEFAULT_SETTINGS.onResolved),
  }).strict().prefault({}),
  rules: z.array(RuleSchema).max(1000).default([]),
  maintenance: z.array(WindowSchema).max(1000).default([]),
}).strict();
export type RuleFile = z.infer<typeof RuleFileSchema>;

export const MATCH_SOURCES = ALERT_SOURCES;

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(file)";
}

/** Parse and validate a rule file. Throws KubesleuthError("CONFIG_INVALID", "<file> line N: <field>: <problem>"). */
export function parseRules(text: string, file = "rules.yaml"): RuleSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: readonly PropertyKey[]): string => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && (node as Node).range) return `line ${lineCounter.linePos((node as Node).range![0]).line}`;
    }
    return "line ?";
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    throw new KubesleuthError("CONFIG_INVALID", `${file} line ${line}: YAML: ${e.message.split("\n")[0]}`);
  }
  let raw: unknown;
  try {
    // Unresolved aliases and alias bombs throw from toJS, not into doc.errors.
    raw = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `${file}: YAML: ${(e as Error).message.split("\n")[0]}`, { cause: e });
  }
  const r = RuleFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path as PropertyKey[];
    throw new KubesleuthError("CONFIG_INVALID", `${file} ${lineOf(where)}: ${pathText(where)}: ${issue.message.replace(/^Invalid input: /, "")}`);
  }
  const compile = (m: string[] | Record<string, string>, path: (string | number)[]): Matcher[] => {
    if (!Array.isArray(m)) return equalityMatchers(m);
    return m.map((text, i) => {
      try {
        return parseMatcher(text);
      } catch (e) {
        throw new KubesleuthError("CONFIG_INVALID", `${file} ${lineOf([...path, i])}: ${pathText([...path, i])}: ${(e as Error).message}`);
      }
    });
  };
  const f = r.data;
  const names = new Set<string>();
  f.rules.forEach((rule, i) => {
    if (names.has(rule.name)) throw new KubesleuthError("CONFIG_INVALID", `${file} ${lineOf(["rules", i, "name"])}: rules[${i}].name: duplicate rule name ${JSON.stringify(rule.name)}`);
    names.add(rule.name);
  });
  return {
    settings: f.settings,
    rules: f.rules.map((rule, i) => ({
      name: rule.name, action: rule.action, cooldownMinutes: rule.cooldownMinutes, reason: rule.reason,
      match: compile(rule.match, ["rules", i, "match"]),
    })),
    maintenance: f.maintenance.map((w, i) => ({
      name: w.name, reason: w.reason,
      match: compile(w.match, ["maintenance", i, "match"]),
      from: w.start ? Date.parse(w.start) : undefined,
      until: w.end ? Date.parse(w.end) : undefined,
      weekly: w.schedule ? { days: w.schedule.days, startMin: hhmm(w.schedule.start)!, endMin: hhmm(w.schedule.end)!, timezone: w.schedule.timezone } : undefined,
    })),
  };
}
