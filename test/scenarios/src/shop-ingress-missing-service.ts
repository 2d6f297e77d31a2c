import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, ingress, ingressNginx, klog, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The shop Ingress routes /cart to Service "cart", which was renamed to "cart-api" last week. */
export default function build(): Scn {
  const scn = new Scn("shop-ingress-missing-service", "shop.acme.io/cart answers 503: the Ingress backend names a Service that does not exist", "2026-11-20T10:42:00Z", "prod-eu-west-1");
  scn.namespace("shop");
  scn.namespace("recommendations");
  const nodes = workers(scn, 3);
  healthyApp(scn, "shop", "storefront", nodes, { replicas: 3 });
  healthyApp(scn, "shop", "cart-api", nodes, { replicas: 2 });
  healthyApp(scn, "shop", "cart-cleanup", nodes, { replicas: 1, service: false });
  const logs = [
    klog(scn, "I", 2_520, "store.go:440", '"Found valid IngressClass" ingress="shop/shop" ingressclass="nginx"'),
    klog(scn, "I", 2_520, "event.go:377", 'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"shop", Name:"shop", APIVersion:"networking.k8s.io/v1"}): type: \'Normal\' reason: \'Sync\' Scheduled for sync'),
    klog(scn, "W", 2_519, "controller.go:1110", 'Error obtaining Endpoints for Service "shop/cart": no object matching key "shop/cart" in local store'),
    klog(scn, "I", 2_519, "controller.go:193", '"Configuration changes detected, backend reload required"'),
    klog(scn, "W", 600, "controller.go:1110", 'Error obtaining Endpoints for Service "shop/cart": no object matching key "shop/cart" in local store'),
    scn.lines([35, '198.51.100.7 - - [20/Nov/2026:10:41:25 +0000] "POST /cart/items HTTP/2.0" 503 190 "https://shop.acme.io/p/boots-41" "Mozilla/5.0" 512 0.000 [shop-cart-80] [] - - - - 0c4d6e2f9a1b3c5d']),
  ].join("");
  ingressNginx(scn, nodes, logs);
  ingress(scn, "shop", "shop", {
    rules: [{ host: "shop.acme.io", http: { paths: [
      { backend: { service: { name: "cart", port: { number: 80 } } }, path: "/cart", pathType: "Prefix" },
      { backend: { service: { name: "storefront", port: { number: 80 } } }, path: "/", pathType: "Prefix" },
    ] } }],
    tls: [{ hosts: ["shop.acme.io"], secretName: "shop-tls" }],
  }, 200 * 86_400, 2_520);
  scn.secret("shop", "shop-tls", ["tls.crt", "tls.key"], "kubernetes.io/tls");
  // Decoy: recommendations has its own 5xx-looking log noise and a restarting pod.
  const rec = healthyApp(scn, "recommendations", "recs-api", nodes, { replicas: 2 });
  scn.podLogs(rec.pods[0]!, { "recs-api": { current: scn.lines([700, "WARN model cache miss, falling back to popular items (HTTP 200)"], [30, "GET /v1/recs?user=8812 200 44ms"]) } });
  recoveredRestarter(scn, "recommendations", "recs-trainer-sync", nodes);
  backgroundWarnings(scn, "recommendations", "recs-api", nodes);
  scn.alert({ alertname: "HighHTTP5xxRate", ingress: "shop", namespace: "shop", severity: "critical", team: "web" }, ANNOTATIONS.HighHTTP5xxRate("shop", "shop", "31.2%"), 2_100, EXPR.HighHTTP5xxRate);
  scn.expected({ category: "ingress-backend", culprit: { kind: "Ingress", namespace: "shop", name: "shop" }, mustMention: ["cart"], remediationTargets: [{ kind: "Ingress", namespace: "shop", name: "shop" }] });
  return scn;
}
