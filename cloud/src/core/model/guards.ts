/**
 * Guards on a model's root-cause answer: the category must be in the taxonomy, the culprit must be a discovered
 * resource, and confidence may not exceed what the evidence supports. A failed guard rejects the answer.
 */
import {
  CategorySchema, ResourceRefSchema, refId, type Category, type Confidence, type ResourceRef,
} from "../../../../shared/src/index.js";
import type { RankedCandidate } from "../analyzers/index.js";
import type { ReasoningAnswer } from "./answers.js";

const LEVEL: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export type GuardedCause =
  | { ok: true; category: Category; resource?: ResourceRef; confidence: Confidence; summary: string; capped?: string }
  | { ok: false; reason: string };

/**
 * Confidence cap: a model agreeing with a candidate gets at most that candidate's confidence; a model naming a
 * cause no analyzer supports gets "medium" when it read new evidence through its tools, else "low".
 */
export function guardCause(answer: ReasoningAnswer["rootCause"], rootIds: Set<string>, candidates: RankedCandidate[], readNewEvidence: boolean): GuardedCause {
  const cat = CategorySchema.safeParse(answer.category);
  if (!cat.success) return { ok: false, reason: `category ${JSON.stringify(answer.category)} is not in the taxonomy` };
  let resource: ResourceRef | undefined;
  if (answer.resource) {
    const r = ResourceRefSchema.safeParse({ ...answer.resource, namespace: answer.resource.namespace ?? undefined });
    if (!r.success) return { ok: false, reason: `${JSON.stringify(answer.resource)} is not a valid resource reference` };
    resource = r.data;
    if (!rootIds.has(refId(resource))) return { ok: false, reason: `${resource.kind}/${resource.name}${resource.namespace ? ` in ${resource.namespace}` : ""} is not among the discovered resources` };
  }
  const support = candidates.find((c) => c.category === cat.data && (resource ? !!c.culprit && refId(c.culprit) === refId(resource) : !c.culprit));
  const cap: Confidence = support ? support.confidence : readNewEvidence ? "medium" : "low";
  const confidence = LEVEL[answer.confidence] > LEVEL[cap] ? cap : answer.confidence;
  return {
    ok: true, category: cat.data, resource, confidence, summary: answer.summary,
    capped: confidence !== answer.confidence ? `model said ${answer.confidence}; capped at ${cap} (${support ? `the supporting analyzer's confidence` : readNewEvidence ? "no analyzer supports it" : "no analyzer supports it and it read no new evidence"})` : undefined,
  };
}
