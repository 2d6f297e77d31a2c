/** Builders of exact kubectl command lines (remediation and evidence sources). Every name validated, every value quoted. */
import type { ResourceRef } from "../../../../shared/src/index.js";
import { k8sName, keyName, shq } from "./quote.js";

/** `deployment/payments-api` */
export function res(ref: ResourceRef): string {
  return `${ref.kind.toLowerCase()}/${k8sName(ref.name)}`;
}
function ns(ref: { namespace?: string }): string {
  return ref.namespace ? ` -n ${k8sName(ref.namespace, "namespace")}` : "";
}

export const describe = (ref: ResourceRef) => `kubectl describe ${ref.kind.toLowerCase()} ${k8sName(ref.name)}${ns(ref)}`;
export const getYaml = (ref: ResourceRef) => `kubectl get ${ref.kind.toLowerCase()} ${k8sName(ref.name)}${ns(ref)} -o yaml`;
export const getList = (kind: string, namespace?: string, extra = "") =>
  `kubectl get ${kind.toLowerCase()}${namespace ? ` -n ${k8sName(namespace, "namespace")}` : " -A"}${extra}`;
export const logs = (namespace: string, pod: string, container?: string, previous?: boolean) =>
  `kubectl logs ${k8sName(pod)} -n ${k8sName(namespace)}${container ? ` -c ${k8sName(container, "container")}` : ""}${previous ? " --previous" : ""}`;
export const events = (ref: ResourceRef) =>
  ref.namespace
    ? `kubectl get events -n ${k8sName(ref.namespace)} --field-selector involvedObject.name=${k8sName(ref.name)}`
    : `kubectl get events -A --field-selector involvedObject.name=${k8sName(ref.name)}`;
export const rolloutHistory = (ref: ResourceRef, revision?: number) =>
  `kubectl rollout history ${res(ref)}${ns(ref)}${revision !== undefined ? ` --revision=${Math.trunc(revision)}` : ""}`;
export const topPods = (namespace: string) => `kubectl top pod -n ${k8sName(namespace)} --containers`;
export const topNode = (name: string) => `kubectl top node ${k8sName(name)}`;

// ---- mutating (shown to a person, validated with --dry-run=client by the eval) ----

export function setResources(ref: ResourceRef, container: string | undefined, values: { limits?: Record<string, string>; requests?: Record<string, string> }): string {
  const part = (flag: string, m?: Record<string, string>) =>
    m && Object.keys(m).length ? ` --${flag}=${shq(Object.entries(m).map(([k, v]) => `${keyName(k)}=${v}`).join(","))}` : "";
  return `kubectl set resources ${res(ref)}${ns(ref)}${container ? ` -c ${k8sName(container, "container")}` : ""}${part("limits", values.limits)}${part("requests", values.requests)}`;
}

export const rolloutUndo = (ref: ResourceRef, toRevision?: number) =>
  `kubectl rollout undo ${res(ref)}${ns(ref)}${toRevision !== undefined ? ` --to-revision=${Math.trunc(toRevision)}` : ""}`;

export const setImage = (ref: ResourceRef, container: string, image: string) =>
  `kubectl set image ${res(ref)}${ns(ref)} ${shq(`${k8sName(container, "container")}=${image}`)}`;

export const patchMerge = (ref: ResourceRef, patch: unknown) => `kubectl patch ${ref.kind.toLowerCase()} ${k8sName(ref.name)}${ns(ref)} --type merge -p ${shq(JSON.stringify(patch))}`;
export const patchStrategic = (ref: ResourceRef, patch: unknown) => `kubectl patch ${ref.kind.toLowerCase()} ${k8sName(ref.name)}${ns(ref)} -p ${shq(JSON.stringify(patch))}`;
export const patchJson = (ref: ResourceRef, ops: { op: string; path: string; value?: unknown }[]) =>
  `kubectl patch ${ref.kind.toLowerCase()} ${k8sName(ref.name)}${ns(ref)} --type json -p ${shq(JSON.stringify(ops))}`;

export const scale = (ref: ResourceRef, replicas: number) => `kubectl scale ${res(ref)}${ns(ref)} --replicas=${Math.max(0, Math.trunc(replicas))}`;
export const cordon = (node: string) => `kubectl cordon ${k8sName(node)}`;
/**
 * What `kubectl rollout restart` does, as a patch: `rollout restart` has no --dry-run, so it could not be
 * validated; the patch can, and restarts the pods the same way.
 */
export const rolloutRestart = (ref: ResourceRef, at: Date) =>
  patchStrategic(ref, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": at.toISOString().replace(/\.\d{3}Z$/, "Z") } } } } });

/** Creates a missing ConfigMap from literal key/values (a person fills in real values first). */
export const createConfigMap = (namespace: string, name: string, data: Record<string, string>) =>
  `kubectl create configmap ${k8sName(name)} -n ${k8sName(namespace)}${Object.entries(data).map(([k, v]) => ` --from-literal=${shq(`${keyName(k)}=${v}`)}`).join("")}`;

export const createRole = (namespace: string, name: string, verbs: string[], resources: string[]) =>
  `kubectl create role ${k8sName(name)} -n ${k8sName(namespace)} --verb=${verbs.map((v) => keyName(v, "verb")).join(",")} --resource=${resources.map((r) => keyName(r, "resource")).join(",")}`;
export const createRoleBinding = (namespace: string, name: string, role: string, saNamespace: string, sa: string) =>
  `kubectl create rolebinding ${k8sName(name)} -n ${k8sName(namespace)} --role=${k8sName(role)} --serviceaccount=${k8sName(saNamespace)}:${k8sName(sa)}`;
