/** What the rule file says about one alert, before looking at the store (dedup, cool-down, cap live in intake). */
import type { NormalizedAlert } from "../../../../shared/src/index.js";
import { inWindow } from "./maintenance.js";
import { matchAll } from "./matchers.js";
import type { RuleAction, RuleSet } from "./ruleset.js";

export interface RuleVerdict {
  action: RuleAction;
  /** Rule that decided, or "default". */
  rule: string;
  /** Set when a maintenance window skipped the alert. */
  maintenance?: string;
  cooldownMinutes: number;
  reason: string;
}

export function evaluateRules(rules: RuleSet, alert: NormalizedAlert, now: Date): RuleVerdict {
  const cooldown = rules.settings.cooldownMinutes;
  for (const w of rules.maintenance) {
    if (inWindow(w, now) && matchAll(w.match, alert)) {
      return {
        action: "skip", rule: `maintenance:${w.name}`, maintenance: w.name, cooldownMinutes: cooldown,
        reason: `maintenance window ${w.name}${w.reason ? `: ${w.reason}` : ""}`,
      };
    }
  }
  for (const r of rules.rules) {
    if (matchAll(r.match, alert)) {
      const how = r.match.length ? `matched ${r.match.map((m) => m.text).join(", ")}` : "matches every alert";
      return { action: r.action, rule: r.name, cooldownMinutes: r.cooldownMinutes ?? cooldown, reason: `rule ${r.name} (${how})${r.reason ? `: ${r.reason}` : ""}` };
    }
  }
  return { action: rules.settings.defaultAction, rule: "default", cooldownMinutes: cooldown, reason: "no rule matched: default action" };
}
