import type { KubeObject } from "../../../shared/src/index.js";
import {
  DAY, GenContext, buildConfigMap, buildPod, buildService, event, meta, ownerRef, podTemplate,
  type ContainerSpec, type NodeInfo, type PodState,
} from "./builders.js";
import { IMAGE_REGISTRIES } from "./vocabulary.js";

/**
 * Workload builders: each creates the full owner chain (Deployment → ReplicaSet → Pods, StatefulSet → Pods,
 * DaemonSet → one pod per node, CronJob → Jobs → Pods) and returns how many pods it created, so the
 * generator can hit an exact pod count.
 */

export interface Placement {
  nodes: NodeInfo[];
  /** Round-robin cursor so pods spread evenly over nodes. */
  cursor: number;
}

function nextNode(ctx: GenContext, placement: Placement): NodeInfo {
  const node = placement.nodes[(placement.cursor + ctx.rng.int(0, 2)) % placement.nodes.length]!;
  placement.cursor++;
  return node;
}

function container(ctx: GenContext, name: string, withPort: boolean, configMap?: string): ContainerSpec {
  const rng = ctx.rng;
  const memRequest = rng.pick(["128Mi", "256Mi", "512Mi", "1Gi"]);
  return {
    name,
    image: `${rng.pick(IMAGE_REGISTRIES)}/${name}:${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    ...(withPort ? { port: rng.pick([8080, 8080, 3000, 9000, 5000]) } : {}),
    cpuRequest: rng.pick(["50m", "100m", "250m", "500m"]),
    memRequest,
    memLimit: memRequest === "1Gi" ? "2Gi" : memRequest === "512Mi" ? "1Gi" : "512Mi",
    ...(configMap ? { configMap } : {}),
  };
}

/** Mostly healthy; a sprinkle of crash-looping pods gives real clusters' background noise. */
function podState(ctx: GenContext, noiseRate: number): PodState {
  return ctx.rng.chance(noiseRate) ? "crashloop" : "running";
}

function noiseEvents(ctx: GenContext, pod: KubeObject, state: PodState) {
  if (state !== "crashloop") return;
  const c = pod.spec.containers[0].name;
  event(ctx, pod, "Warning", "BackOff", "Back-off restarting failed container " + c + " in pod " + `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, "kubelet", 3_000, 40, ctx.rng.int(20, 300), pod.spec.nodeName);
}

export function buildDeployment(ctx: GenContext, placement: Placement, namespace: string, app: string, replicas: number, noiseRate: number): number {
  const rng = ctx.rng;
  const created = rng.int(5, 300) * DAY;
  const cm = buildConfigMap(ctx, namespace, `${app}-config`, created);
  const hash = rng.suffix(rng.pick([9, 10]));
  const selector = { "app.kubernetes.io/name": app };
  const labels = { ...selector, "app.kubernetes.io/part-of": namespace, "app.kubernetes.io/version": "" };
  const c = container(ctx, app, true, cm.metadata.name);
  labels["app.kubernetes.io/version"] = c.image.slice(c.image.lastIndexOf(":") + 1);
  const template = podTemplate(labels, c);
  const revision = rng.int(1, 30);
  const rolledAgo = rng.int(1, 60) * DAY / 4;
  const deployment = ctx.add({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(ctx, app, namespace, created, {
      generation: revision,
      labels: { ...selector },
      annotations: { "deployment.kubernetes.io/revision": String(revision) },
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template,
    },
    status: {},
  });
  const rs = ctx.add({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: meta(ctx, `${app}-${hash}`, namespace, rolledAgo, {
      generation: 1,
      labels: { ...labels, "pod-template-hash": hash },
      annotations: {
        "deployment.kubernetes.io/desired-replicas": String(replicas),
        "deployment.kubernetes.io/max-replicas": String(replicas + Math.ceil(replicas / 4)),
        "deployment.kubernetes.io/revision": String(revision),
      },
      ownerReferences: [ownerRef(deployment)],
    }),
    spec: {
      replicas,
      selector: { matchLabels: { ...selector, "pod-template-hash": hash } },
      template: { ...template, metadata: { labels: { ...labels, "pod-template-hash": hash } } },
    },
    status: {},
  });
  const pods: KubeObject[] = [];
  for (let i = 0; i < replicas; i++) {
    const state = podState(ctx, noiseRate);
    const pod = buildPod(ctx, {
      name: `${rs.metadata.name}-${rng.suffix(5)}`,
      namespace,
      owner: rs,
      labels: { ...labels, "pod-template-hash": hash },
      template: rs.spec.template,
      node: nextNode(ctx, placement),
      startedAgo: Math.min(rolledAgo, rng.int(2, 30) * 3_600),
      state,
    });
    noiseEvents(ctx, pod, state);
    pods.push(pod);
  }
  const ready = pods.filter((p) => p.status.containerStatuses[0].ready).length;
  const status = {
    observedGeneration: revision,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
  };
  rs.status = { replicas, fullyLabeledReplicas: replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 };
  deployment.status = {
    ...status,
    conditions: [
      ready === replicas
        ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: ctx.ago(rolledAgo - 60), lastTransitionTime: ctx.ago(rolledAgo - 60) }
        : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastUpdateTime: ctx.ago(3_000), lastTransitionTime: ctx.ago(3_000) },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`, lastUpdateTime: ctx.ago(rolledAgo - 90), lastTransitionTime: ctx.ago(created - 30) },
    ],
  };
  buildService(ctx, namespace, app, selector, c.port!, pods, created);
  return replicas;
}

export function buildStatefulSet(ctx: GenContext, placement: Placement, namespace: string, app: string, replicas: number): number {
  const rng = ctx.rng;
  const created = rng.int(20, 400) * DAY;
  const selector = { "app.kubernetes.io/name": app };
  const revision = `${app}-${rng.suffix(10)}`;
  const labels = { ...selector, "app.kubernetes.io/component": "database" };
  const c = container(ctx, app, true);
  const template = podTemplate(labels, c);
  const sts = ctx.add({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(ctx, app, namespace, created, { generation: 2, labels: { ...selector } }),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      podManagementPolicy: "OrderedReady",
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      serviceName: app,
      template,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
    },
    status: {
      availableReplicas: replicas, collisionCount: 0, currentReplicas: replicas, currentRevision: revision, observedGeneration: 2,
      readyReplicas: replicas, replicas, updateRevision: revision, updatedReplicas: replicas,
    },
  });
  const pods: KubeObject[] = [];
  for (let i = 0; i < replicas; i++) {
    pods.push(buildPod(ctx, {
      name: `${app}-${i}`,
      namespace,
      owner: sts,
      labels: { ...labels, "apps.kubernetes.io/pod-index": String(i), "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": `${app}-${i}` },
      template,
      node: nextNode(ctx, placement),
      startedAgo: rng.int(3, 20) * DAY,
      state: "running",
    }));
  }
  buildService(ctx, namespace, app, selector, c.port!, pods, created);
  return replicas;
}

/** One pod per node, hostNetwork like kube-proxy / node agents. */
export function buildDaemonSet(ctx: GenContext, nodes: NodeInfo[], namespace: string, app: string, image: string): number {
  const rng = ctx.rng;
  const created = rng.int(60, 400) * DAY;
  const selector = { "k8s-app": app };
  const c: ContainerSpec = { name: app, image, cpuRequest: "100m", memRequest: "64Mi", memLimit: "256Mi" };
  const template = podTemplate(selector, c, { hostNetwork: true, priorityClassName: "system-node-critical" });
  const hash = rng.suffix(10);
  const n = nodes.length;
  const ds = ctx.add({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta(ctx, app, namespace, created, { generation: 3, labels: { ...selector }, annotations: { "deprecated.daemonset.template.generation": "3" } }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      template,
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: "10%" }, type: "RollingUpdate" },
    },
    status: { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberMisscheduled: 0, numberReady: n, observedGeneration: 3, updatedNumberScheduled: n },
  });
  for (const node of nodes) {
    buildPod(ctx, {
      name: `${app}-${rng.suffix(5)}`,
      namespace,
      owner: ds,
      labels: { ...selector, "controller-revision-hash": hash, "pod-template-generation": "3" },
      template,
      node,
      startedAgo: rng.int(1, 30) * DAY,
      state: "running",
      hostNetwork: true,
    });
  }
  return n;
}

/** A CronJob with its last `runs` Jobs kept (successful history), one completed pod each. */
export function buildCronJob(ctx: GenContext, placement: Placement, namespace: string, name: string, runs: number): number {
  const rng = ctx.rng;
  const created = rng.int(30, 300) * DAY;
  const c = container(ctx, name, false);
  const template = podTemplate({}, c, { restartPolicy: "OnFailure" });
  const hourly = 3_600;
  const cron = ctx.add({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta(ctx, name, namespace, created, { generation: 1 }),
    spec: {
      concurrencyPolicy: "Forbid",
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: { backoffLimit: 3, template } },
      schedule: "0 * * * *",
      successfulJobsHistoryLimit: runs,
      suspend: false,
      timeZone: "Etc/UTC",
    },
    status: {},
  });
  const lastHour = Math.floor(ctx.now.getTime() / 1000 / hourly) * hourly;
  for (let i = runs - 1; i >= 0; i--) {
    const scheduled = lastHour - i * hourly;
    const ago = ctx.now.getTime() / 1000 - scheduled;
    const jobName = `${name}-${Math.floor(scheduled / 60)}`;
    const scheduledAt = new Date(scheduled * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const jobUid = rng.uid();
    const job = ctx.add({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: jobName, namespace, uid: jobUid, resourceVersion: ctx.resourceVersion(), creationTimestamp: ctx.ago(ago), generation: 1,
        labels: { "batch.kubernetes.io/controller-uid": jobUid, "batch.kubernetes.io/job-name": jobName, "controller-uid": jobUid, "job-name": jobName },
        annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": scheduledAt },
        ownerReferences: [ownerRef(cron)],
      },
      spec: { backoffLimit: 3, completionMode: "NonIndexed", completions: 1, manualSelector: false, parallelism: 1, podReplacementPolicy: "TerminatingOrFailed", selector: { matchLabels: { "batch.kubernetes.io/controller-uid": jobUid } }, suspend: false, template },
      status: {},
    });
    const labels = { "batch.kubernetes.io/controller-uid": jobUid, "batch.kubernetes.io/job-name": jobName, "controller-uid": jobUid, "job-name": jobName };
    buildPod(ctx, { name: `${jobName}-${rng.suffix(5)}`, namespace, owner: job, labels, template, node: nextNode(ctx, placement), startedAgo: ago - 1, state: "completed", restartPolicy: "OnFailure" });
    const finished = ctx.ago(ago - rng.int(20, 200));
    job.status = {
      completionTime: finished, succeeded: 1, ready: 0, terminating: 0, startTime: ctx.ago(ago - 1), uncountedTerminatedPods: {},
      conditions: [
        { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: finished, lastTransitionTime: finished },
        { type: "Complete", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: finished, lastTransitionTime: finished },
      ],
    };
    if (i === 0) cron.status = { lastScheduleTime: scheduledAt, lastSuccessfulTime: finished };
  }
  return runs;
}
