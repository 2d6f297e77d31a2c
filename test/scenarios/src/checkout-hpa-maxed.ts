import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** A sale drives checkout-api CPU to 140% of requests; its HPA has sat at maxReplicas=10 for 40 minutes. */
export default function build(): Scn {
  const scn = new Scn("checkout-hpa-maxed", "checkout-api is pinned at its HPA maxReplicas while CPU stays far above target", "2026-11-27T20:31:00Z", "prod-eu-west-1");
  scn.namespace("checkout");
  scn.namespace("promotions");
  const nodes = workers(scn, 4, { cpu: "8", memoryKi: 32_386_524 });
  const spec = { containers: [{ name: "checkout-api", image: "registry.acme.io/checkout/checkout-api:9.3.1", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" }, readinessProbe: { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy, rs } = scn.deployment("checkout", "checkout-api", { replicas: 10, spec, rolledAgo: 5 * 86_400 });
  for (let i = 0; i < 10; i++) {
    const node = nodes[i % nodes.length]!;
    const pod = scn.pod(rs, { node: node.name, nodeIp: node.ip, state: { kind: "running" }, createdAgo: i < 3 ? 5 * 86_400 : 2_700 - i * 60 });
    scn.podMetrics(pod, { "checkout-api": { cpu: `${scn.rng.int(655, 748)}m`, memory: `${scn.rng.int(380, 450)}Mi` } });
    if (i < 2) scn.podLogs(pod, { "checkout-api": { current: scn.lines([900, "POST /v1/checkout 200 412ms"], [60, "WARN request queue depth=148 (worker pool saturated)"], [5, "POST /v1/checkout 200 1288ms"]) } });
  }
  markAvailable(scn, deploy, rs, 10, 10);
  scn.service("checkout", "checkout-api", { selector: { app: "checkout-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const hpa = scn.raw({
    apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: "checkout-api", namespace: "checkout", createdAgo: 200 * 86_400,
    extra: {
      spec: { maxReplicas: 10, minReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }], scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "checkout-api" } },
      status: {
        currentReplicas: 10, desiredReplicas: 10, lastScaleTime: scn.ago(2_160),
        currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 141, averageValue: "705m" } } }],
        conditions: [
          { type: "AbleToScale", status: "True", lastTransitionTime: scn.ago(200 * 86_400), reason: "ReadyForNewScale", message: "recommended size matches current size" },
          { type: "ScalingActive", status: "True", lastTransitionTime: scn.ago(30 * 86_400), reason: "ValidMetricFound", message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)" },
          { type: "ScalingLimited", status: "True", lastTransitionTime: scn.ago(2_160), reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" },
        ],
      },
    },
  });
  for (const [size, ago] of [[5, 2_880], [8, 2_520], [10, 2_160]] as const) {
    scn.event(hpa, "Normal", "SuccessfulRescale", `New size: ${size}; reason: cpu resource utilization (percentage of request) above target`, { component: "horizontal-pod-autoscaler", first: ago });
  }
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 8 to 10`, { component: "deployment-controller", first: 2_160 });
  // Decoys: the promotions service that drives the traffic is healthy; an unrelated pod restarted earlier.
  healthyApp(scn, "promotions", "promo-engine", nodes, { replicas: 3 });
  healthyApp(scn, "checkout", "checkout-web", nodes, { replicas: 3 });
  recoveredRestarter(scn, "promotions", "coupon-importer", nodes);
  backgroundWarnings(scn, "promotions", "promo-engine", nodes);
  scn.alert({ alertname: "KubeHpaMaxedOut", ...KSM, namespace: "checkout", horizontalpodautoscaler: "checkout-api", severity: "warning" }, ANNOTATIONS.KubeHpaMaxedOut("checkout", "checkout-api"), 1_200, EXPR.KubeHpaMaxedOut);
  scn.expected({ category: "resource-saturation", culprit: [{ kind: "HorizontalPodAutoscaler", namespace: "checkout", name: "checkout-api" }, { kind: "Deployment", namespace: "checkout", name: "checkout-api" }], mustMention: ["maxReplicas", "10"] });
  return scn;
}
