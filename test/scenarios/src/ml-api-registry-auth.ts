import {
  Cluster, DAY, HOUR, MIN, MSG, alertmanagerWebhook, baseline, deployment, dockerConfigSecret, event, healthyApp, httpProbe, imagePullEvents,
  namespace, nodeNoise, pod, recoveredRestarter, scenarioFromCluster, scheduledEvent, service, serviceAccount, settleDeployment, waiting,
} from "../factory/index.js";

/**
 * ml-api moved to the `ml` namespace two hours ago. Its pods reference imagePullSecret `harbor-pull`, which
 * only exists in the old namespace; the robot-account secret here is `harbor-robot`. The private Harbor
 * registry answers 401 Unauthorized to the anonymous pull.
 */
export default function build() {
  const c = new Cluster("ml-api-registry-auth", "2026-11-20T21:10:00Z", "prod-gpu-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "ml", { team: "ml-platform" }, 2 * HOUR + 5 * MIN);
  dockerConfigSecret(c, { ns: "ml", name: "harbor-robot", registry: "harbor.acme.io", createdAgo: 2 * HOUR + 4 * MIN });
  serviceAccount(c, { ns: "ml", name: "ml-api", createdAgo: 2 * HOUR + 4 * MIN });
  const image = "harbor.acme.io/ml/ml-api:2.3.0";
  const spec = { serviceAccountName: "ml-api", imagePullSecrets: [{ name: "harbor-pull" }], containers: [{ name: "ml-api", image, ports: [{ containerPort: 8000, name: "http" }], requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "3Gi" }, readinessProbe: httpProbe("/v1/health", "http", { initialDelaySeconds: 20 }) }] };
  const parts = deployment(c, { ns: "ml", name: "ml-api", replicas: 2, revisions: [{ spec, rolledAgo: 2 * HOUR }], createdAgo: 2 * HOUR, manager: "argocd-controller" });
  const err = MSG.containerdStatus(image, "harbor.acme.io", "401 Unauthorized");
  const pods = [0, 1].map((i) => pod(c, { owner: parts.current, node: nodes[i + 1]!, createdAgo: 2 * HOUR - 2, containers: { "ml-api": i === 0 ? waiting("ImagePullBackOff", MSG.backOffPull(image)) : waiting("ErrImagePull", err) } }));
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 110 * MIN });
  service(c, { ns: "ml", name: "ml-api", selector: { app: "ml-api" }, ports: [{ name: "http", port: 80, targetPort: "http" }], createdAgo: 2 * HOUR });
  event(c, parts.deploy, { reason: "ScalingReplicaSet", message: MSG.scaled("up", parts.current.metadata.name, 2, 0), component: "deployment-controller", first: 2 * HOUR });
  for (const p of pods) {
    event(c, parts.current, { reason: "SuccessfulCreate", message: MSG.createdPod(p.metadata.name), component: "replicaset-controller", first: 2 * HOUR - 1 });
    scheduledEvent(c, p, 2 * HOUR - 2);
    event(c, p, { type: "Warning", reason: "FailedToRetrieveImagePullSecret", message: MSG.pullSecretsMissing("harbor-pull"), component: "kubelet", host: p.spec.nodeName, first: 2 * HOUR - 3, last: 25, count: 540 });
    imagePullEvents(c, p, "ml-api", err, { since: 2 * HOUR - 3 });
  }
  namespace(c, "ml-legacy", { team: "ml-platform" });
  dockerConfigSecret(c, { ns: "ml-legacy", name: "harbor-pull", registry: "harbor.acme.io", createdAgo: 200 * DAY });
  healthyApp(c, { ns: "ml-legacy", name: "feature-store", nodes, replicas: 2 });
  recoveredRestarter(c, { ns: "ml-legacy", name: "model-sync", nodes, reason: "OOMKilled", hoursAgo: 20 });
  nodeNoise(c, nodes[1]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeDeploymentReplicasMismatch", labels: { deployment: "ml-api", namespace: "ml" }, startsAgo: 95 * MIN });
  return scenarioFromCluster(c, {
    description: "ml-api cannot pull from the private Harbor registry: its imagePullSecret harbor-pull does not exist in namespace ml (401 Unauthorized)",
    alert,
    expected: {
      category: "image-pull",
      culprit: { kind: "Deployment", namespace: "ml", name: "ml-api" },
      mustMention: ["401", "harbor-pull"],
      remediationTargets: [{ kind: "Deployment", namespace: "ml", name: "ml-api" }],
    },
  });
}
