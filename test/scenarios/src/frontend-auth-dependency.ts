import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** frontend's readiness endpoint checks auth; auth crash-loops (its signing key file is empty) so frontend is never Ready. */
export default function build(): Scn {
  const scn = new Scn("frontend-auth-dependency", "frontend pods stay unready because the auth service their readiness check depends on is crash-looping", "2026-11-23T05:02:00Z", "prod-us-east-1");
  scn.namespace("storefront");
  scn.namespace("identity");
  const nodes = workers(scn, 3, { region: "us-east-1", subnet: 8 });
  const authSpec = { volumes: [{ name: "signing-key", secret: { secretName: "auth-signing-key", defaultMode: 420 } }], containers: [{ name: "auth", image: "registry.acme.io/identity/auth:3.2.7", ports: [{ containerPort: 8080, name: "http" }], requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" }, volumeMounts: [{ name: "signing-key", mountPath: "/etc/auth/keys", readOnly: true }] }] };
  const { deploy: auth, rs: authRs } = scn.deployment("identity", "auth", { replicas: 2, spec: authSpec, rolledAgo: 30 * 86_400 });
  scn.secret("identity", "auth-signing-key", ["jwt-signing.pem"]);
  const authPods = [0, 1].map((i) => scn.pod(authRs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "crashloop", restarts: 11 + i, exitCode: 2, finishedAgo: 60 + i * 40 }, createdAgo: 2_900 }));
  const panic = (ago: number) => scn.lines([ago + 1, "auth 3.2.7 loading signing key from /etc/auth/keys/jwt-signing.pem"], [ago, "panic: jwt: failed to parse signing key: asn1: structure error: tags don't match (16 vs {class:0 tag:2 length:1 isCompound:false})"]);
  for (const p of authPods) {
    scn.podLogs(p, { auth: { current: panic(55), previous: panic(360) } });
    scn.event(p, "Warning", "BackOff", `Back-off restarting failed container auth in pod ${p.metadata.name}_identity(${p.metadata.uid})`, { component: "kubelet", host: p.spec.nodeName, first: 2_700, last: 50, count: 140, fieldPath: "spec.containers{auth}" });
  }
  markAvailable(scn, auth, authRs, 2, 0);
  scn.service("identity", "auth", { selector: { app: "auth" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  const feSpec = { containers: [{ name: "frontend", image: "registry.acme.io/storefront/frontend:22.1.0", ports: [{ containerPort: 3000, name: "http" }], env: [{ name: "AUTH_URL", value: "http://auth.identity.svc.cluster.local" }], requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" }, readinessProbe: { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 }, livenessProbe: { httpGet: { path: "/live", port: "http", scheme: "HTTP" }, periodSeconds: 20, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 } }] };
  const { deploy: fe, rs: feRs } = scn.deployment("storefront", "frontend", { replicas: 3, spec: feSpec, rolledAgo: 2 * 86_400 });
  const fePods = [0, 1, 2].map((i) => scn.pod(feRs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "running", ready: false }, createdAgo: 2 * 86_400 - 60 }));
  for (const p of fePods) {
    scn.podMetrics(p, { frontend: { cpu: "12m", memory: "140Mi" } });
    scn.podLogs(p, { frontend: { current: scn.lines([2_750, 'readiness: dependency auth unavailable: Get "http://auth.identity.svc.cluster.local/healthz": dial tcp 10.96.5.40:80: connect: connection refused'], [10, 'readiness: dependency auth unavailable: Get "http://auth.identity.svc.cluster.local/healthz": dial tcp 10.96.5.40:80: connect: connection refused']) } });
    scn.event(p, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", { component: "kubelet", host: p.spec.nodeName, first: 2_750, last: 8, count: 275, fieldPath: "spec.containers{frontend}" });
  }
  markAvailable(scn, fe, feRs, 3, 0);
  scn.service("storefront", "frontend", { selector: { app: "frontend" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  // Decoy: frontend was rolled out two days ago; a healthy "auth-proxy" in storefront has a similar name.
  healthyApp(scn, "storefront", "auth-proxy", nodes, { replicas: 2 });
  healthyApp(scn, "identity", "user-profile", nodes, { replicas: 2 });
  recoveredRestarter(scn, "identity", "session-gc", nodes);
  backgroundWarnings(scn, "identity", "user-profile", nodes);
  const pod = fePods[1]!.metadata.name;
  scn.alert({ alertname: "KubePodNotReady", namespace: "storefront", pod, severity: "warning" }, ANNOTATIONS.KubePodNotReady("storefront", pod), 1_800, EXPR.KubePodNotReady);
  scn.expected({ category: "dependency-failure", culprit: [{ kind: "Deployment", namespace: "identity", name: "auth" }, { kind: "Service", namespace: "identity", name: "auth" }], mustMention: ["auth"] });
  return scn;
}
