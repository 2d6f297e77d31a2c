/**
 * A minimal OpenAPI v3 surface: the index and one document per group/version listing each resource's object path
 * with its PATCH operation, `x-kubernetes-group-version-kind` and the `fieldValidation` query parameter. That is
 * what kubectl (apply, create, replace) probes to decide that the server validates fields itself, so
 * `kubectl apply --dry-run=client` works without the full schemas (which the emulator does not carry). Schemas
 * are absent, so `kubectl explain` has nothing to show.
 */
import { createHash } from "node:crypto";
import { groupVersion, type ResourceRegistry, type ResourceType } from "./resources.js";

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

export function openApiIndex(reg: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const gvs = new Map<string, { group: string; version: string }>();
  for (const t of reg.types) gvs.set(groupVersion(t), { group: t.group, version: t.version });
  for (const { group, version } of gvs.values()) {
    const p = gvPath(group, version);
    const hash = createHash("sha256").update(JSON.stringify(openApiDocument(reg, group, version))).digest("hex").slice(0, 32).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

function objectPath(t: ResourceType): string {
  const base = `/${gvPath(t.group, t.version)}`;
  return t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}/{name}` : `${base}/${t.plural}/{name}`;
}

const FIELD_VALIDATION = {
  name: "fieldValidation",
  in: "query",
  description: "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
  schema: { type: "string", uniqueItems: true },
};

export function openApiDocument(reg: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = reg.inGroupVersion(group, version);
  if (!types.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const op = (action: string) => ({
      operationId: `${action}${t.kind}`,
      "x-kubernetes-action": action,
      "x-kubernetes-group-version-kind": gvk,
      parameters: action === "patch" || action === "put" ? [FIELD_VALIDATION] : [],
      responses: { "200": { description: "OK" } },
    });
    paths[objectPath(t)] = { get: op("get"), put: op("put"), patch: op("patch"), delete: op("delete") };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.4" }, paths, components: { schemas: {} } };
}
