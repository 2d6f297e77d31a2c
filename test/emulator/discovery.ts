/**
 * Legacy discovery documents (APIVersions, APIGroupList, APIResourceList). Clients asking for aggregated discovery
 * (apidiscovery.k8s.io/v2) get these with Content-Type application/json, which client-go and kubectl accept as the
 * fallback, exactly as against an API server older than 1.26.
 */
import { groupVersion, verbsOf, type ResourceRegistry, type ResourceType } from "./resources.js";

export const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.4",
  gitCommit: "59526cd4867447956156ae3a602fcbac10a2c335",
  gitTreeState: "clean",
  buildDate: "2025-04-22T16:02:27Z",
  goVersion: "go1.23.6",
  compiler: "gc",
  platform: "linux/amd64",
};

export function apiVersions(serverAddress: string) {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function groupEntry(name: string, version: string) {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(reg: ResourceRegistry) {
  return { kind: "APIGroupList", apiVersion: "v1", groups: reg.groups().map((g) => groupEntry(g.name, g.version)) };
}

export function apiGroup(reg: ResourceRegistry, name: string) {
  const g = reg.groups().find((x) => x.name === name);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...groupEntry(g.name, g.version) } : undefined;
}

function resourceEntries(t: ResourceType) {
  const main: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: verbsOf(t),
  };
  if (t.shortNames) main.shortNames = t.shortNames;
  if (t.categories) main.categories = t.categories;
  const subs = (t.subresources ?? []).map((s) => ({
    name: `${t.plural}/${s.name}`,
    singularName: "",
    namespaced: t.namespaced,
    ...(s.name === "scale" ? { group: "autoscaling", version: "v1" } : {}),
    kind: s.kind,
    verbs: s.verbs,
  }));
  return [main, ...subs];
}

export function apiResourceList(reg: ResourceRegistry, group: string, version: string) {
  const types = reg.inGroupVersion(group, version);
  if (!types.length) return undefined;
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion({ group, version }), resources: types.flatMap(resourceEntries) };
}
