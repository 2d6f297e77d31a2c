import { Scn } from "../factory/kit-b.js";
import { backgroundWarnings, healthyApp, ingress, ingressNginx, klog, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The docs Ingress names TLS secret docs-acme-io-tls; the certificate was issued as docs-tls. */
export default function build(): Scn {
  const scn = new Scn("docs-ingress-missing-tls-secret", "docs.acme.io serves the ingress controller's fake certificate: the Ingress TLS secret does not exist", "2026-11-21T07:30:00Z", "prod-eu-west-1");
  scn.namespace("docs");
  scn.namespace("blog");
  const nodes = workers(scn, 3);
  healthyApp(scn, "docs", "docs-site", nodes, { replicas: 2 });
  scn.secret("docs", "docs-tls", ["ca.crt", "tls.crt", "tls.key"], "kubernetes.io/tls");
  const logs = [
    klog(scn, "I", 4_000, "store.go:440", '"Found valid IngressClass" ingress="docs/docs-site" ingressclass="nginx"'),
    klog(scn, "W", 4_000, "backend_ssl.go:47", 'Error obtaining X.509 certificate: no object matching key "docs/docs-acme-io-tls" in local store'),
    klog(scn, "W", 3_999, "controller.go:1372", 'Error getting SSL certificate "docs/docs-acme-io-tls": local SSL certificate docs/docs-acme-io-tls was not found. Using default certificate'),
    klog(scn, "W", 300, "controller.go:1372", 'Error getting SSL certificate "docs/docs-acme-io-tls": local SSL certificate docs/docs-acme-io-tls was not found. Using default certificate'),
  ].join("");
  ingressNginx(scn, nodes, logs);
  ingress(scn, "docs", "docs-site", {
    rules: [{ host: "docs.acme.io", http: { paths: [{ backend: { service: { name: "docs-site", port: { number: 80 } } }, path: "/", pathType: "Prefix" }] } }],
    tls: [{ hosts: ["docs.acme.io"], secretName: "docs-acme-io-tls" }],
  }, 4_010, 4_000);
  // Decoy: the blog has a valid secret whose certificate expires in 9 days, and a restarting pod.
  healthyApp(scn, "blog", "blog", nodes, { replicas: 1 });
  scn.secret("blog", "blog-tls", ["tls.crt", "tls.key"], "kubernetes.io/tls");
  ingress(scn, "blog", "blog", { rules: [{ host: "blog.acme.io", http: { paths: [{ backend: { service: { name: "blog", port: { number: 80 } } }, path: "/", pathType: "Prefix" }] } }], tls: [{ hosts: ["blog.acme.io"], secretName: "blog-tls" }] }, 300 * 86_400, 300 * 86_400);
  recoveredRestarter(scn, "blog", "blog-comments", nodes);
  backgroundWarnings(scn, "blog", "blog", nodes);
  const labels = { alertname: "BlackboxProbeFailed", instance: "https://docs.acme.io/", job: "blackbox-https", module: "http_2xx", ingress: "docs-site", namespace: "docs", severity: "critical" };
  scn.alert(labels, { summary: "Blackbox probe failed (instance https://docs.acme.io/)", description: "Probe failed\n  VALUE = 0\n  LABELS = map[instance:https://docs.acme.io/ job:blackbox-https module:http_2xx]" }, 3_300, 'probe_success{job="blackbox-https"} == 0');
  scn.expected({ category: "ingress-backend", culprit: { kind: "Ingress", namespace: "docs", name: "docs-site" }, mustMention: ["docs-acme-io-tls"], remediationTargets: [{ kind: "Ingress", namespace: "docs", name: "docs-site" }] });
  return scn;
}
