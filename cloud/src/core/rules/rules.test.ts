import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KubesleuthError, type NormalizedAlert } from "../../../../shared/src/index.js";
import { evaluateRules } from "./evaluate.js";
import { inWeekly } from "./maintenance.js";
import { parseMatcher, matchOne } from "./matchers.js";
import { DEFAULT_RULESET, parseRules } from "./ruleset.js";

const alert = (over: Partial<NormalizedAlert> = {}, labels: Record<string, string> = {}): NormalizedAlert => ({
  source: "alertmanager", fingerprint: "f1", status: "firing", alertname: "KubePodCrashLooping", severity: "warning",
  cluster: "prod-eu-west-1", namespace: "payments", labels: { alertname: "KubePodCrashLooping", severity: "warning", ...labels },
  annotations: {}, startsAt: "2026-11-20T02:45:00.000Z", links: [], receivedAt: "2026-11-20T02:51:00.000Z", ...over,
});
const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-20T02:51:00Z"); // a Friday

function configError(text: string): string {
  try {
    parseRules(text, "rules.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(KubesleuthError);
    expect((e as KubesleuthError).code).toBe("CONFIG_INVALID");
    return (e as Error).message;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("matchers", () => {
  it.each([
    ['severity="warning"', true], ['severity!="warning"', false], ['severity=~"warn.*|critical"', true], ['severity!~"warn.*"', false],
    ['severity=~"warn"', false /* anchored */], ['team=""', true /* missing label is "" */], ['team!=""', false],
    ['cluster=~"prod-.*"', true], ['namespace="payments"', true], ['source="grafana"', false], ['status="firing"', true],
    ['pod="api"', true], ['alertname=KubePodCrashLooping', true],
  ])("%s → %s", (text, expected) => {
    expect(matchOne(parseMatcher(text), alert({}, { pod: "api" }))).toBe(expected);
  });

  it("reads escaped quotes", () => {
    expect(parseMatcher('msg="say \\"hi\\""').value).toBe('say "hi"');
  });

  it.each(['severity', 'severity=="x"', '="x"', 'a b="x"', 'x=~"("'])("rejects %s", (text) => {
    expect(() => parseMatcher(text)).toThrow();
  });
});

describe("rule file", () => {
  it("loads the sample with its defaults", () => {
    const rs = parseRules(readFileSync(new URL("../../../rules.sample.yaml", import.meta.url), "utf8"));
    expect(rs.rules.map((r) => r.name)).toEqual(["heartbeats", "informational", "throttling-adds-context-only", "dev-clusters", "critical-prod"]);
    expect(rs.settings).toEqual({ defaultAction: "investigate", cooldownMinutes: 30, maxConcurrentInvestigations: 20, overCap: "queue", onResolved: "close" });
    expect(rs.maintenance).toHaveLength(2);
  });

  it("fills every default from an empty file", () => {
    expect(parseRules("").settings).toEqual(DEFAULT_RULESET.settings);
    expect(parseRules("rules: []\n").rules).toEqual([]);
  });

  it.each([
    ["an unknown action", "rules:\n  - name: a\n    action: page\n", /line 3: rules\[0\]\.action/],
    ["a bad matcher", "rules:\n  - name: a\n    action: skip\n    match:\n      - 'severity'\n", /line 5: rules\[0\]\.match\[0\]: bad matcher/],
    ["a bad regex", "rules:\n  - name: a\n    action: skip\n    match: ['x=~\"(\"']\n", /line 4: rules\[0\]\.match\[0\]: bad regex/],
    ["an unknown key", "settings:\n  cooldown: 5\n", /line 1: settings: Unrecognized key: "cooldown"|settings.*cooldown/],
    ["a negative cool-down", "settings:\n  cooldownMinutes: -1\n", /line 2: settings\.cooldownMinutes/],
    ["a duplicate rule name", "rules:\n  - {name: a, action: skip}\n  - {name: a, action: skip}\n", /line 3: rules\[1\]\.name: duplicate/],
    ["a bad time zone", "maintenance:\n  - name: m\n    schedule: {days: [sun], start: '02:00', end: '03:00', timezone: Mars/Olympus}\n", /line 3: maintenance\[0\]\.schedule\.timezone: unknown IANA time zone/],
    ["a bad time of day", "maintenance:\n  - name: m\n    schedule: {start: '2am', end: '03:00'}\n", /maintenance\[0\]\.schedule\.start: expected HH:MM/],
    ["a window with no time", "maintenance:\n  - name: m\n    match: ['a=\"b\"']\n", /maintenance\[0\]\.schedule: a window needs start and end/],
    ["a window ending before it starts", "maintenance:\n  - name: m\n    start: 2026-11-20T03:00:00Z\n    end: 2026-11-20T01:00:00Z\n", /maintenance\[0\]\.end: end must be after start/],
    ["broken YAML", "rules:\n  - name: a\n   action: skip\n", /line \d+: YAML/],
    ["a wrong version", "version: 2\n", /line 1: version/],
  ])("rejects %s naming line and field", (_what, text, message) => {
    expect(configError(text)).toMatch(message);
  });

  it("never throws anything but CONFIG_INVALID on random text", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.constantFrom("rules: {__proto__: {x: 1}}", "&a [*a]", "rules: !!binary AAAA")), (text) => {
      try {
        parseRules(text);
      } catch (e) {
        expect((e as KubesleuthError).code).toBe("CONFIG_INVALID");
      }
      expect(({} as any).x).toBeUndefined();
    }), { numRuns: 300 });
  });
});

describe("evaluateRules", () => {
  const rs = parseRules(`
settings: {defaultAction: skip, cooldownMinutes: 10}
rules:
  - {name: noisy, match: ['alertname="CPUThrottlingHigh"'], action: attach}
  - {name: kube-system, match: ['namespace="kube-system"'], action: skip, reason: platform team owns it}
  - {name: prod, match: ['cluster=~"prod-.*"', 'severity=~"warning|critical"'], action: investigate, cooldownMinutes: 60}
  - {name: datadog, match: {source: datadog}, action: investigate}
`);
  it("first match wins, with the rule's reason and cool-down", () => {
    expect(evaluateRules(rs, alert(), NOW)).toMatchObject({ action: "investigate", rule: "prod", cooldownMinutes: 60 });
    expect(evaluateRules(rs, alert({ alertname: "CPUThrottlingHigh" }), NOW)).toMatchObject({ action: "attach", rule: "noisy", cooldownMinutes: 10 });
    expect(evaluateRules(rs, alert({ namespace: "kube-system" }), NOW).reason).toMatch(/kube-system.*platform team owns it/);
  });
  it("falls back to the default action", () => {
    expect(evaluateRules(rs, alert({ cluster: "staging" }), NOW)).toMatchObject({ action: "skip", rule: "default" });
    expect(evaluateRules(rs, alert({ cluster: "staging", source: "datadog" }), NOW)).toMatchObject({ action: "investigate", rule: "datadog" });
  });
  it("maintenance windows skip matching alerts only while open", () => {
    const m = parseRules(`
maintenance:
  - {name: upgrade, match: ['cluster="prod-eu-west-1"'], start: "2026-11-20T02:00:00Z", end: "2026-11-20T03:00:00Z", reason: node upgrade}
`);
    expect(evaluateRules(m, alert(), NOW)).toMatchObject({ action: "skip", maintenance: "upgrade", reason: "maintenance window upgrade: node upgrade" });
    expect(evaluateRules(m, alert(), at("2026-11-20T03:00:00Z")).action).toBe("investigate");
    expect(evaluateRules(m, alert({ cluster: "prod-us-east-1" }), NOW).action).toBe("investigate");
  });
});

describe("weekly maintenance schedule", () => {
  const s = (days: any[], start: number, end: number, timezone = "UTC") => ({ days, startMin: start, endMin: end, timezone });
  it("is open on the named days between start and end", () => {
    expect(inWeekly(s(["fri"], 120, 240), NOW)).toBe(true); // Friday 02:51 UTC
    expect(inWeekly(s(["thu"], 120, 240), NOW)).toBe(false);
    expect(inWeekly(s(["fri"], 180, 240), NOW)).toBe(false);
    expect(inWeekly(s(["fri"], 120, 171), NOW)).toBe(false); // end is exclusive
  });
  it("uses the time zone", () => {
    // 02:51 UTC is 03:51 in Paris (CET, November) and 21:51 Thursday in New York.
    expect(inWeekly(s(["fri"], 225, 240, "Europe/Paris"), NOW)).toBe(true);
    expect(inWeekly(s(["thu"], 21 * 60, 22 * 60, "America/New_York"), NOW)).toBe(true);
  });
  it("crosses midnight from the named day", () => {
    expect(inWeekly(s(["thu"], 22 * 60, 4 * 60), NOW)).toBe(true); // Thu 22:00 → Fri 04:00
    expect(inWeekly(s(["fri"], 22 * 60, 4 * 60), NOW)).toBe(false);
  });
});
