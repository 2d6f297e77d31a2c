export { parseRules, DEFAULT_RULESET, DEFAULT_SETTINGS, RuleFileSchema, type RuleSet, type Rule, type RuleAction, type RuleSettings, type MaintenanceWindow } from "./ruleset.js";
export { evaluateRules, type RuleVerdict } from "./evaluate.js";
export { parseMatcher, matchAll, matchOne, type Matcher } from "./matchers.js";
export { inWindow, inWeekly } from "./maintenance.js";
export { loadRulesFile } from "./load.js";
