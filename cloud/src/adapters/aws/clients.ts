/**
 * AWS SDK clients with an optional endpoint override (moto_server in tests, LocalStack for anyone who wants it).
 * One place decides region and endpoint so every adapter and handler agrees.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";

export interface AwsClientOptions {
  region?: string;
  /** e.g. http://127.0.0.1:5000 for moto_server; unset in AWS. */
  endpoint?: string;
  /** Static credentials for emulators; in AWS the default provider chain (Lambda role, Pod Identity) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function base(o: AwsClientOptions) {
  return {
    region: o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
    maxAttempts: 4,
  };
}

export const dynamoClient = (o: AwsClientOptions = {}) => new DynamoDBClient(base(o));
export const sqsClient = (o: AwsClientOptions = {}) => new SQSClient(base(o));
