import type { Cluster, Labels, Obj } from "./cluster.js";
import { DAY } from "./clock.js";

/** autoscaling/v2 HPA on CPU utilization with the conditions the controller writes. */
export function hpa(c: Cluster, o: { ns: string; name: string; target: Obj; min: number; max: number; current: number; desired?: number; cpuTarget?: number; cpuCurrent: number; lastScaleAgo?: number; createdAgo?: number }): Obj {
  const desired = o.desired ?? o.current;
  const cond = (type: string, status: string, reason: string, message: string, ago: number) => ({ lastTransitionTime: c.ago(ago), message, reason, status, type });
  const limited = desired >= o.max
    ? cond("ScalingLimited", "True", "TooManyReplicas", "the desired replica count is more than the maximum replica count", o.lastScaleAgo ?? 3_600)
    : desired <= o.min
      ? cond("ScalingLimited", "True", "TooFewReplicas", "the desired replica count is less than the minimum replica count", 20 * DAY)
      : cond("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", 3 * DAY);
  return c.add<Obj>({
    apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler",
    metadata: c.meta("HorizontalPodAutoscaler", o.ns, o.name, { createdAgo: o.createdAgo ?? 90 * DAY }),
    spec: {
      maxReplicas: o.max,
      metrics: [{ resource: { name: "cpu", target: { averageUtilization: o.cpuTarget ?? 70, type: "Utilization" } }, type: "Resource" }],
      minReplicas: o.min,
      scaleTargetRef: { apiVersion: o.target.apiVersion, kind: o.target.kind, name: o.target.metadata.name },
    },
    status: {
      conditions: [
        cond("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", 60 * DAY),
        cond("ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", 30 * DAY),
        limited,
      ],
      currentMetrics: [{ resource: { current: { averageUtilization: o.cpuCurrent, averageValue: `${Math.round(o.cpuCurrent * 2.5)}m` }, name: "cpu" }, type: "Resource" }],
      currentReplicas: o.current, desiredReplicas: desired,
      ...(o.lastScaleAgo !== undefined ? { lastScaleTime: c.ago(o.lastScaleAgo) } : {}),
    },
  });
}

export function pdb(c: Cluster, o: { ns: string; name: string; selector: Labels; minAvailable?: number; maxUnavailable?: number; expectedPods: number; healthy: number; createdAgo?: number }): Obj {
  const desired = o.minAvailable ?? o.expectedPods - (o.maxUnavailable ?? 1);
  const allowed = Math.max(0, o.healthy - desired);
  return c.add<Obj>({
    apiVersion: "policy/v1", kind: "PodDisruptionBudget",
    metadata: c.meta("PodDisruptionBudget", o.ns, o.name, { createdAgo: o.createdAgo ?? 90 * DAY, generation: 1 }),
    spec: { ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : { minAvailable: o.minAvailable ?? 1 }), selector: { matchLabels: o.selector } },
    status: {
      conditions: [allowed > 0
        ? { lastTransitionTime: c.ago(2 * DAY), message: "", observedGeneration: 1, reason: "SufficientPods", status: "True", type: "DisruptionAllowed" }
        : { lastTransitionTime: c.ago(1_800), message: "", observedGeneration: 1, reason: "InsufficientPods", status: "False", type: "DisruptionAllowed" }],
      currentHealthy: o.healthy, desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: o.expectedPods, observedGeneration: 1,
    },
  });
}

export function resourceQuota(c: Cluster, o: { ns: string; name: string; hard: Record<string, string>; used: Record<string, string>; createdAgo?: number }): Obj {
  return c.add<Obj>({
    apiVersion: "v1", kind: "ResourceQuota",
    metadata: c.meta("ResourceQuota", o.ns, o.name, { createdAgo: o.createdAgo ?? 200 * DAY }),
    spec: { hard: o.hard },
    status: { hard: o.hard, used: o.used },
  });
}

export function limitRange(c: Cluster, o: { ns: string; name: string; defaultLimit: Record<string, string>; defaultRequest: Record<string, string>; max?: Record<string, string>; createdAgo?: number }): Obj {
  return c.add<Obj>({
    apiVersion: "v1", kind: "LimitRange",
    metadata: c.meta("LimitRange", o.ns, o.name, { createdAgo: o.createdAgo ?? 200 * DAY }),
    spec: { limits: [{ default: o.defaultLimit, defaultRequest: o.defaultRequest, ...(o.max ? { max: o.max } : {}), type: "Container" }] },
  });
}
