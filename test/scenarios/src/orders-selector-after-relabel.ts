import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/**
 * Revision 8 of orders-api moved its pods from app=orders-api to app.kubernetes.io/name=orders-api (a chart
 * migration); the Service still selects app=orders-api, so once the old pods were gone its Endpoints emptied
 * and the ingress answers 503. Accepted culprits: the Service (fix the selector) or the Deployment (restore
 * the label); the Service is listed first because that is the object whose state is wrong for routing.
 */
export default function build(): Scn {
  const scn = new Scn("orders-selector-after-relabel", "orders ingress returns 503 after a rollout changed the pod labels the Service selects", "2026-11-22T19:26:00Z", "prod-us-east-1");
  scn.namespace("orders");
  scn.namespace("ingress-nginx");
  scn.namespace("fulfilment");
  const nodes = workers(scn, 3, { region: "us-east-1", subnet: 8 });
  const mk = (labels: Record<string, string>, tag: string) => ({ labels, spec: { containers: [{ name: "orders-api", image: `registry.acme.io/orders/orders-api:${tag}`, ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "250m", memory: "384Mi" }, limits: { memory: "768Mi" }, readinessProbe: { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } }] } });
  const oldT = mk({ app: "orders-api", tier: "backend" }, "5.11.0");
  const newT = mk({ "app.kubernetes.io/name": "orders-api", "app.kubernetes.io/instance": "orders", tier: "backend" }, "5.12.0");
  const { deploy, rs, oldRs } = scn.deployment("orders", "orders-api", { replicas: 3, labels: newT.labels, spec: newT.spec, history: [{ spec: oldT.spec, labels: oldT.labels, rolledAgo: 15 * 86_400 }], rolledAgo: 1_260 });
  deploy.metadata.labels = { "app.kubernetes.io/name": "orders-api" };
  const pods = [0, 1, 2].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running" }, createdAgo: 1_250 - i * 40 }));
  for (const p of pods) {
    scn.podMetrics(p, { "orders-api": { cpu: "18m", memory: "233Mi" } });
    scn.podLogs(p, { "orders-api": { current: scn.lines([1_200, "orders-api 5.12.0 listening on :8080"], [60, "GET /ready 200 0.5ms"]) } });
  }
  markAvailable(scn, deploy, rs, 3, 3);
  scn.service("orders", "orders-api", { selector: { app: "orders-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }], createdAgo: 300 * 86_400 });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to 1`, { component: "deployment-controller", first: 1_260 });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled down replica set ${oldRs[0]!.metadata.name} from 3 to 0`, { component: "deployment-controller", first: 1_180 });
  scn.raw({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", name: "nginx", createdAgo: 400 * 86_400, labels: { "app.kubernetes.io/name": "ingress-nginx" }, annotations: { "ingressclass.kubernetes.io/is-default-class": "true" }, extra: { spec: { controller: "k8s.io/ingress-nginx" } } });
  const ing = scn.raw({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "orders", namespace: "orders", createdAgo: 300 * 86_400, generation: 4, extra: { spec: { ingressClassName: "nginx", rules: [{ host: "orders.acme.io", http: { paths: [{ backend: { service: { name: "orders-api", port: { name: "http" } } }, path: "/", pathType: "Prefix" }] } }], tls: [{ hosts: ["orders.acme.io"], secretName: "orders-tls" }] }, status: { loadBalancer: { ingress: [{ hostname: "a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com" }] } } } });
  scn.secret("orders", "orders-tls", ["tls.crt", "tls.key"], "kubernetes.io/tls");
  const ctrl = healthyApp(scn, "ingress-nginx", "ingress-nginx-controller", nodes, { replicas: 1, port: 80, labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } });
  scn.podLogs(ctrl.pods[0]!, { "ingress-nginx-controller": { current: `W1122 19:05:14.318277       7 controller.go:1216] Service "orders/orders-api" does not have any active Endpoint.\n` + scn.lines([40, `203.0.113.24 - - [22/Nov/2026:19:25:20 +0000] "POST /v1/orders HTTP/2.0" 503 190 "-" "okhttp/4.12.0" 312 0.000 [orders-orders-api-http] [] - - - - 5b1f0c9e2d7a4c83`]) } });
  scn.event(ing, "Normal", "Sync", "Scheduled for sync", { component: "nginx-ingress-controller", first: 300 * 86_400, last: 1_260, count: 5 });
  // Decoy: fulfilment (a caller of orders) restarts now and then and logs errors about orders.
  const ful = healthyApp(scn, "fulfilment", "fulfilment-worker", nodes, { replicas: 2 });
  scn.podLogs(ful.pods[1]!, { "fulfilment-worker": { current: scn.lines([1_100, 'ERROR POST http://orders-api.orders.svc.cluster.local/v1/orders/9921/ship: dial tcp 10.96.14.201:80: connect: connection refused'], [30, "retrying shipment batch in 30s"]) } });
  recoveredRestarter(scn, "fulfilment", "label-printer", nodes);
  backgroundWarnings(scn, "fulfilment", "fulfilment-worker", nodes);
  scn.alert({ alertname: "HighHTTP5xxRate", ingress: "orders", namespace: "orders", severity: "critical", team: "orders" }, ANNOTATIONS.HighHTTP5xxRate("orders", "orders", "97.4%"), 900, EXPR.HighHTTP5xxRate);
  scn.expected({ category: "service-selector-mismatch", culprit: [{ kind: "Service", namespace: "orders", name: "orders-api" }, { kind: "Deployment", namespace: "orders", name: "orders-api" }], mustMention: ["orders-api", "selector"] });
  return scn;
}
