/**
 * CDK app entry (cdk.json: `npx tsx cdk/bin/app.ts`). Configuration comes from context, e.g.
 *   npx cdk synth -c kubesleuth:clusters=prod,staging -c kubesleuth:slackChannel=C0123 -c kubesleuth:model:strong=us.anthropic...
 * Synth needs no AWS credentials: the stack is environment-agnostic unless CDK_DEFAULT_ACCOUNT/REGION are set.
 */
import { App } from "aws-cdk-lib";
import { configFromContext } from "../lib/config.js";
import { KubesleuthStack } from "../lib/kubesleuth-stack.js";

const app = new App();
const get = (k: string) => app.node.tryGetContext(k);
const config = configFromContext((k) => get(k) ?? (k === "kubesleuth:clusters" ? "default" : undefined));
new KubesleuthStack(app, get("kubesleuth:stackName") ?? "Kubesleuth", {
  config,
  bundle: get("kubesleuth:bundle") !== "false" && get("kubesleuth:bundle") !== false,
  env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
  description: "kubesleuth: read-only incident investigator for Kubernetes",
});
app.synth();
