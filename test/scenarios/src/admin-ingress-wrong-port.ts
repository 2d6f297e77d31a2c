import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, ingress, ingressNginx, klog, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The admin Ingress sends to port 8443 of Service admin-ui, which only defines port 80. */
export default function build(): Scn {
  const scn = new Scn("admin-ingress-wrong-port", "admin.acme.io answers 503: the Ingress backend port is not defined on the Service", "2026-11-19T17:55:00Z", "prod-us-east-1");
  scn.namespace("backoffice");
  scn.namespace("support");
  const nodes = workers(scn, 3, { region: "us-east-1", subnet: 8 });
  healthyApp(scn, "backoffice", "admin-ui", nodes, { replicas: 2, port: 8080 });
  healthyApp(scn, "backoffice", "admin-api", nodes, { replicas: 2 });
  const logs = [
    klog(scn, "I", 1_900, "store.go:440", '"Found valid IngressClass" ingress="backoffice/admin" ingressclass="nginx"'),
    klog(scn, "I", 1_900, "controller.go:193", '"Configuration changes detected, backend reload required"'),
    klog(scn, "W", 1_899, "controller.go:1216", 'Service "backoffice/admin-ui" does not have any active Endpoint.'),
    scn.lines([50, '192.0.2.15 - - [19/Nov/2026:17:54:10 +0000] "GET /admin/users HTTP/2.0" 503 190 "-" "Mozilla/5.0" 488 0.000 [backoffice-admin-ui-8443] [] - - - - 7e2a9c4b1d3f5a6e']),
  ].join("");
  ingressNginx(scn, nodes, logs);
  ingress(scn, "backoffice", "admin", {
    rules: [{ host: "admin.acme.io", http: { paths: [
      { backend: { service: { name: "admin-api", port: { number: 80 } } }, path: "/api", pathType: "Prefix" },
      { backend: { service: { name: "admin-ui", port: { number: 8443 } } }, path: "/", pathType: "Prefix" },
    ] } }],
  }, 1_910, 1_900);
  // Decoy: the support namespace's own ingress works; a readiness blip on an unrelated pod.
  healthyApp(scn, "support", "support-portal", nodes, { replicas: 2 });
  recoveredRestarter(scn, "support", "ticket-importer", nodes);
  backgroundWarnings(scn, "support", "support-portal", nodes);
  scn.alert({ alertname: "HighHTTP5xxRate", ingress: "admin", namespace: "backoffice", severity: "warning", team: "backoffice" }, ANNOTATIONS.HighHTTP5xxRate("backoffice", "admin", "88.9%"), 1_500, EXPR.HighHTTP5xxRate);
  scn.expected({ category: "ingress-backend", culprit: { kind: "Ingress", namespace: "backoffice", name: "admin" }, mustMention: ["8443"], remediationTargets: [{ kind: "Ingress", namespace: "backoffice", name: "admin" }] });
  return scn;
}
