/**
 * The stack's guarantees, asserted on the synthesized template (fast mode: Lambda code inline). The real
 * `cdk synth` CLI with esbuild bundling runs in synth.test.ts.
 */
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { StackConfigSchema, configFromContext } from "./lib/config.js";
import { KubesleuthStack } from "./lib/kubesleuth-stack.js";

const MODELS = { fast: "us.anthropic.claude-haiku-4-5-20251001-v1:0", strong: "anthropic.claude-sonnet-4-20250514-v1:0" };

function synth(over: Record<string, unknown> = {}) {
  const app = new App();
  const stack = new KubesleuthStack(app, "T", {
    config: StackConfigSchema.parse({ clusters: ["prod", "staging"], slackChannel: "C0123", models: MODELS, irsaOidcProviders: ["oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123"], ...over }),
    bundle: false,
  });
  return { stack, template: Template.fromStack(stack), json: Template.fromStack(stack).toJSON() };
}

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown };
function statements(json: any): { id: string; s: Statement; kind: string }[] {
  const out: { id: string; s: Statement; kind: string }[] = [];
  for (const [id, r] of Object.entries<any>(json.Resources)) {
    const docs = r.Type === "AWS::IAM::Policy" ? [r.Properties.PolicyDocument]
      : r.Type === "AWS::IAM::Role" ? (r.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)
      : r.Type === "AWS::IAM::ManagedPolicy" ? [r.Properties.PolicyDocument] : [];
    for (const d of docs) for (const s of d.Statement) out.push({ id, s, kind: r.Type });
  }
  return out;
}
const arr = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);

let t: ReturnType<typeof synth>;
beforeAll(() => {
  t = synth();
});

describe("KubesleuthStack", () => {
  it("Lambdas run Node.js 22 on arm64, each with its own role and log group", () => {
    const fns = t.template.findResources("AWS::Lambda::Function");
    expect(Object.keys(fns).length).toBeGreaterThanOrEqual(3);
    for (const f of Object.values<any>(fns)) {
      expect(f.Properties.Runtime).toBe("nodejs22.x");
      expect(f.Properties.Architectures).toEqual(["arm64"]);
      expect(f.Properties.LoggingConfig?.LogGroup).toBeDefined();
    }
    // No AWS managed policies anywhere (AWSLambdaBasicExecutionRole would grant logs:* on *).
    for (const r of Object.values<any>(t.template.findResources("AWS::IAM::Role"))) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("least privilege: no wildcard actions; wildcard resources only in the listed, AWS-imposed forms", () => {
    const all = statements(t.json);
    expect(all.length).toBeGreaterThan(10);
    for (const { id, s } of all) {
      if (s.Effect !== "Allow") continue;
      for (const a of arr(s.Action)) expect(a, `${id}: ${a}`).not.toMatch(/\*/);
      for (const r of arr(s.Resource)) {
        const text = JSON.stringify(r);
        if (!text.includes("*")) continue;
        // The only wildcards: DynamoDB index ARNs of one table, a log group's streams, and the foundation-model
        // ARN a cross-region inference profile routes to (the region is chosen by Bedrock).
        const allowed = /"\/index\/\*"/.test(text) || /:log-group:|LogGroup/.test(text) || /bedrock:\*::foundation-model\/[a-z0-9.:-]+"/.test(text);
        expect(allowed, `${id}: wildcard resource ${text}`).toBe(true);
      }
    }
    // Nothing may be granted on "*" alone.
    for (const { s } of all) expect(arr(s.Resource)).not.toContain("*");
  });

  it("each function gets only its own tables, queues and secrets", () => {
    const byRole = (role: string) => statements(t.json).filter((x) => x.id.startsWith(role)).map((x) => ({ a: arr(x.s.Action), r: JSON.stringify(x.s.Resource) }));
    const collector = byRole("CollectorRole");
    expect(collector.flatMap((x) => x.a).sort()).toEqual(
      ["dynamodb:PutItem", "logs:CreateLogStream", "logs:PutLogEvents", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"].sort());
    expect(collector.map((x) => x.r).join()).not.toMatch(/Investigations|Secret|Webhook|Slack/);
    const intake = byRole("IntakeRole");
    expect(intake.map((x) => x.r).join()).not.toMatch(/Slack|Commands|Results|Feedback/);
    expect(intake.flatMap((x) => x.a)).not.toContain("dynamodb:Scan");
    const investigate = byRole("InvestigateRole");
    expect(investigate.map((x) => x.r).join()).not.toMatch(/WebhookToken|SigningSecret/);
    expect(investigate.filter((x) => x.a.some((a) => a.startsWith("bedrock:")))).toHaveLength(1);
  });

  it("Bedrock invoke only for the configured model ids; none without models", () => {
    const bedrock = statements(t.json).filter((x) => arr(x.s.Action).some((a) => a.startsWith("bedrock:")));
    const resources = JSON.stringify(bedrock.map((x) => x.s.Resource));
    expect(resources).toContain("inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(resources).toContain("foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(resources).toContain("foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
    const none = synth({ models: {} });
    expect(statements(none.json).filter((x) => arr(x.s.Action).some((a) => a.startsWith("bedrock:")))).toHaveLength(0);
  });

  it("every queue: SSE, TLS-only policy, explicit 1 MiB max size; every source queue has a DLQ and long polling", () => {
    const queues = t.template.findResources("AWS::SQS::Queue");
    const ids = Object.keys(queues);
    expect(ids.length).toBe(2 * (2 + 2)); // investigations, results, 2 command queues, each + DLQ
    const dlqArns = new Set<string>();
    for (const [id, q] of Object.entries<any>(queues)) {
      expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
      expect(q.Properties.MaximumMessageSize, id).toBe(1048576);
      if (id.includes("Dlq")) continue;
      expect(q.Properties.ReceiveMessageWaitTimeSeconds, id).toBe(20);
      expect(q.Properties.RedrivePolicy?.deadLetterTargetArn, id).toBeDefined();
      expect(q.Properties.RedrivePolicy.maxReceiveCount, id).toBeGreaterThan(0);
      dlqArns.add(q.Properties.RedrivePolicy.deadLetterTargetArn["Fn::GetAtt"][0]);
    }
    expect(dlqArns.size).toBe(4);
    const policies = Object.values<any>(t.template.findResources("AWS::SQS::QueuePolicy"));
    expect(policies.length).toBe(ids.length);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    }
  });

  it("DynamoDB tables: on-demand, encrypted, PITR, TTL; investigations carry the open/active indexes", () => {
    const tables = Object.values<any>(t.template.findResources("AWS::DynamoDB::Table"));
    expect(tables).toHaveLength(5);
    for (const tb of tables) {
      expect(tb.Properties.BillingMode).toBe("PAY_PER_REQUEST");
      expect(tb.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      expect(tb.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(tb.Properties.TimeToLiveSpecification?.Enabled).toBe(true);
    }
    t.template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: "openByTarget" }), Match.objectLike({ IndexName: "active" })]),
    });
  });

  it("secrets carry no value in the template; no credential-looking strings anywhere", () => {
    const secrets = Object.values<any>(t.template.findResources("AWS::SecretsManager::Secret"));
    expect(secrets).toHaveLength(3);
    for (const s of secrets) {
      expect(s.Properties.SecretString).toBeUndefined();
      expect(s.Properties.GenerateSecretString).toBeDefined();
    }
    const text = JSON.stringify(t.json);
    expect(text.match(/xox[abp]-[A-Za-z0-9]|AKIA[0-9A-Z]{16}|"SecretString"/)?.[0]).toBeUndefined();
    for (const f of Object.values<any>(t.template.findResources("AWS::Lambda::Function"))) {
      for (const k of Object.keys(f.Properties.Environment?.Variables ?? {})) expect(k).not.toMatch(/TOKEN$|SECRET$|PASSWORD/);
    }
  });

  it("agent role per cluster: Pod Identity + IRSA trust; receive/delete/changeVisibility on its queue, send on results only", () => {
    const roles = Object.entries<any>(t.template.findResources("AWS::IAM::Role")).filter(([id]) => id.startsWith("AgentRole"));
    expect(roles).toHaveLength(2);
    for (const [, r] of roles) {
      const trust = JSON.stringify(r.Properties.AssumeRolePolicyDocument);
      expect(trust).toContain("pods.eks.amazonaws.com");
      expect(trust).toContain("sts:TagSession");
      expect(trust).toContain("system:serviceaccount:kubesleuth:kubesleuth-agent");
    }
    const prod = statements(t.json).filter((x) => x.id.startsWith("AgentRoleProd"));
    expect(prod.map((x) => [arr(x.s.Action).sort(), JSON.stringify(x.s.Resource)])).toEqual([
      [["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage"], expect.stringContaining("CommandsProdQueue")],
      [["sqs:SendMessage"], expect.stringContaining("ResultsQueue")],
    ]);
  });

  it("HTTP API route, alarms on every DLQ and function, outputs for the Helm install", () => {
    t.template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "POST /alerts/{source}" });
    const alarms = Object.values<any>(t.template.findResources("AWS::CloudWatch::Alarm"));
    expect(alarms.filter((a) => a.Properties.MetricName === "ApproximateNumberOfMessagesVisible")).toHaveLength(4);
    expect(alarms.filter((a) => a.Properties.MetricName === "Errors").length).toBe(Object.keys(t.template.findResources("AWS::Lambda::Function")).length);
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
    const outputs = Object.keys(t.json.Outputs);
    for (const o of ["WebhookUrl", "ResultsQueueUrl", "Region", "AgentRoleArnProd", "CommandQueueUrlProd", "AgentRoleArnStaging"]) expect(outputs).toContain(o);
  });

  it("a rule file is validated at synth time and shipped to intake and investigate", () => {
    const { template } = synth({ rulesFile: "cloud/rules.sample.yaml" });
    const fns = Object.entries<any>(template.findResources("AWS::Lambda::Function"));
    const withRules = fns.filter(([, f]) => f.Properties.Environment?.Variables?.RULES_FILE === "/var/task/rules.yaml").map(([id]) => id.replace(/[A-F0-9]{8}$/, ""));
    expect(withRules.sort()).toEqual(["Intake", "Investigate"]);
    expect(() => synth({ rulesFile: "cdk.json" })).toThrow();
  });

  it("Slack: interactions route and daily digest (only with a channel); delivery retries every 15 minutes", () => {
    t.template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "POST /slack/interactions" });
    t.template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(0 8 * * ? *)" });
    t.template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(15 minutes)" });
    const interactions = statements(t.json).filter((x) => x.id.startsWith("SlackInteractionsRole")).map((x) => JSON.stringify(x.s.Resource)).join();
    expect(interactions).toMatch(/SlackSigningSecret/);
    expect(interactions).not.toMatch(/WebhookToken|Commands|Results/);
    const quiet = synth({ slackChannel: "" });
    expect(JSON.stringify(quiet.json)).not.toContain("cron(0 8");
  });

  it("context is validated: bad cluster ids fail the synth with the field name", () => {
    expect(() => configFromContext((k) => (k === "kubesleuth:clusters" ? "Prod_1" : undefined))).toThrow(/clusters\.0/);
    expect(configFromContext((k) => ({ "kubesleuth:clusters": "a,b", "kubesleuth:model:fast": "m1" } as Record<string, string>)[k])).toMatchObject({ clusters: ["a", "b"], models: { fast: "m1" } });
  });
});
