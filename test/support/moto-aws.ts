/**
 * moto_server on loopback for the AWS adapter/handler tests: started on a random port, stopped in afterAll.
 * (The agent engineer's test/support/moto.ts may offer the same; this one is self-contained so the AWS tests
 * do not depend on its timing.) Also creates kubesleuth's tables and queues with the production layouts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { dynamoClient, sqsClient, type AwsClientOptions } from "../../cloud/src/adapters/aws/clients.js";
import { TABLES, createTableInput, type TableName } from "../../cloud/src/adapters/aws/schema.js";

export interface MotoServer {
  endpoint: string;
  aws: AwsClientOptions;
  stop(): Promise<void>;
}

export async function startMotoServer(): Promise<MotoServer> {
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`moto_server did not start: ${seen}`)), 30_000);
    const onData = (b: Buffer) => {
      seen += b.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`moto_server exited (${code}): ${seen}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    endpoint,
    aws: { endpoint, region: "us-east-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

/** Creates every table with a unique prefix; returns the names. */
export async function createTables(aws: AwsClientOptions, prefix: string): Promise<Record<TableName, string>> {
  const ddb = dynamoClient(aws);
  const names = {} as Record<TableName, string>;
  for (const [key, def] of Object.entries(TABLES) as [TableName, (typeof TABLES)[TableName]][]) {
    names[key] = `${prefix}-${key}`;
    await ddb.send(new CreateTableCommand(createTableInput(def, names[key])));
  }
  ddb.destroy();
  return names;
}

/** Creates a standard queue with a DLQ-like redrive for tests; returns url and arn. */
export async function createQueue(aws: AwsClientOptions, name: string, attributes: Record<string, string> = {}) {
  const sqs = sqsClient(aws);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "30", ...attributes } }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  sqs.destroy();
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}
