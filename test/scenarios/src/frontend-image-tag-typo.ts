import {
  Cluster, DAY, HOUR, MIN, MSG, type Obj, kubeletEvent, alertmanagerWebhook, baseline, deployment, healthyApp, httpProbe, imagePullEvents, lines, namespace, nodeNoise,
  pod, podLogs, podMetrics, recoveredRestarter, rolloutEvents, scenarioFromCluster, scheduledEvent, service, settleDeployment, waiting,
} from "../factory/index.js";

/**
 * frontend was bumped to tag `2.31.0`, but the registry has `v2.31.0` (every release tag has the v). The new
 * pod has waited in ImagePullBackOff for 70 minutes; old pods serve.
 */
export default function build() {
  const c = new Cluster("frontend-image-tag-typo", "2026-11-22T13:40:00Z", "prod-us-west-2");
  const nodes = baseline(c, { region: "us-west-2" });
  namespace(c, "web", { team: "web" });
  const mk = (tag: string) => ({ containers: [{ name: "frontend", image: `registry.acme.io/web/frontend:${tag}`, ports: [{ containerPort: 3000, name: "http" }], requests: { cpu: "100m", memory: "192Mi" }, limits: { memory: "384Mi" }, readinessProbe: httpProbe("/api/health", "http") }] });
  const parts = deployment(c, { ns: "web", name: "frontend", replicas: 3, firstRevision: 57, revisions: [{ spec: mk("v2.30.2"), rolledAgo: 6 * DAY, replicas: 3 }, { spec: mk("2.31.0"), rolledAgo: 70 * MIN }] });
  const [oldRs, newRs] = parts.replicaSets as [typeof parts.current, typeof parts.current];
  const olds = [0, 1, 2].map((i) => pod(c, { owner: oldRs, template: oldRs.spec.template, node: nodes[i]!, createdAgo: 6 * DAY - 40 * i }));
  const image = "registry.acme.io/web/frontend:2.31.0";
  const stuck = pod(c, { owner: newRs, node: nodes[1]!, createdAgo: 70 * MIN, containers: { frontend: waiting("ImagePullBackOff", MSG.backOffPull(image)) } });
  settleDeployment(c, parts, { state: "deadline-exceeded", since: 60 * MIN });
  service(c, { ns: "web", name: "frontend", selector: { app: "frontend" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  rolloutEvents(c, parts, oldRs, newRs, { ago: 70 * MIN, steps: [{ up: 1 }], newPods: [stuck] });
  scheduledEvent(c, stuck, 70 * MIN);
  imagePullEvents(c, stuck, "frontend", MSG.containerdNotFound(image), { since: 70 * MIN - 1 });
  for (const p of olds) {
    podMetrics(c, p, { frontend: { cpu: "35m", memory: "152Mi" } });
    podLogs(c, p, { frontend: { current: lines(c, [6 * DAY - 60, "▲ Next.js 14.2.15"], [6 * DAY - 61, "✓ Ready in 412ms"], [30, 'GET /products/trail-runner-2 200 in 38ms']) } });
  }
  // Decoy: the canary, named like the culprit, pulled its own image fine an hour ago.
  const canary = healthyApp(c, { ns: "web", name: "frontend-canary", nodes, replicas: 1, image: "registry.acme.io/web/frontend:v2.31.0-rc.3", port: 3000, rolledAgo: 2 * HOUR });
  const cp = canary.pods[0]!;
  imagePullEventsOk(c, cp);
  recoveredRestarter(c, { ns: "web", name: "sitemap-generator", nodes, hoursAgo: 14 });
  nodeNoise(c, nodes[0]!);
  const alert = alertmanagerWebhook(c, { rule: "KubeContainerWaiting", labels: { container: "frontend", namespace: "web", pod: stuck.metadata.name }, startsAgo: 10 * MIN });
  return scenarioFromCluster(c, {
    description: "frontend's new revision uses tag 2.31.0, which does not exist in the registry (the release is v2.31.0): ImagePullBackOff",
    alert,
    expected: {
      category: "image-pull",
      culprit: { kind: "Deployment", namespace: "web", name: "frontend" },
      mustMention: ["2.31.0"],
      remediationTargets: [{ kind: "Deployment", namespace: "web", name: "frontend" }],
    },
  });
}

/** The normal start of a pod whose image pulled fine. */
function imagePullEventsOk(c: Cluster, p: Obj) {
  const image = p.spec.containers[0].image as string;
  const container = p.spec.containers[0].name as string;
  const age = Math.round((c.clock.now.getTime() - Date.parse(p.metadata.creationTimestamp!)) / 1000);
  scheduledEvent(c, p, age);
  kubeletEvent(c, p, container, { reason: "Pulling", message: MSG.pulling(image), first: age - 1 });
  kubeletEvent(c, p, container, { reason: "Pulled", message: MSG.pulled(image, "4.127s", "4.127s", 48213877), first: age - 5 });
  kubeletEvent(c, p, container, { reason: "Created", message: MSG.created(container), first: age - 5 });
  kubeletEvent(c, p, container, { reason: "Started", message: MSG.started(container), first: age - 6 });
}
