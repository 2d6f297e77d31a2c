/**
 * RBAC PolicyRule matching with the semantics of k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go:
 * verbs, apiGroups, resources (`pods/log`, `*`, `*\/log`, `pods/*`) and resourceNames; nonResourceURLs with a
 * trailing `*` prefix match.
 */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}

const has = (list: string[] | undefined, v: string) => !!list && (list.includes("*") || list.includes(v));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (!subresource) continue;
    if (r === `*/${subresource}` || r === `${resource}/*`) return true;
  }
  return false;
}

export function ruleAllowsResource(rule: PolicyRule, a: ResourceAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  if (rule.resourceNames?.length) return !!a.name && rule.resourceNames.includes(a.name);
  return true;
}

export function ruleAllowsPath(rule: PolicyRule, verb: string, path: string): boolean {
  if (!has(rule.verbs, verb)) return false;
  return (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === path || (u.endsWith("*") && path.startsWith(u.slice(0, -1))));
}

export function allowsResource(rules: PolicyRule[], a: ResourceAttributes): boolean {
  return rules.some((r) => ruleAllowsResource(r, a));
}

export function allowsPath(rules: PolicyRule[], verb: string, path: string): boolean {
  return rules.some((r) => ruleAllowsPath(r, verb, path));
}

/**
 * Paths every authenticated user may read on a real cluster (ClusterRoles system:discovery and
 * system:public-info-viewer, bound to system:authenticated).
 */
export function isDiscoveryPath(path: string): boolean {
  return path === "/api" || path === "/api/" || path === "/apis" || path === "/apis/" || path === "/version" || path === "/version/"
    || path.startsWith("/openapi/") || path === "/healthz" || path === "/livez" || path === "/readyz"
    || /^\/api\/v1\/?$/.test(path) || /^\/apis\/[^/]+(\/[^/]+)?\/?$/.test(path);
}
