/** Grading of one report against a scenario's expected.yaml (the only place outside tests that reads it). */
import { refId, sameRef, type Expected, type Report, type ResourceRef } from "../../../shared/src/index.js";
import { renderMarkdown } from "../core/report/markdown.js";

export interface Grade {
  pass: boolean;
  categoryOk: boolean;
  culpritOk: boolean;
  missingMentions: string[];
  missingTargets: ResourceRef[];
  expectedCategory: string;
  expectedCulprit: string;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const refText = (r?: ResourceRef) => (r ? `${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}` : "-");

/** Does a command act on this resource? `kubectl <verb> kind/name -n ns` or `kubectl <verb> kind name -n ns`. */
export function commandTargets(command: string, r: ResourceRef): boolean {
  const kind = r.kind.toLowerCase();
  const aliases: Record<string, string[]> = { horizontalpodautoscaler: ["hpa"], persistentvolumeclaim: ["pvc"], service: ["svc"], deployment: ["deploy"], configmap: ["cm"], ingress: ["ing"] };
  const kinds = [kind, `${kind}s`, ...(aliases[kind] ?? [])];
  const toks = command.split(/\s+/);
  const named = toks.some((t, i) => kinds.some((k) => t === `${k}/${r.name}` || (t === k && toks[i + 1] === r.name)) || (t.startsWith("--from=") && kinds.some((k) => t === `--from=${k}/${r.name}`)));
  if (!named) return false;
  if (!r.namespace) return true;
  return new RegExp(`(-n|--namespace)[ =]${r.namespace}(\\s|$)`).test(command);
}

export function gradeReport(report: Report, expected: Expected): Grade {
  const cats = list(expected.category);
  const culprits = list(expected.culprit);
  const categoryOk = cats.includes(report.rootCause.category);
  const culpritOk = culprits.length === 0 ? !report.rootCause.resource : !!report.rootCause.resource && culprits.some((c) => sameRef(c, report.rootCause.resource));
  const text = renderMarkdown(report).toLowerCase();
  const missingMentions = (expected.mustMention ?? []).filter((m) => !text.includes(m.toLowerCase()));
  const commands = report.remediation.map((r) => r.command).filter((c): c is string => !!c);
  const missingTargets = (expected.remediationTargets ?? []).filter((t) => !commands.some((c) => commandTargets(c, t)));
  return {
    pass: categoryOk && culpritOk && missingMentions.length === 0 && missingTargets.length === 0,
    categoryOk, culpritOk, missingMentions, missingTargets,
    expectedCategory: cats.join("|"),
    expectedCulprit: culprits.map(refText).join("|") || "-",
  };
}

export { refId };
