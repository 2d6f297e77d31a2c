/**
 * Stack configuration from CDK context (cdk.json or `-c key=value`), validated with zod so a typo fails the
 * synth with the field name instead of deploying something half-configured.
 */
import { z } from "zod";

const ClusterId = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/, "cluster ids are lower-case DNS labels (max 40 chars)");

export const StackConfigSchema = z.object({
  /** One command queue per cluster id; the agent in that cluster polls it. */
  clusters: z.array(ClusterId).min(1).max(50).refine((c) => new Set(c).size === c.length, "cluster ids must be unique"),
  /** Alerts without a cluster label are attributed to this one (default: the first cluster). */
  defaultCluster: ClusterId.optional(),
  clusterLabel: z.string().min(1).default("cluster"),
  slackChannel: z.string().default(""),
  /** Bedrock model or inference-profile ids the investigate function may invoke; empty = rules only. */
  models: z.object({ fast: z.string().optional(), strong: z.string().optional(), check: z.string().optional() }).default({}),
  /** Which Authorization schemes the webhook accepts. */
  alertAuth: z.enum(["bearer", "basic", "any"]).default("any"),
  /** Email for alarm notifications (SNS); none when empty. */
  alarmEmail: z.string().email().optional(),
  /** OIDC provider of an EKS cluster (e.g. oidc.eks.eu-west-1.amazonaws.com/id/ABC...) for IRSA; Pod Identity is always allowed. */
  irsaOidcProviders: z.array(z.string().regex(/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Z0-9]+$/)).default([]),
  agentNamespace: z.string().default("kubesleuth"),
  agentServiceAccount: z.string().default("kubesleuth-agent"),
  retentionDays: z.number().int().min(1).max(3650).default(365),
  /** Rule file (docs/rules.md) shipped inside the intake and investigate bundles; built-in defaults when unset. */
  rulesFile: z.string().optional(),
  /** Keep data tables and secrets when the stack is deleted (production: true). */
  retainData: z.boolean().default(true),
});
export type StackConfig = z.infer<typeof StackConfigSchema>;

/** Reads `kubesleuth` context: either one JSON object, or individual keys (`-c clusters=prod,staging`). */
export function configFromContext(get: (key: string) => unknown): StackConfig {
  const whole = get("kubesleuth");
  const raw: Record<string, unknown> = typeof whole === "string" ? JSON.parse(whole) : { ...(whole as object ?? {}) };
  const list = (v: unknown) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v);
  for (const key of ["clusters", "defaultCluster", "clusterLabel", "slackChannel", "alertAuth", "alarmEmail", "irsaOidcProviders", "agentNamespace", "agentServiceAccount", "rulesFile"]) {
    const v = get(`kubesleuth:${key}`);
    if (v !== undefined) raw[key] = key === "clusters" || key === "irsaOidcProviders" ? list(v) : v;
  }
  for (const m of ["fast", "strong", "check"]) {
    const v = get(`kubesleuth:model:${m}`);
    if (typeof v === "string" && v) raw.models = { ...(raw.models as object ?? {}), [m]: v };
  }
  const retain = get("kubesleuth:retainData");
  if (retain !== undefined) raw.retainData = retain === true || retain === "true";
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`kubesleuth context invalid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
