import { z } from "zod";

/** Root-cause taxonomy (../shared/SCENARIOS.md). Every report names exactly one of these for its top cause. */
export const CATEGORIES = {
  "oom-killed": "container exceeds its memory limit (OOMKilled, exit 137)",
  "config-value": "a value in a ConfigMap or env var makes the app fail",
  "missing-config-ref": "a referenced ConfigMap, Secret or key does not exist",
  "image-pull": "image or tag does not exist, or registry auth fails",
  "app-crash": "the application itself fails with no config or rollout cause",
  "bad-rollout": "the newest revision broke a previously healthy workload",
  "probe-failure": "a liveness/readiness/startup probe is wrong",
  "unschedulable-resources": "no node has enough CPU/memory/pods for the requests",
  "unschedulable-constraints": "nodeSelector, affinity, taints or topology constraints match no node",
  "volume-binding": "PVC pending, missing StorageClass, volume attach or mount failure",
  "service-selector-mismatch": "Service selector matches no pods",
  "service-port-mismatch": "Service targetPort does not match any containerPort",
  "ingress-backend": "Ingress points at a missing Service or port, or a missing TLS secret",
  "dependency-failure": "another in-cluster workload the alerting workload calls is down",
  "quota-exceeded": "ResourceQuota or LimitRange blocks pod creation",
  "node-failure": "node NotReady or under memory/disk/PID pressure",
  "resource-saturation": "CPU throttling or HPA at maxReplicas under load",
  "job-failure": "Job hit its backoffLimit or deadline",
  "network-policy": "a NetworkPolicy blocks the traffic the workload needs",
  "rbac-denied": "the app's ServiceAccount lacks Kubernetes API permissions it uses",
  "external-dependency": "the cause is outside the cluster",
  unknown: "evidence does not support a cause",
} as const;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as [Category, ...Category[]];
export const CategorySchema = z.enum(CATEGORY_IDS);

export const CONFIDENCES = ["high", "medium", "low"] as const;
export const ConfidenceSchema = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof ConfidenceSchema>;
