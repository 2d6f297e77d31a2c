/** resource.get / resource.list: sanitized objects (Secrets: values masked, and only when permitted). */
import { sanitizeObject, type CommandOf, type KubeObject } from "../../../shared/src/index.js";
import { CommandError } from "../errors.js";
import { kindInfo } from "../k8s/kinds.js";
import type { Reader } from "../k8s/reader.js";
import type { SecretAccess } from "../k8s/secrets.js";

function checkKind(kind: string, secrets: SecretAccess): void {
  if (!kindInfo(kind)) throw new CommandError("INVALID_COMMAND", `the agent does not read ${kind}`);
  if (kind === "Secret" && !secrets.allowed) throw new CommandError("FORBIDDEN", "reading Secrets is not permitted for this agent (rbac.secretMetadata)");
}

export async function getResource(r: Reader, secrets: SecretAccess, p: CommandOf<"resource.get">["params"]): Promise<{ object: KubeObject }> {
  checkKind(p.ref.kind, secrets);
  const ns = kindInfo(p.ref.kind)!.namespaced ? p.ref.namespace : undefined;
  if (kindInfo(p.ref.kind)!.namespaced && !ns) throw new CommandError("INVALID_COMMAND", `${p.ref.kind} is namespaced: ref.namespace is required`);
  return { object: sanitizeObject(await r.get(p.ref.kind, ns, p.ref.name)) };
}

export async function listResources(r: Reader, secrets: SecretAccess, p: CommandOf<"resource.list">["params"]): Promise<{ data: { items: KubeObject[]; continue?: string }; warnings: string[] }> {
  checkKind(p.kind, secrets);
  const info = kindInfo(p.kind)!;
  const res = await r.list(p.kind, info.namespaced ? p.namespace : undefined, { labelSelector: p.labelSelector, fieldSelector: p.fieldSelector, limit: p.limit });
  const warnings = res.continue ? [`more than ${p.limit} ${p.kind} objects: only the first ${p.limit} were returned`] : [];
  return { data: { items: res.items.map((o) => sanitizeObject(o)), ...(res.continue ? { continue: res.continue } : {}) }, warnings };
}
