import type { Cluster, Labels, ManagedField, Obj } from "./cluster.js";
import { DAY } from "./clock.js";

export function namespace(c: Cluster, name: string, labels: Labels = {}, createdAgo = 400 * DAY): Obj {
  return c.add<Obj>({
    apiVersion: "v1", kind: "Namespace",
    metadata: c.meta("Namespace", undefined, name, { createdAgo, labels: { "kubernetes.io/metadata.name": name, ...labels } }),
    spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" },
  });
}

/**
 * A ConfigMap; `changed` records a later edit of some keys (managedFields time and manager), which is how
 * "the value changed just before the crashes" is visible through the API.
 */
export function configMap(c: Cluster, o: { ns: string; name: string; data: Record<string, string>; createdAgo?: number; labels?: Labels; changed?: { ago: number; keys: string[]; manager?: string } }): Obj {
  const createdAgo = o.createdAgo ?? 60 * DAY;
  const fields = (keys: string[]) => ({ "f:data": Object.fromEntries(keys.map((k) => [`f:${k}`, {}])) });
  const managed: ManagedField[] = [{ manager: "kubectl-client-side-apply", operation: "Update", ago: createdAgo, fieldsV1: fields(Object.keys(o.data).filter((k) => !o.changed?.keys.includes(k))) }];
  if (o.changed) managed.push({ manager: o.changed.manager ?? "kubectl-edit", operation: "Update", ago: o.changed.ago, fieldsV1: fields(o.changed.keys) });
  return c.add<Obj>({
    apiVersion: "v1", kind: "ConfigMap", data: o.data,
    metadata: c.meta("ConfigMap", o.ns, o.name, { createdAgo, ...(o.labels ? { labels: o.labels } : {}), managedFields: managed }),
  });
}

/** Secret data is base64 like the API serves it; values are fixture placeholders, never real credentials. */
export function secret(c: Cluster, o: { ns: string; name: string; keys: string[]; type?: string; createdAgo?: number; labels?: Labels; data?: Record<string, string> }): Obj {
  const data = o.data ?? Object.fromEntries(o.keys.map((k) => [k, `fixture-${k}`]));
  return c.add<Obj>({
    apiVersion: "v1", kind: "Secret",
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
    metadata: c.meta("Secret", o.ns, o.name, { createdAgo: o.createdAgo ?? 90 * DAY, ...(o.labels ? { labels: o.labels } : {}) }),
    type: o.type ?? "Opaque",
  });
}

export function dockerConfigSecret(c: Cluster, o: { ns: string; name: string; registry: string; createdAgo?: number }): Obj {
  const auth = Buffer.from("robot$ci:fixture-token").toString("base64");
  return secret(c, { ns: o.ns, name: o.name, keys: [".dockerconfigjson"], type: "kubernetes.io/dockerconfigjson", ...(o.createdAgo ? { createdAgo: o.createdAgo } : {}), data: { ".dockerconfigjson": JSON.stringify({ auths: { [o.registry]: { auth } } }) } });
}

export function serviceAccount(c: Cluster, o: { ns: string; name: string; createdAgo?: number; imagePullSecrets?: string[]; annotations?: Record<string, string> }): Obj {
  return c.add<Obj>({
    apiVersion: "v1", kind: "ServiceAccount",
    ...(o.imagePullSecrets ? { imagePullSecrets: o.imagePullSecrets.map((name) => ({ name })) } : {}),
    metadata: c.meta("ServiceAccount", o.ns, o.name, { createdAgo: o.createdAgo ?? 100 * DAY, ...(o.annotations ? { annotations: o.annotations } : {}) }),
  });
}

export function role(c: Cluster, o: { ns: string; name: string; rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>; createdAgo?: number }): Obj {
  return c.add<Obj>({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: c.meta("Role", o.ns, o.name, { createdAgo: o.createdAgo ?? 100 * DAY }), rules: o.rules });
}

export function roleBinding(c: Cluster, o: { ns: string; name: string; role: string; roleKind?: "Role" | "ClusterRole"; subjects: Array<{ kind: "ServiceAccount"; name: string; namespace: string }>; createdAgo?: number }): Obj {
  return c.add<Obj>({
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
    metadata: c.meta("RoleBinding", o.ns, o.name, { createdAgo: o.createdAgo ?? 100 * DAY }),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: o.roleKind ?? "Role", name: o.role },
    subjects: o.subjects,
  });
}
