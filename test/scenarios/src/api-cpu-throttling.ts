import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** partner-gateway has a 200m CPU limit and runs at it all the time: CFS throttling makes requests slow. */
export default function build(): Scn {
  const scn = new Scn("api-cpu-throttling", "partner-gateway is CPU-throttled: its 200m limit is below what it uses under normal load", "2026-11-24T10:05:00Z", "prod-eu-central-1");
  scn.namespace("partner-api");
  scn.namespace("billing");
  const nodes = workers(scn, 3, { region: "eu-central-1", subnet: 20 });
  const spec = { containers: [{ name: "gateway", image: "registry.acme.io/partner/partner-gateway:4.7.0", ports: [{ containerPort: 8080, name: "http" }], env: [{ name: "GOMAXPROCS", value: "4" }], requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" }, readinessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy, rs } = scn.deployment("partner-api", "partner-gateway", { replicas: 3, spec, rolledAgo: 20 * 86_400 });
  const pods = [0, 1, 2].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running", restarts: i === 2 ? 1 : 0, ...(i === 2 ? { startedAgo: 9 * 86_400, lastTerminated: { exitCode: 2, reason: "Error", finishedAgo: 9 * 86_400 } } : {}) }, createdAgo: 20 * 86_400 }));
  for (const p of pods) {
    scn.podMetrics(p, { gateway: { cpu: `${scn.rng.int(196, 200)}m`, memory: "97Mi" } });
    scn.podLogs(p, { gateway: { current: scn.lines([1_500, "WARN slow request method=POST path=/v2/orders duration=2.41s"], [600, "WARN slow request method=GET path=/v2/catalog duration=1.87s"], [30, "WARN upstream timeout budget exceeded path=/v2/orders elapsed=3.02s"]) } });
  }
  markAvailable(scn, deploy, rs, 3, 3);
  scn.service("partner-api", "partner-gateway", { selector: { app: "partner-gateway" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  // Decoys: billing has a slow-query warning and a pod that restarted hours ago.
  const billing = healthyApp(scn, "billing", "billing-api", nodes, { replicas: 2 });
  scn.podLogs(billing.pods[0]!, { "billing-api": { current: scn.lines([900, "WARN slow query 1.2s: SELECT * FROM invoices WHERE partner_id=$1"], [20, "GET /v1/invoices 200 31ms"]) } });
  recoveredRestarter(scn, "billing", "invoice-pdf", nodes, "OOMKilled");
  backgroundWarnings(scn, "billing", "billing-api", nodes);
  const pod = pods[0]!.metadata.name;
  scn.alert({ alertname: "CPUThrottlingHigh", container: "gateway", namespace: "partner-api", pod, severity: "info" }, ANNOTATIONS.CPUThrottlingHigh("partner-api", pod, "gateway", "87.3%"), 1_300, EXPR.CPUThrottlingHigh);
  scn.expected({ category: "resource-saturation", culprit: { kind: "Deployment", namespace: "partner-api", name: "partner-gateway" }, mustMention: ["200m"], remediationTargets: [{ kind: "Deployment", namespace: "partner-api", name: "partner-gateway" }] });
  return scn;
}
