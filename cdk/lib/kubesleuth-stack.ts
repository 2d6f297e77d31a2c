/**
 * kubesleuth in the user's own AWS account: HTTP API → intake Lambda → investigations queue → investigate
 * Lambda → per-cluster command queues ⇄ cluster agent → results queue → collector Lambda → results table.
 * Serverless, encrypted at rest and in transit, least-privilege per function, alarms on every DLQ and function.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CfnOutput, Duration, RemovalPolicy, Stack, type StackProps,
  aws_apigatewayv2 as apigw, aws_apigatewayv2_integrations as integrations, aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions, aws_dynamodb as ddb, aws_events as events, aws_events_targets as targets,
  aws_iam as iam, aws_lambda as lambda, aws_lambda_event_sources as sources, aws_lambda_nodejs as nodejs,
  aws_logs as logs, aws_secretsmanager as sm, aws_sns as sns, aws_sns_subscriptions as subs, aws_sqs as sqs,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import { TABLES, type TableDef, type TableName } from "../../cloud/src/adapters/aws/schema.js";
import { parseRules } from "../../cloud/src/core/rules/index.js";
import type { StackConfig } from "./config.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const HANDLERS = join(ROOT, "cloud", "src", "handlers");
/** SQS maximum (1 MiB): one agent result = one message (shared/src/protocol.ts MAX_MESSAGE_BYTES). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface KubesleuthStackProps extends StackProps {
  config: StackConfig;
  /**
   * false: Lambda code is a small inline placeholder instead of the esbuild bundle (fast assertion tests only;
   * a separate test runs the real `cdk synth` with bundling).
   */
  bundle?: boolean;
}

export class KubesleuthStack extends Stack {
  readonly queues: Record<string, sqs.Queue> = {};
  readonly dlqs: sqs.Queue[] = [];
  readonly functions: Record<string, lambda.Function> = {};

  constructor(scope: Construct, id: string, props: KubesleuthStackProps) {
    super(scope, id, props);
    const cfg = props.config;
    const bundle = props.bundle ?? true;
    const dataRemoval = cfg.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // ── alarms ──
    const alarmTopic = new sns.Topic(this, "AlarmTopic", { displayName: "kubesleuth alarms", enforceSSL: true });
    if (cfg.alarmEmail) alarmTopic.addSubscription(new subs.EmailSubscription(cfg.alarmEmail));
    const alarm = (a: cw.Alarm) => a.addAlarmAction(new cwActions.SnsAction(alarmTopic));

    // ── tables ──
    const table = (name: TableName, def: TableDef) => {
      const t = new ddb.Table(this, `${name[0]!.toUpperCase()}${name.slice(1)}Table`, {
        partitionKey: { name: def.partitionKey, type: ddb.AttributeType.STRING },
        ...(def.sortKey ? { sortKey: { name: def.sortKey, type: ddb.AttributeType.STRING } } : {}),
        billingMode: ddb.BillingMode.PAY_PER_REQUEST,
        encryption: ddb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: def.ttlAttribute,
        removalPolicy: name === "results" || name === "idempotency" ? RemovalPolicy.DESTROY : dataRemoval,
      });
      for (const i of def.indexes) {
        t.addGlobalSecondaryIndex({
          indexName: i.name,
          partitionKey: { name: i.partitionKey, type: ddb.AttributeType.STRING },
          ...(i.sortKey ? { sortKey: { name: i.sortKey, type: ddb.AttributeType.STRING } } : {}),
          projectionType: i.projection === "ALL" ? ddb.ProjectionType.ALL : ddb.ProjectionType.KEYS_ONLY,
        });
      }
      return t;
    };
    const tables = Object.fromEntries((Object.keys(TABLES) as TableName[]).map((n) => [n, table(n, TABLES[n])])) as Record<TableName, ddb.Table>;

    // ── queues: each with a DLQ, SSE, TLS only, explicit max size, long polling ──
    const queue = (name: string, o: { visibility: Duration; retention: Duration; maxReceiveCount: number }) => {
      const dlq = new sqs.Queue(this, `${name}Dlq`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14),
        maxMessageSizeBytes: MAX_MESSAGE_BYTES,
      });
      const q = new sqs.Queue(this, `${name}Queue`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true,
        maxMessageSizeBytes: MAX_MESSAGE_BYTES,
        receiveMessageWaitTime: Duration.seconds(20),
        visibilityTimeout: o.visibility,
        retentionPeriod: o.retention,
        deadLetterQueue: { queue: dlq, maxReceiveCount: o.maxReceiveCount },
      });
      alarm(new cw.Alarm(this, `${name}DlqDepth`, {
        alarmDescription: `kubesleuth: messages in the ${name} dead-letter queue (inspect, then redrive)`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
        threshold: 1, evaluationPeriods: 1, comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }));
      this.queues[name] = q;
      this.dlqs.push(dlq);
      return q;
    };
    const INVESTIGATE_TIMEOUT = Duration.minutes(4);
    // Visibility well above the investigate timeout: a redelivery never overlaps a run still in progress.
    const investigations = queue("Investigations", { visibility: Duration.minutes(10), retention: Duration.days(4), maxReceiveCount: 3 });
    const results = queue("Results", { visibility: Duration.minutes(3), retention: Duration.hours(1), maxReceiveCount: 5 });
    const commandQueues = Object.fromEntries(cfg.clusters.map((c) => [c, queue(`Commands${pascal(c)}`, {
      // Commands are worthless after their deadline (≤ 1 min): short retention; the agent drops stale ones anyway.
      visibility: Duration.seconds(60), retention: Duration.minutes(15), maxReceiveCount: 3,
    })]));

    // ── secrets: created without values in the template; filled by the operator (see docs/deploy.md) ──
    const secret = (id: string, description: string, generate: sm.SecretStringGenerator) => new sm.Secret(this, id, {
      description, generateSecretString: generate, removalPolicy: dataRemoval,
    });
    // A random token is generated at deploy time: usable as is, or replace it with your own.
    const webhookToken = secret("WebhookToken", "kubesleuth: webhook bearer token(s) for alert senders, one per line", { passwordLength: 48, excludePunctuation: true });
    // Placeholders until the operator stores the real Slack values (put-secret-value); random so nothing guessable is ever accepted.
    const slackBotToken = secret("SlackBotToken", "kubesleuth: Slack bot token (the one starting with xoxb) — replace the placeholder", { passwordLength: 32, excludePunctuation: true });
    const slackSigningSecret = secret("SlackSigningSecret", "kubesleuth: Slack signing secret — replace the placeholder", { passwordLength: 32, excludePunctuation: true });

    // ── rules: validated now (a bad file fails the synth with its line), shipped inside the bundles ──
    const rulesPath = cfg.rulesFile ? resolve(ROOT, cfg.rulesFile) : undefined;
    if (rulesPath) parseRules(readFileSync(rulesPath, "utf8"), cfg.rulesFile);
    const RULES_IN_BUNDLE = "/var/task/rules.yaml";

    // ── functions ──
    const common = {
      ALERTS_TABLE: tables.alerts.tableName,
      INVESTIGATIONS_TABLE: tables.investigations.tableName,
      FEEDBACK_TABLE: tables.feedback.tableName,
      RESULTS_TABLE: tables.results.tableName,
      INVESTIGATIONS_QUEUE_URL: investigations.queueUrl,
      RETENTION_DAYS: String(cfg.retentionDays),
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_LOG_LEVEL: "INFO",
    };
    const fn = (name: string, file: string, o: { timeout: Duration; memory: number; env: Record<string, string>; rules?: boolean }) => {
      const withRules = !!(o.rules && rulesPath);
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
      // Own role instead of AWSLambdaBasicExecutionRole (logs:* on "*"): write to this function's log group only.
      const role = new iam.Role(this, `${name}Role`, { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"), description: `kubesleuth ${name} function` });
      role.addToPolicy(new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup.logGroupArn] }));
      const f = new nodejs.NodejsFunction(this, name, {
        entry: join(HANDLERS, file),
        handler: "handler",
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        timeout: o.timeout,
        memorySize: o.memory,
        environment: withRules ? { ...o.env, RULES_FILE: RULES_IN_BUNDLE } : o.env,
        logGroup,
        role,
        projectRoot: ROOT,
        depsLockFilePath: join(ROOT, "package-lock.json"),
        ...(bundle
          ? {
              bundling: {
                format: nodejs.OutputFormat.ESM,
                target: "node22",
                minify: true,
                sourceMap: true,
                // Bundle the AWS SDK too: the exact versions tested, not whatever the runtime ships.
                externalModules: [],
                mainFields: ["module", "main"],
                banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
                ...(withRules
                  ? {
                      commandHooks: {
                        beforeBundling: () => [],
                        beforeInstall: () => [],
                        afterBundling: (_in: string, out: string) => [`cp ${JSON.stringify(rulesPath)} ${JSON.stringify(join(out, "rules.yaml"))}`],
                      },
                    }
                  : {}),
              },
            }
          : { code: lambda.Code.fromInline("export const handler = async () => { throw new Error('test build without bundling'); };") }),
      });
      alarm(new cw.Alarm(this, `${name}Errors`, {
        alarmDescription: `kubesleuth: ${name} function errors`,
        metric: f.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1, evaluationPeriods: 1, comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }));
      this.functions[name] = f;
      return f;
    };

    const defaultCluster = cfg.defaultCluster ?? cfg.clusters[0]!;
    const intake = fn("Intake", "intake.ts", {
      timeout: Duration.seconds(20), memory: 512, rules: true,
      env: {
        ...common, IDEMPOTENCY_TABLE: tables.idempotency.tableName, WEBHOOK_TOKEN_SECRET_ARN: webhookToken.secretArn,
        ALERT_AUTH_MODE: cfg.alertAuth, CLUSTER_LABEL: cfg.clusterLabel, DEFAULT_CLUSTER: defaultCluster,
      },
    });
    tables.alerts.grant(intake, "dynamodb:PutItem");
    tables.investigations.grant(intake, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem");
    tables.idempotency.grant(intake, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    investigations.grantSendMessages(intake);
    webhookToken.grantRead(intake);

    const modelIds = [...new Set(Object.values(cfg.models).filter((m): m is string => !!m))];
    const investigate = fn("Investigate", "investigate.ts", {
      timeout: INVESTIGATE_TIMEOUT, memory: 1024, rules: true,
      env: {
        ...common,
        COMMAND_QUEUES: JSON.stringify(Object.fromEntries(Object.entries(commandQueues).map(([c, q]) => [c, q.queueUrl]))),
        SLACK_CHANNEL: cfg.slackChannel, SLACK_BOT_TOKEN_SECRET_ARN: slackBotToken.secretArn,
        MODEL_IDS: JSON.stringify(cfg.models),
      },
    });
    // maxConcurrency caps parallel investigations: protects each cluster's API server (via its agent) and Bedrock quotas.
    investigate.addEventSource(new sources.SqsEventSource(investigations, { batchSize: 2, reportBatchItemFailures: true, maxConcurrency: 10 }));
    tables.investigations.grant(investigate, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:Scan");
    // Reports whose Slack delivery failed are re-sent every 15 minutes (the same function, a scheduled event).
    new events.Rule(this, "RetryDeliveries", {
      description: "kubesleuth: re-send diagnoses whose Slack delivery failed",
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(investigate, { retryAttempts: 0 })],
    });
    tables.feedback.grant(investigate, "dynamodb:Query", "dynamodb:Scan");
    tables.results.grant(investigate, "dynamodb:GetItem");
    investigations.grantSendMessages(investigate); // releases investigations waiting for a slot
    for (const q of Object.values(commandQueues)) q.grantSendMessages(investigate);
    slackBotToken.grantRead(investigate);
    if (modelIds.length) {
      investigate.addToRolePolicy(new iam.PolicyStatement({
        actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        resources: modelIds.flatMap((m) => bedrockArns(this, m)),
      }));
    }

    const collector = fn("Collector", "collector.ts", { timeout: Duration.seconds(30), memory: 512, env: { RESULTS_TABLE: tables.results.tableName } });
    // Results can be up to 1 MiB each: small batches keep the invocation payload under Lambda's 6 MB.
    collector.addEventSource(new sources.SqsEventSource(results, { batchSize: 5, reportBatchItemFailures: true }));
    tables.results.grant(collector, "dynamodb:PutItem");

    // Slack interactions and the digest exist once the Slack adapter ships their entry points.
    const slackEnv = { ...common, SLACK_CHANNEL: cfg.slackChannel, SLACK_BOT_TOKEN_SECRET_ARN: slackBotToken.secretArn, SLACK_SIGNING_SECRET_ARN: slackSigningSecret.secretArn };
    const interactionsEntry = existsSync(join(HANDLERS, "slack-interactions.ts"));
    const interactions = interactionsEntry ? fn("SlackInteractions", "slack-interactions.ts", { timeout: Duration.seconds(10), memory: 512, env: slackEnv }) : undefined;
    if (interactions) {
      tables.investigations.grant(interactions, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem");
      tables.feedback.grant(interactions, "dynamodb:PutItem", "dynamodb:Query");
      slackBotToken.grantRead(interactions);
      slackSigningSecret.grantRead(interactions);
    }
    // The digest posts to the channel: without one it would only fail every morning.
    if (existsSync(join(HANDLERS, "digest.ts")) && cfg.slackChannel) {
      const digest = fn("Digest", "digest.ts", { timeout: Duration.minutes(2), memory: 512, env: slackEnv });
      tables.investigations.grant(digest, "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:Scan");
      tables.feedback.grant(digest, "dynamodb:Query", "dynamodb:Scan");
      slackBotToken.grantRead(digest);
      new events.Rule(this, "DailyDigest", {
        description: "kubesleuth daily digest",
        schedule: events.Schedule.cron({ minute: "0", hour: "8" }),
        targets: [new targets.LambdaFunction(digest, { retryAttempts: 2 })],
      });
    }

    // ── HTTP API ──
    const api = new apigw.HttpApi(this, "Api", { description: "kubesleuth webhooks", createDefaultStage: true });
    api.addRoutes({ path: "/alerts/{source}", methods: [apigw.HttpMethod.POST], integration: new integrations.HttpLambdaIntegration("IntakeIntegration", intake) });
    if (interactions) {
      api.addRoutes({ path: "/slack/interactions", methods: [apigw.HttpMethod.POST], integration: new integrations.HttpLambdaIntegration("SlackIntegration", interactions) });
    }
    const stage = api.defaultStage!.node.defaultChild as apigw.CfnStage;
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    // ── the cluster agent's role: receive/delete on its command queue, send on the results queue ──
    const agentPrincipals: iam.IPrincipal[] = [
      new iam.SessionTagsPrincipal(new iam.ServicePrincipal("pods.eks.amazonaws.com")),
      ...cfg.irsaOidcProviders.map((p) => new iam.WebIdentityPrincipal(`arn:${this.partition}:iam::${this.account}:oidc-provider/${p}`, {
        StringEquals: { [`${p}:sub`]: `system:serviceaccount:${cfg.agentNamespace}:${cfg.agentServiceAccount}`, [`${p}:aud`]: "sts.amazonaws.com" },
      })),
    ];
    const agentRoles: Record<string, iam.Role> = {};
    for (const [cluster, q] of Object.entries(commandQueues)) {
      const role = new iam.Role(this, `AgentRole${pascal(cluster)}`, {
        description: `kubesleuth agent in cluster ${cluster}: read its command queue, send results`,
        assumedBy: new iam.CompositePrincipal(...agentPrincipals),
        maxSessionDuration: Duration.hours(1),
      });
      role.addToPolicy(new iam.PolicyStatement({
        actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
        resources: [q.queueArn],
      }));
      role.addToPolicy(new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [results.queueArn] }));
      agentRoles[cluster] = role;
      new CfnOutput(this, `AgentRoleArn${pascal(cluster)}`, { value: role.roleArn, description: `agent IAM role for cluster ${cluster} (serviceAccount annotation / Pod Identity association)` });
      new CfnOutput(this, `CommandQueueUrl${pascal(cluster)}`, { value: q.queueUrl, description: `command queue of cluster ${cluster} (Helm: sqs.commandQueueUrl)` });
    }

    new CfnOutput(this, "WebhookUrl", { value: `${api.apiEndpoint}/alerts/alertmanager`, description: "Alertmanager webhook URL (other sources: /alerts/grafana, /alerts/datadog, /alerts/cloudwatch)" });
    new CfnOutput(this, "ApiEndpoint", { value: api.apiEndpoint });
    new CfnOutput(this, "ResultsQueueUrl", { value: results.queueUrl, description: "Helm: sqs.resultsQueueUrl" });
    new CfnOutput(this, "Region", { value: this.region, description: "Helm: aws.region" });
    new CfnOutput(this, "WebhookTokenSecretArn", { value: webhookToken.secretArn });
    new CfnOutput(this, "SlackBotTokenSecretArn", { value: slackBotToken.secretArn });
    new CfnOutput(this, "SlackSigningSecretArn", { value: slackSigningSecret.secretArn });
    new CfnOutput(this, "AlarmTopicArn", { value: alarmTopic.topicArn });
  }
}

/** Foundation-model ARNs, plus inference-profile ARNs (and the foundation models they route to in any region). */
function bedrockArns(stack: Stack, modelId: string): string[] {
  const p = stack.partition;
  if (/^(us|eu|apac|global|us-gov|jp|au|ca)\./.test(modelId)) {
    const base = modelId.replace(/^[a-z-]+\./, "");
    return [
      `arn:${p}:bedrock:${stack.region}:${stack.account}:inference-profile/${modelId}`,
      // A cross-region profile invokes the model in any region of its geography: the region must be a wildcard.
      `arn:${p}:bedrock:*::foundation-model/${base}`,
    ];
  }
  return [`arn:${p}:bedrock:${stack.region}::foundation-model/${modelId}`];
}

function pascal(s: string): string {
  return s.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
