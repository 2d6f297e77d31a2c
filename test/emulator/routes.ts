/** URL → request attributes, following the API server's path layout (apiserver/pkg/endpoints/request/requestinfo.go). */
import type { ResourceRegistry, ResourceType } from "./resources.js";
import { pathNotFound } from "./status.js";

export type Route =
  | { kind: "discovery"; path: string }
  | { kind: "nonResource"; path: string }
  | {
      kind: "resource";
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

/** Namespace subresources that would otherwise read as a namespaced resource list. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

export function parseRoute(path: string, reg: ResourceRegistry): Route {
  const segs = path.split("/").filter(Boolean).map(decodeURIComponent);
  let group: string, version: string, rest: string[];
  if (segs[0] === "api") {
    if (segs.length <= 2) return { kind: "discovery", path };
    group = "";
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === "apis") {
    if (segs.length <= 3) return { kind: "discovery", path };
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else {
    return { kind: "nonResource", path };
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3 && !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!))) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 3) throw pathNotFound();
  const type = reg.byResource(group, version, rest[0]!);
  if (!type) throw pathNotFound();
  if (namespace !== undefined && !type.namespaced) throw pathNotFound();
  const name = rest[1];
  const subresource = rest[2];
  if (subresource && !(type.subresources ?? []).some((s) => s.name === subresource)) throw pathNotFound();
  // A namespaced object can only be addressed inside its namespace.
  if (type.namespaced && namespace === undefined && name !== undefined) throw pathNotFound();
  return { kind: "resource", type, namespace, name, subresource };
}
