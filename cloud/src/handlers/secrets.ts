/**
 * Secret values read from Secrets Manager at runtime (never in the template or the environment), cached per
 * container for a few minutes so a rotation takes effect without a deploy. Every value read is registered
 * with the logger's masker.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { KubesleuthError } from "../../../shared/src/index.js";
import type { AwsClientOptions } from "../adapters/aws/clients.js";
import { addSecret } from "./logger.js";

const TTL_MS = 5 * 60_000;

export class SecretReader {
  private readonly client: SecretsManagerClient;
  private readonly cache = new Map<string, { value: string; at: number }>();

  constructor(o: AwsClientOptions) {
    this.client = new SecretsManagerClient({
      region: o.region ?? process.env.AWS_REGION ?? "us-east-1",
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
    });
  }

  async get(arn: string): Promise<string> {
    const hit = this.cache.get(arn);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: arn }));
      const value = out.SecretString ?? "";
      addSecret(value);
      this.cache.set(arn, { value, at: Date.now() });
      return value;
    } catch (e) {
      if (hit) return hit.value; // Secrets Manager hiccup: keep the last known value.
      throw new KubesleuthError("STORE_UNAVAILABLE", `could not read secret: ${(e as Error)?.name ?? "error"}`, { cause: e });
    }
  }
}

/** Accepted webhook tokens: one per line (or comma-separated) so a rotation can overlap old and new. */
export function splitTokens(value: string): string[] {
  return value.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
