/** The parts of the Lambda runtime's types the handlers use (no @types/aws-lambda dependency). */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  getRemainingTimeInMillis(): number;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
  md5OfBody?: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
