/**
 * A config value makes the app fail: an error line names a setting (env var / ConfigMap key / file setting) the
 * workload receives and says it is invalid, or quotes its value with a parse/lookup failure. The culprit is the
 * ConfigMap holding it, or the workload when the value is inline env.
 */
import { refId, type Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { crashes, errorLines, logItem, short, specItem } from "./common.js";
import { configEntries, type ConfigEntry } from "./config-refs.js";
import type { AnalysisContext } from "./context.js";
import type { Analyzer, Candidate } from "./types.js";

const INVALID_RE = /invalid|cannot parse|can't parse|could not parse|failed to parse|parse error|parsing|unknown|unsupported|not a valid|must be|missing unit|no such host|malformed|unrecognized|bad value|out of range|not allowed|illegal|syntax error/i;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The key appears as a whole token. */
function namesKey(line: string, key: string): boolean {
  return key.length >= 3 && new RegExp(`(^|[^A-Za-z0-9_])${escapeRe(key)}([^A-Za-z0-9_]|$)`).test(line);
}

function quotesValue(line: string, value: string | undefined): boolean {
  if (!value || value.length < 2 || value.includes("\n")) return false;
  return line.includes(`"${value}"`) || line.includes(`'${value}'`) || line.includes(`\\"${value}\\"`) || (value.length >= 6 && line.includes(value));
}

export const configValue: Analyzer = {
  name: "config-value",
  categories: ["config-value"],
  analyze(ctx) {
    const pods = ctx.focusPods();
    if (!pods.length) return [];
    const entries = new Map<string, ConfigEntry>();
    for (const p of pods) for (const e of configEntries(ctx, p)) if (e.how !== "volume" || !e.value?.includes("\n")) entries.set(`${e.holder ? refId(e.holder) : "inline"}|${e.key}|${e.container}`, e);
    if (!entries.size) return [];
    const errs = errorLines(ctx.focusLogs(), (l) => INVALID_RE.test(l));
    const hits: { e: ConfigEntry; line: string; log: (typeof errs)[number]["log"]; strength: number }[] = [];
    for (const { log, line } of errs) {
      for (const e of entries.values()) {
        if (e.container !== log.container) continue;
        const byKey = namesKey(line, e.key);
        const byValue = quotesValue(line, e.value);
        if (!byKey && !byValue) continue;
        // A host that does not resolve is a config value only when the name has no Service behind it.
        if (/no such host/i.test(line) && !byKey && ctx.evidence.lookups.some((l) => line.includes(l.host) && l.found)) continue;
        hits.push({ e, line, log, strength: (byKey ? 2 : 0) + (byValue ? 1 : 0) });
      }
    }
    if (!hits.length) return [];
    hits.sort((a, b) => b.strength - a.strength || Number(b.log.previous) - Number(a.log.previous));
    const best = hits[0]!;
    const e = best.e;
    const workload = ctx.topOwner(pods.find((p) => p.metadata.name === best.log.pod) ?? pods[0]!);
    const culprit = e.holder && e.holder.kind === "ConfigMap" ? e.holder : workload;
    const failing = crashes(ctx).length > 0 || ctx.unhealthyPods().length > 0;
    const change = e.holder ? ctx.evidence.configChanges.find((c) => refId(c.ref) === refId(e.holder!)) : undefined;
    const evidence = [logItem(best.log, best.line)];
    const others = hits.filter((h) => h !== best && h.log.pod !== best.log.pod).slice(0, 2);
    for (const h of others) evidence.push(logItem(h.log, h.line));
    const where = e.holder ? `${e.holder.kind} ${e.holder.name}${e.fileKey && e.fileKey !== e.key ? ` (file ${e.fileKey})` : ""}` : `inline env of container ${e.container} in ${workload.kind.toLowerCase()}/${workload.name}`;
    evidence.push(specItem(culprit, `${e.key}=${JSON.stringify(e.value ?? "(secret)")} comes from ${where}`));
    if (change?.lastChangedAt) {
      evidence.push({ source: change.kubectl, detail: `${change.ref.kind} ${change.ref.name} last changed at ${change.lastChangedAt}${change.manager ? ` by ${change.manager}` : ""}${change.dataDiff?.length ? `; changed keys: ${change.dataDiff.map((d) => `${d.key}: ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`).join(", ")}` : ""}`, type: "config", at: change.lastChangedAt });
    }
    const remediation: Remediation[] = [];
    const diff = change?.dataDiff?.find((d) => d.key === (e.fileKey ?? e.key) && d.before !== undefined);
    if (culprit.kind === "ConfigMap" && diff?.before !== undefined) {
      const key = e.fileKey ?? e.key;
      remediation.push({
        description: `Restore ${key} in ConfigMap ${culprit.name} to its previous value.`,
        command: tryCommand(() => k.patchMerge(culprit, { data: { [key]: diff.before } })),
        warning: "Pods read env from ConfigMaps only at start: restart the workload afterwards unless the app reloads the file.",
      });
    } else if (culprit.kind === "ConfigMap") {
      remediation.push({
        description: `Correct ${e.key} in ConfigMap ${culprit.name} (current value ${JSON.stringify(e.value)} is rejected: "${short(best.line)}"), e.g. with kubectl patch configmap ${culprit.name} -n ${culprit.namespace} --type merge -p '{"data":{"${e.fileKey ?? e.key}":"<valid value>"}}'.`,
        needsJudgment: true,
        warning: "The right value needs a person: check the service's documentation or the last known good config in Git.",
      });
    } else {
      remediation.push({
        description: `Correct the inline env ${e.key} of container ${e.container} (value ${JSON.stringify(e.value)} is rejected), or roll back to the last healthy revision.`,
        needsJudgment: true,
      });
    }
    const follow = tryCommand(() => k.getYaml(culprit));
    if (follow) remediation.push({ description: `Inspect the current ${culprit.kind}.`, command: follow });
    const restart = workload.kind !== "Pod" && culprit.kind === "ConfigMap" ? tryCommand(() => k.rolloutRestart(workload, ctx.now)) : undefined;
    if (restart) remediation.push({ description: `After fixing the value, restart ${workload.name} so it reads it.`, command: restart });
    const cand: Candidate = {
      analyzer: "config-value",
      category: "config-value",
      culprit,
      confidence: best.strength >= 3 && failing ? "high" : best.strength >= 2 ? "medium" : "low",
      summary: `${workload.kind.toLowerCase()}/${workload.name} fails on the config value ${e.key}=${JSON.stringify(e.value ?? "?")} from ${where}: "${short(best.line)}".`,
      evidence,
      remediation,
      specificity: 0.9,
      changedAt: change?.lastChangedAt,
    };
    return [cand];
  },
};

export { INVALID_RE };
export type { AnalysisContext };
