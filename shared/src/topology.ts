import { z } from "zod";
import { KubeObjectSchema, ResourceRefSchema } from "./resource.js";

/**
 * Edge types of the discovered graph. Direction reads as a sentence: `from <type> to`.
 * owns: ReplicaSet owns Pod; selects: Service/PDB/NetworkPolicy selects Pod; routes-to: Ingress → Service;
 * endpoints-of: Endpoints/EndpointSlice → Service; mounts / references: Pod → ConfigMap|Secret|PVC;
 * missing-reference: Pod → a ConfigMap/Secret/PVC/Service that does not exist; scheduled-on: Pod → Node;
 * bound-to: PVC → PV; uses-storage-class: PVC|PV → StorageClass; scales: HPA → workload;
 * uses-service-account: Pod → ServiceAccount; constrains: ResourceQuota|LimitRange → Namespace;
 * uses-ingress-class: Ingress → IngressClass; tls-secret: Ingress → Secret.
 */
export const EDGE_TYPES = [
  "owns", "selects", "routes-to", "endpoints-of", "mounts", "references", "missing-reference", "scheduled-on",
  "bound-to", "uses-storage-class", "scales", "uses-service-account", "constrains", "uses-ingress-class", "tls-secret",
] as const;
export const EdgeTypeSchema = z.enum(EDGE_TYPES);
export type EdgeType = z.infer<typeof EdgeTypeSchema>;

export const TopologyNodeSchema = z.object({
  /** refId(ref): `Kind/namespace/name` */
  id: z.string(),
  ref: ResourceRefSchema,
  /** Sanitized object (Secret data removed, credentials masked). Absent when the object is missing or was not read. */
  object: KubeObjectSchema.optional(),
  /** True when something references this object but it does not exist. */
  missing: z.boolean().optional(),
});
export type TopologyNode = z.infer<typeof TopologyNodeSchema>;

export const TopologyEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  type: EdgeTypeSchema,
  /** e.g. "env DB_URL → key url", "volume config", "port 8080", "key missing: pool.size" */
  detail: z.string().optional(),
});
export type TopologyEdge = z.infer<typeof TopologyEdgeSchema>;

export const TopologyGraphSchema = z.object({
  root: z.string(),
  nodes: z.array(TopologyNodeSchema),
  edges: z.array(TopologyEdgeSchema),
  /** Things the walk could not read (403, timeouts) — an investigation must say what it could not see. */
  warnings: z.array(z.string()).default([]),
});
export type TopologyGraph = z.infer<typeof TopologyGraphSchema>;
