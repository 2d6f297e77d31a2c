import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** payments-gateway listens on 3000; its Service sends traffic (and Prometheus scrapes) to targetPort 8080. */
export default function build(): Scn {
  const scn = new Scn("payments-service-target-port", "payments-gateway targets are down: the Service targetPort 8080 matches no containerPort (the app listens on 3000)", "2026-11-18T08:15:00Z", "prod-eu-west-1");
  scn.namespace("payments");
  scn.namespace("checkout");
  const nodes = workers(scn, 3);
  const spec = { containers: [{ name: "gateway", image: "registry.acme.io/payments/payments-gateway:1.9.4", ports: [{ containerPort: 3000, name: "web" }], env: [{ name: "PORT", value: "3000" }], requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: { tcpSocket: { port: 3000 }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy, rs } = scn.deployment("payments", "payments-gateway", { replicas: 2, spec, rolledAgo: 4 * 86_400 });
  const pods = [0, 1].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 4 * 86_400 - 20 }));
  for (const p of pods) {
    scn.podMetrics(p, { gateway: { cpu: "6m", memory: "88Mi" } });
    scn.podLogs(p, { gateway: { current: scn.lines([4 * 86_400 - 15, "payments-gateway listening on 0.0.0.0:3000"], [4 * 86_400 - 14, "metrics exposed at :3000/metrics"]) } });
  }
  markAvailable(scn, deploy, rs, 2, 2);
  scn.service("payments", "payments-gateway", { selector: { app: "payments-gateway" }, ports: [{ name: "http", port: 80, targetPort: 8080 }], createdAgo: 3_000 });
  const co = healthyApp(scn, "checkout", "checkout-api", nodes, { replicas: 2 });
  scn.podLogs(co.pods[0]!, { "checkout-api": { current: scn.lines([2_800, "ERROR charge failed: POST http://payments-gateway.payments.svc.cluster.local/v1/charges: dial tcp 10.96.31.7:80: connect: connection refused"], [25, "ERROR charge failed: POST http://payments-gateway.payments.svc.cluster.local/v1/charges: dial tcp 10.96.31.7:80: connect: connection refused"]) } });
  // Decoy: payments-gateway-legacy does use 8080 and is healthy.
  healthyApp(scn, "payments", "payments-gateway-legacy", nodes, { replicas: 1, port: 8080 });
  recoveredRestarter(scn, "checkout", "checkout-email", nodes);
  backgroundWarnings(scn, "checkout", "checkout-api", nodes);
  scn.alert({ alertname: "TargetDown", job: "payments-gateway", namespace: "payments", service: "payments-gateway", severity: "warning" }, ANNOTATIONS.TargetDown("payments", "payments-gateway", "payments-gateway", "100"), 2_100, EXPR.TargetDown);
  scn.expected({ category: "service-port-mismatch", culprit: { kind: "Service", namespace: "payments", name: "payments-gateway" }, mustMention: ["8080", "3000"], remediationTargets: [{ kind: "Service", namespace: "payments", name: "payments-gateway" }] });
  return scn;
}
