/**
 * What each model must answer, as zod schemas, and the parsing of free model text into them. Parsing is
 * lenient about the wrapping (code fences, a sentence before the JSON) and strict about the content.
 * Category and resource are parsed as plain strings here so that a hallucination is reported precisely
 * by the guards ("category X is not in the taxonomy") instead of as a generic schema error.
 */
import { z } from "zod";
import { errorMessage } from "../../../../shared/src/index.js";

const Ref = z.object({ kind: z.string().min(1).max(63), namespace: z.string().max(253).optional().nullable(), name: z.string().min(1).max(253) });

export const ReasoningAnswerSchema = z.object({
  /** True when the model agrees with the top deterministic candidate. */
  agreesWithTopCandidate: z.boolean().optional(),
  rootCause: z.object({
    category: z.string().min(1).max(64),
    resource: Ref.nullable().optional(),
    confidence: z.enum(["high", "medium", "low"]),
    summary: z.string().min(1).max(2_000),
  }),
  narrative: z.string().min(1).max(6_000),
  remediation: z.array(z.object({ description: z.string().min(1).max(1_000), command: z.string().max(2_000).optional().nullable() })).max(8).optional(),
});
export type ReasoningAnswer = z.infer<typeof ReasoningAnswerSchema>;

export const TriageAnswerSchema = z.object({
  summary: z.string().min(1).max(3_000),
  /** Verbatim log lines that matter (kept only when they really occur in the logs). */
  keyLines: z.array(z.string().max(1_000)).max(15).default([]),
});
export type TriageAnswer = z.infer<typeof TriageAnswerSchema>;

export const CheckAnswerSchema = z.object({
  verdicts: z.array(z.object({ index: z.number().int().min(0), ok: z.boolean(), reason: z.string().max(500).optional().nullable() })),
});
export type CheckAnswer = z.infer<typeof CheckAnswerSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Extract the JSON object of a model's text answer and validate it. */
export function parseAnswer<T>(schema: z.ZodType<T>, text: string): Parsed<T> {
  const candidate = extractJson(text);
  if (candidate === undefined) return { ok: false, error: "the answer contains no JSON object" };
  let raw: unknown;
  try {
    raw = JSON.parse(candidate);
  } catch (e) {
    return { ok: false, error: `the answer is not valid JSON (${errorMessage(e).slice(0, 120)})` };
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `the answer does not match the schema: ${errorMessage(r.error).slice(0, 400)}` };
}

function extractJson(text: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : undefined;
}

/** The JSON shapes, spelled out for the prompts (kept next to the schemas they describe). */
export const REASONING_FORMAT = `{
  "agreesWithTopCandidate": true | false,
  "rootCause": {
    "category": "<one taxonomy id>",
    "resource": {"kind": "Deployment", "namespace": "ns", "name": "name"} | null,
    "confidence": "high" | "medium" | "low",
    "summary": "<one or two sentences naming the cause and the proof>"
  },
  "narrative": "<what happened, in order, for the on-call engineer; when you disagree with the top candidate, say why>",
  "remediation": [{"description": "<what and why>", "command": "kubectl ... (optional)"}]
}`;
export const TRIAGE_FORMAT = `{"summary": "<what the logs show, 2-5 sentences>", "keyLines": ["<verbatim log line>", "..."]}`;
export const CHECK_FORMAT = `{"verdicts": [{"index": 0, "ok": true | false, "reason": "<why not, when ok is false>"}]}`;
