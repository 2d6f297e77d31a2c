/** Kubernetes `Status` errors, with the codes, reasons and messages the real API server writes. */
import { qualifiedResource, type ResourceType } from "./resources.js";

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
}

/** Thrown inside request handling; the server turns it into a Status response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function gk(t: ResourceType, name?: string): StatusDetails {
  return { ...(name !== undefined ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural };
}

export const notFound = (t: ResourceType, name: string) =>
  new ApiError(404, "NotFound", `${qualifiedResource(t)} "${name}" not found`, gk(t, name));

/** 404 for a URL that names no served resource (real servers answer `the server could not find the requested resource`). */
export const pathNotFound = () => new ApiError(404, "NotFound", "the server could not find the requested resource", {});

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);

export const methodNotAllowed = () =>
  new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});

export const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");

export const notAcceptable = (accept: string) =>
  new ApiError(406, "NotAcceptable", `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf (requested: ${accept})`);

/** 403 in the wording of k8s.io/apiserver's forbiddenMessage + errors.NewForbidden. */
export function forbidden(user: string, a: { verb: string; t?: ResourceType; subresource?: string; namespace?: string; name?: string; path: string }): ApiError {
  if (!a.t) return new ApiError(403, "Forbidden", `forbidden: User "${user}" cannot ${a.verb} path "${a.path}"`, {});
  const resource = a.subresource ? `${a.t.plural}/${a.subresource}` : a.t.plural;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const why = `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.t.group}" ${scope}`;
  const what = a.name ? `${qualifiedResource(a.t)} "${a.name}"` : qualifiedResource(a.t);
  return new ApiError(403, "Forbidden", `${what} is forbidden: ${why}`, gk(a.t, a.name));
}
