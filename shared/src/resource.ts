import { z } from "zod";

/** DNS-1123 subdomain (most object names) — also what keeps remediation commands safe to paste. */
export const K8S_NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const K8sNameSchema = z.string().min(1).max(253).regex(K8S_NAME_RE, "not a valid Kubernetes name");
/** Kinds are PascalCase identifiers. */
export const KindSchema = z.string().min(1).max(63).regex(/^[A-Z][A-Za-z0-9]*$/, "not a Kubernetes kind");

/** A pointer to one Kubernetes object. `namespace` is absent for cluster-scoped kinds (Node, PersistentVolume, ...). */
export const ResourceRefSchema = z.object({
  kind: KindSchema,
  namespace: K8sNameSchema.optional(),
  name: K8sNameSchema,
});
export type ResourceRef = z.infer<typeof ResourceRefSchema>;

export const CLUSTER_SCOPED_KINDS = new Set([
  "Node", "Namespace", "PersistentVolume", "StorageClass", "IngressClass", "ClusterRole", "ClusterRoleBinding", "NodeMetrics",
]);

/** Stable id of a resource, used as topology node id and store key: `Kind/namespace/name` or `Kind//name`. */
export function refId(ref: ResourceRef): string {
  return `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

export function parseRefId(id: string): ResourceRef {
  const [kind, namespace, ...rest] = id.split("/");
  const name = rest.join("/");
  if (!kind || !name) throw new Error(`bad resource id: ${id}`);
  return namespace ? { kind, namespace, name } : { kind, name };
}

export function sameRef(a: ResourceRef | undefined, b: ResourceRef | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

/** Human form used in messages: `deployment/payments-api -n payments`. */
export function describeRef(ref: ResourceRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ""}`;
}

/** A Kubernetes object as the API serves it; loosely typed on purpose (any kind may appear). */
export const KubeObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z
      .object({
        name: z.string(),
        namespace: z.string().optional(),
        uid: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
        ownerReferences: z
          .array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().optional() }).passthrough())
          .optional(),
        creationTimestamp: z.string().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type KubeObject = z.infer<typeof KubeObjectSchema> & { spec?: any; status?: any; data?: any; [k: string]: any };
