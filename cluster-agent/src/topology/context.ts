/** What every part of the walk shares: the reader, the graph being built, and reads that degrade to warnings. */
import { describeRef, type KubeObject, type ResourceRef } from "../../../shared/src/index.js";
import { isApiError, isForbidden, isNotFound } from "../k8s/errors.js";
import type { ListOptions, Reader } from "../k8s/reader.js";
import type { SecretAccess } from "../k8s/secrets.js";
import { GraphBuilder } from "./graph.js";

export class WalkContext {
  readonly g = new GraphBuilder();

  constructor(readonly r: Reader, readonly secrets: SecretAccess, readonly maxPods: number) {}

  /** Runs a read; a refusal or failure becomes a warning (the investigation must say what it could not see). */
  async safe<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (isForbidden(e)) this.g.warn(`cannot read ${what}: forbidden (${(e as Error).message})`);
      else if (isApiError(e)) this.g.warn(`cannot read ${what}: ${(e as Error).message}`);
      else throw e;
      return undefined;
    }
  }

  /** GET that tells apart "absent" (null) from "could not read" (undefined, with a warning). */
  async lookup(ref: ResourceRef): Promise<KubeObject | null | undefined> {
    try {
      return await this.r.get(ref.kind, ref.namespace, ref.name);
    } catch (e) {
      if (isNotFound(e)) return null;
      if (isForbidden(e)) {
        if (ref.kind === "Secret") this.secrets.denied();
        this.g.warn(ref.kind === "Secret" ? `cannot verify Secret ${ref.namespace}/${ref.name} (no permission)` : `cannot read ${describeRef(ref)}: forbidden`);
        return undefined;
      }
      if (isApiError(e)) {
        this.g.warn(`cannot read ${describeRef(ref)}: ${(e as Error).message}`);
        return undefined;
      }
      throw e;
    }
  }

  list(kind: string, namespace: string | undefined, o: ListOptions = {}): Promise<KubeObject[] | undefined> {
    const where = namespace ? ` in namespace ${namespace}` : "";
    return this.safe(`${kind} list${where}`, async () => (await this.r.list(kind, namespace, o)).items);
  }
}
