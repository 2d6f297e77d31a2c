import { z } from "zod";
import { CategorySchema, ConfidenceSchema } from "./taxonomy.js";
import { ResourceRefSchema } from "./resource.js";

export const EvidenceItemSchema = z.object({
  /** Where a person can check it: the equivalent kubectl command. */
  source: z.string(),
  detail: z.string(),
  /** log | event | status | spec | metric | diff | config | topology | model | history */
  type: z.string().optional(),
  resource: ResourceRefSchema.optional(),
  at: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const RemediationSchema = z.object({
  description: z.string(),
  /** A single kubectl command, validated by `kubectl --dry-run=client` in the eval. Absent for advice-only steps. */
  command: z.string().optional(),
  /** Shown next to the command: what to check before running it, side effects. */
  warning: z.string().optional(),
  /** True when a person must decide (e.g. the right memory limit, whether the dependency is the real cause). */
  needsJudgment: z.boolean().optional(),
});
export type Remediation = z.infer<typeof RemediationSchema>;

export const CauseSchema = z.object({
  category: CategorySchema,
  /** The culprit: the resource that must change. Omitted for external-dependency / unknown. */
  resource: ResourceRefSchema.optional(),
  confidence: ConfidenceSchema,
  summary: z.string(),
  /** Analyzer (or "model:<id>") that proposed it. */
  analyzer: z.string().optional(),
  /** Ranking score, 0..1. */
  score: z.number().optional(),
});
export type Cause = z.infer<typeof CauseSchema>;

export const StageNames = ["resolve", "topology", "evidence", "analyze", "model", "report"] as const;
export const StageStatusSchema = z.object({
  name: z.enum(StageNames),
  status: z.enum(["pending", "running", "ok", "failed", "timeout", "skipped"]),
  durationMs: z.number().optional(),
  /** Human sentence for failures: "cluster agent did not answer in 30 s". */
  message: z.string().optional(),
});
export type StageStatus = z.infer<typeof StageStatusSchema>;

export const ModelUsageSchema = z.object({
  stage: z.string(),
  model: z.string(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  calls: z.number().int().nonnegative(),
});

/** The report contract of ../shared/SCENARIOS.md plus what Slack, the portal and the store need. */
export const ReportSchema = z.object({
  investigationId: z.string(),
  status: z.enum(["complete", "partial"]),
  alert: z.object({
    alertname: z.string(),
    source: z.string(),
    cluster: z.string(),
    namespace: z.string().optional(),
    target: ResourceRefSchema.optional(),
    severity: z.string().optional(),
    startsAt: z.string(),
    fingerprint: z.string(),
    links: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
  }),
  rootCause: CauseSchema,
  /** Other ranked candidates (the deterministic finding when a model disagreed, shown side by side). */
  alternatives: z.array(CauseSchema).default([]),
  remediation: z.array(RemediationSchema),
  evidence: z.array(EvidenceItemSchema),
  /** Resources examined (topology nodes). */
  affectedResources: z.array(ResourceRefSchema).default([]),
  stages: z.array(StageStatusSchema).default([]),
  /** What failed or could not be seen, in plain words. Empty when complete. */
  failures: z.array(z.string()).default([]),
  /** Recurrence from the store: "fired 3 times this week; confirmed: OOMKilled on 2026-11-18". */
  history: z.array(z.string()).default([]),
  model: z
    .object({
      used: z.boolean(),
      fallback: z.string().optional(),
      narrative: z.string().optional(),
      usage: z.array(ModelUsageSchema).default([]),
    })
    .optional(),
  timing: z.object({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number() }),
  /** Kubernetes API requests the investigation cost. */
  apiRequests: z.number().int().nonnegative().default(0),
});
export type Report = z.infer<typeof ReportSchema>;
export type ReportInput = z.input<typeof ReportSchema>;
