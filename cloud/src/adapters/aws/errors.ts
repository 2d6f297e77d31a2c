/** Maps AWS SDK failures to the product's typed errors. */
import { KubesleuthError, isKubesleuthError } from "../../../../shared/src/index.js";

export function isConditionalFailure(e: unknown): boolean {
  const name = (e as { name?: string } | undefined)?.name;
  return name === "ConditionalCheckFailedException" || name === "TransactionCanceledException";
}

/** Store/queue failures are transient for callers (5xx → the sender retries). */
export async function guard<T>(code: "STORE_UNAVAILABLE" | "QUEUE_UNAVAILABLE", what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isKubesleuthError(e)) throw e;
    const name = (e as { name?: string } | undefined)?.name ?? "Error";
    throw new KubesleuthError(code, `${what} failed: ${name}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}
