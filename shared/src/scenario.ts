import { z } from "zod";
import { AlertSourceSchema } from "./alert.js";
import { CategorySchema } from "./taxonomy.js";
import { ResourceRefSchema } from "./resource.js";

/** Scenario format (../shared/SCENARIOS.md). Loading from disk lives in test/scenarios/loader.ts. */
export const ScenarioMetaSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  description: z.string().min(1),
  /** The clock the investigation runs at. */
  now: z.string().datetime({ offset: true }),
  alertSource: AlertSourceSchema.default("alertmanager"),
  tags: z.array(z.string()).optional(),
});
export type ScenarioMeta = z.infer<typeof ScenarioMetaSchema>;

/** Fixture-only document carrying container logs (they are not API objects). */
export const PodLogsSchema = z.object({
  apiVersion: z.literal("kubesleuth.dev/v1alpha1"),
  kind: z.literal("PodLogs"),
  metadata: z.object({ namespace: z.string(), name: z.string() }),
  containers: z.record(z.string(), z.object({ current: z.string().optional(), previous: z.string().optional() })),
});
export type PodLogs = z.infer<typeof PodLogsSchema>;

const oneOrMany = <T extends z.ZodTypeAny>(s: T) => z.union([s, z.array(s).min(1)]);

/** Ground truth: read ONLY by the eval harness, never by product code. */
export const ExpectedSchema = z.object({
  category: oneOrMany(CategorySchema),
  culprit: oneOrMany(ResourceRefSchema).optional(),
  mustMention: z.array(z.string()).optional(),
  remediationTargets: z.array(ResourceRefSchema).optional(),
});
export type Expected = z.infer<typeof ExpectedSchema>;
