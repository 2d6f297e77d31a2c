import { type Cluster, type Labels, type ManagedField, type Obj, clone } from "./cluster.js";
import { DAY, HOUR } from "./clock.js";
import { templateHash } from "./ids.js";
import { type PodSpecOpts, podTemplate } from "./pods.js";

/** One revision of a workload's pod template; revisions are given oldest first, the last is current. */
export interface Revision {
  spec: PodSpecOpts;
  /** When this revision was rolled out (seconds ago). */
  rolledAgo: number;
  templateAnnotations?: Record<string, string>;
  /** Pods the ReplicaSet of an old revision still wants (a rollout in progress or stuck). Default 0. */
  replicas?: number;
}

export interface DeploymentOpts {
  ns: string;
  name: string;
  replicas: number;
  revisions: Revision[];
  /** Pod labels (also the selector). Default `{app: name}`. */
  podLabels?: Labels;
  labels?: Labels;
  annotations?: Record<string, string>;
  createdAgo?: number;
  /** Revision number of the first listed revision (older ones were pruned by revisionHistoryLimit). */
  firstRevision?: number;
  /** Field manager that applied the spec (managedFields: when the template last changed and by whom). */
  manager?: string;
  maxSurge?: string;
  maxUnavailable?: string;
}

export interface DeploymentParts {
  deploy: Obj;
  replicaSets: Obj[];
  current: Obj;
}

function workloadManagedFields(manager: string, specAgo: number, statusAgo: number, apiVersion: string): ManagedField[] {
  return [
    { manager, operation: "Update", ago: specAgo, apiVersion, fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": {} } } } } },
    { manager: "kube-controller-manager", operation: "Update", ago: statusAgo, apiVersion, subresource: "status", fieldsV1: { "f:status": { "f:conditions": {}, "f:observedGeneration": {}, "f:replicas": {} } } },
  ];
}

/**
 * A Deployment with one ReplicaSet per revision. ReplicaSet names carry the pod-template-hash computed from
 * each template; revision annotations count up from `firstRevision`. Add pods with `pod()`, then call
 * `settleDeployment` so both statuses follow from the pods.
 */
export function deployment(c: Cluster, o: DeploymentOpts): DeploymentParts {
  const selector = o.podLabels ?? { app: o.name };
  const first = o.firstRevision ?? 1;
  const current = o.revisions[o.revisions.length - 1]!;
  const currentRevision = first + o.revisions.length - 1;
  const template = podTemplate(selector, current.spec, current.templateAnnotations);
  const deploy = c.add<Obj>({
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: c.meta("Deployment", o.ns, o.name, {
      createdAgo: o.createdAgo ?? Math.max(120 * DAY, o.revisions[0]!.rolledAgo + DAY),
      annotations: { "deployment.kubernetes.io/revision": String(currentRevision), ...(o.annotations ?? {}) },
      generation: currentRevision + 1,
      labels: o.labels ?? { ...selector },
      managedFields: workloadManagedFields(o.manager ?? "kubectl-client-side-apply", current.rolledAgo, Math.min(current.rolledAgo, 5 * 60), "apps/v1"),
    }),
    spec: {
      progressDeadlineSeconds: 600, replicas: o.replicas, revisionHistoryLimit: 10,
      selector: { matchLabels: { ...selector } },
      strategy: { rollingUpdate: { maxSurge: o.maxSurge ?? "25%", maxUnavailable: o.maxUnavailable ?? "25%" }, type: "RollingUpdate" },
      template,
    },
    status: {},
  });
  const replicaSets = o.revisions.map((rev, i) => {
    const tpl = podTemplate(selector, rev.spec, rev.templateAnnotations);
    const hash = templateHash(tpl);
    const isCurrent = i === o.revisions.length - 1;
    const rsTemplate = clone(tpl);
    rsTemplate.metadata.labels["pod-template-hash"] = hash;
    const replicas = isCurrent ? o.replicas : (rev.replicas ?? 0);
    return c.add<Obj>({
      apiVersion: "apps/v1", kind: "ReplicaSet",
      metadata: c.meta("ReplicaSet", o.ns, `${o.name}-${hash}`, {
        createdAgo: rev.rolledAgo,
        annotations: {
          "deployment.kubernetes.io/desired-replicas": String(o.replicas),
          "deployment.kubernetes.io/max-replicas": String(o.replicas + Math.ceil(o.replicas * 0.25)),
          "deployment.kubernetes.io/revision": String(first + i),
        },
        generation: isCurrent ? 1 : 2,
        labels: { ...selector, "pod-template-hash": hash },
        owner: deploy,
      }),
      spec: { replicas, selector: { matchLabels: { ...selector, "pod-template-hash": hash } }, template: rsTemplate },
      status: { observedGeneration: isCurrent ? 1 : 2, replicas: 0 },
    });
  });
  return { deploy, replicaSets, current: replicaSets[replicaSets.length - 1]! };
}

export type Progress =
  | { state: "complete"; since?: number }
  | { state: "progressing"; since: number }
  | { state: "deadline-exceeded"; since: number };

function isReady(p: Obj): boolean {
  return p.status.conditions?.some((x: any) => x.type === "Ready" && x.status === "True") && !p.metadata.deletionTimestamp;
}

function percent(v: string, total: number, roundUp: boolean): number {
  if (!v.endsWith("%")) return Number(v);
  const f = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/**
 * Writes ReplicaSet and Deployment status from the pods that exist, with the deployment controller's
 * condition reasons and messages (deployment/util/deployment_util.go).
 */
export function settleDeployment(c: Cluster, parts: DeploymentParts, progress: Progress = { state: "complete" }) {
  const { deploy, replicaSets, current } = parts;
  let total = 0;
  let ready = 0;
  for (const rs of replicaSets) {
    const pods = c.podsOf(rs).filter((p) => !p.metadata.deletionTimestamp);
    const r = pods.filter(isReady).length;
    total += pods.length;
    ready += r;
    rs.status = {
      ...(r ? { availableReplicas: r } : {}),
      ...(pods.length ? { fullyLabeledReplicas: pods.length } : {}),
      observedGeneration: rs.metadata.generation,
      ...(r ? { readyReplicas: r } : {}),
      replicas: pods.length,
    };
  }
  const updated = c.podsOf(current).filter((p) => !p.metadata.deletionTimestamp).length;
  const desired = deploy.spec.replicas as number;
  const maxUnavailable = percent(deploy.spec.strategy.rollingUpdate.maxUnavailable, desired, false);
  const available = ready >= desired - maxUnavailable;
  const rsName = current.metadata.name;
  const availableSince = c.ago(available ? (progress.state === "complete" ? (progress.since ?? 5 * DAY) : 3 * DAY) : Math.min(progress.state === "complete" ? HOUR : progress.since, HOUR));
  const progressing = progress.state === "complete"
    ? { lastTransitionTime: c.ago(progress.since ?? 30 * DAY), lastUpdateTime: c.ago(Math.min(progress.since ?? 30 * DAY, current.metadata.creationTimestamp ? (c.clock.now.getTime() - Date.parse(current.metadata.creationTimestamp)) / 1000 - 60 : DAY)), message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: "NewReplicaSetAvailable", status: "True" }
    : progress.state === "progressing"
      ? { lastTransitionTime: c.ago(progress.since), lastUpdateTime: c.ago(Math.min(progress.since, 30)), message: `ReplicaSet "${rsName}" is progressing.`, reason: "ReplicaSetUpdated", status: "True" }
      : { lastTransitionTime: c.ago(progress.since), lastUpdateTime: c.ago(progress.since), message: `ReplicaSet "${rsName}" has timed out progressing.`, reason: "ProgressDeadlineExceeded", status: "False" };
  deploy.status = {
    ...(ready ? { availableReplicas: ready } : {}),
    conditions: [
      available
        ? { lastTransitionTime: availableSince, lastUpdateTime: availableSince, message: "Deployment has minimum availability.", reason: "MinimumReplicasAvailable", status: "True", type: "Available" }
        : { lastTransitionTime: availableSince, lastUpdateTime: availableSince, message: "Deployment does not have minimum availability.", reason: "MinimumReplicasUnavailable", status: "False", type: "Available" },
      { ...progressing, type: "Progressing" },
    ],
    observedGeneration: deploy.metadata.generation,
    ...(ready ? { readyReplicas: ready } : {}),
    replicas: total,
    ...(desired - ready > 0 ? { unavailableReplicas: desired - ready } : {}),
    updatedReplicas: updated,
  };
}

function controllerRevision(c: Cluster, owner: Obj, tpl: unknown, revision: number, ago: number, hashWithName: boolean): Obj {
  const hash = templateHash(tpl);
  return c.add<Obj>({
    apiVersion: "apps/v1", kind: "ControllerRevision",
    data: { spec: { template: { ...(clone(tpl) as object), $patch: "replace" } } },
    metadata: c.meta("ControllerRevision", owner.metadata.namespace, `${owner.metadata.name}-${hash}`, {
      createdAgo: ago,
      labels: { ...owner.spec.selector.matchLabels, "controller-revision-hash": hashWithName ? `${owner.metadata.name}-${hash}` : hash },
      owner,
    }),
    revision,
  });
}

export interface StatefulSetOpts {
  ns: string;
  name: string;
  replicas: number;
  revisions: Revision[];
  podLabels?: Labels;
  serviceName?: string;
  volumeClaimTemplates?: Array<Record<string, unknown>>;
  createdAgo?: number;
}

/** A StatefulSet with a ControllerRevision per revision; pods get `<name>-<ordinal>` names from `pod()`. */
export function statefulSet(c: Cluster, o: StatefulSetOpts): { sts: Obj; revisions: Obj[] } {
  const selector = o.podLabels ?? { app: o.name };
  const cur = o.revisions[o.revisions.length - 1]!;
  const template = podTemplate(selector, cur.spec, cur.templateAnnotations);
  const sts = c.add<Obj>({
    apiVersion: "apps/v1", kind: "StatefulSet",
    metadata: c.meta("StatefulSet", o.ns, o.name, {
      createdAgo: o.createdAgo ?? Math.max(200 * DAY, o.revisions[0]!.rolledAgo + DAY), generation: o.revisions.length + 1, labels: { ...selector },
      managedFields: workloadManagedFields("helm", cur.rolledAgo, Math.min(cur.rolledAgo, 300), "apps/v1"),
    }),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      podManagementPolicy: "OrderedReady", replicas: o.replicas, revisionHistoryLimit: 10,
      selector: { matchLabels: { ...selector } }, serviceName: o.serviceName ?? o.name, template,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
      ...(o.volumeClaimTemplates ? { volumeClaimTemplates: o.volumeClaimTemplates } : {}),
    },
    status: {},
  });
  const revisions = o.revisions.map((r, i) => controllerRevision(c, sts, podTemplate(selector, r.spec, r.templateAnnotations), i + 1, r.rolledAgo, true));
  return { sts, revisions };
}

export function settleStatefulSet(c: Cluster, sts: Obj) {
  const pods = c.podsOf(sts);
  const ready = pods.filter(isReady).length;
  const rev = `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
  const updated = pods.filter((p) => p.metadata.labels?.["controller-revision-hash"] === rev).length;
  sts.status = {
    availableReplicas: ready, collisionCount: 0, currentReplicas: updated, currentRevision: rev, observedGeneration: sts.metadata.generation,
    ...(ready ? { readyReplicas: ready } : {}), replicas: pods.length, updateRevision: rev, updatedReplicas: updated,
  };
}

export interface DaemonSetOpts {
  ns: string;
  name: string;
  revisions: Revision[];
  podLabels?: Labels;
  createdAgo?: number;
  maxUnavailable?: number;
}

export function daemonSet(c: Cluster, o: DaemonSetOpts): { ds: Obj; revisions: Obj[] } {
  const selector = o.podLabels ?? { app: o.name };
  const cur = o.revisions[o.revisions.length - 1]!;
  const ds = c.add<Obj>({
    apiVersion: "apps/v1", kind: "DaemonSet",
    metadata: c.meta("DaemonSet", o.ns, o.name, {
      annotations: { "deprecated.daemonset.template.generation": String(o.revisions.length) },
      createdAgo: o.createdAgo ?? Math.max(300 * DAY, o.revisions[0]!.rolledAgo + DAY), generation: o.revisions.length, labels: { ...selector },
      managedFields: workloadManagedFields("helm", cur.rolledAgo, Math.min(cur.rolledAgo, 300), "apps/v1"),
    }),
    spec: {
      revisionHistoryLimit: 10, selector: { matchLabels: { ...selector } }, template: podTemplate(selector, cur.spec, cur.templateAnnotations),
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: o.maxUnavailable ?? 1 }, type: "RollingUpdate" },
    },
    status: {},
  });
  const revisions = o.revisions.map((r, i) => controllerRevision(c, ds, podTemplate(selector, r.spec, r.templateAnnotations), i + 1, r.rolledAgo, false));
  return { ds, revisions };
}

export function settleDaemonSet(c: Cluster, ds: Obj, desired: number) {
  const pods = c.podsOf(ds);
  const ready = pods.filter(isReady).length;
  const hash = templateHash(ds.spec.template);
  const updated = pods.filter((p) => p.metadata.labels?.["controller-revision-hash"] === hash).length;
  ds.status = {
    currentNumberScheduled: pods.length, desiredNumberScheduled: desired, numberAvailable: ready, numberMisscheduled: 0, numberReady: ready,
    ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}), observedGeneration: ds.metadata.generation, updatedNumberScheduled: updated,
  };
}

export interface JobOpts {
  ns: string;
  name: string;
  spec: PodSpecOpts;
  createdAgo: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  owner?: Obj;
  podLabels?: Labels;
}

export function job(c: Cluster, o: JobOpts): Obj {
  const uid = c.uid("Job", o.ns, o.name);
  const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": o.name, "controller-uid": uid, "job-name": o.name, ...(o.podLabels ?? {}) };
  const tpl = podTemplate(labels, { restartPolicy: "Never", ...o.spec });
  return c.add<Obj>({
    apiVersion: "batch/v1", kind: "Job",
    metadata: c.meta("Job", o.ns, o.name, { createdAgo: o.createdAgo, generation: 1, labels: { ...labels }, ...(o.owner ? { owner: o.owner } : {}) }),
    spec: {
      ...(o.activeDeadlineSeconds ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}),
      backoffLimit: o.backoffLimit ?? 6, completionMode: "NonIndexed", completions: 1, manualSelector: false, parallelism: 1,
      podReplacementPolicy: "TerminatingOrFailed", selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } }, suspend: false, template: tpl,
    },
    status: {},
  });
}

/** Job status: Complete, or Failed with the job controller's reason (BackoffLimitExceeded / DeadlineExceeded). */
export function settleJob(c: Cluster, j: Obj, o: { startedAgo: number; outcome: "complete" | "running" | { failed: "BackoffLimitExceeded" | "DeadlineExceeded"; ago: number } }) {
  const pods = c.podsOf(j);
  const failed = pods.filter((p) => p.status.phase === "Failed").length;
  const succeeded = pods.filter((p) => p.status.phase === "Succeeded").length;
  const active = pods.length - failed - succeeded;
  const base = { ...(active ? { active } : {}), ...(failed ? { failed } : {}), ready: 0, startTime: c.ago(o.startedAgo), ...(succeeded ? { succeeded } : {}), terminating: 0, uncountedTerminatedPods: {} };
  if (o.outcome === "running") {
    j.status = base;
  } else if (o.outcome === "complete") {
    const t = c.ago(Math.max(0, o.startedAgo - 60));
    j.status = { ...base, completionTime: t, conditions: [
      { lastProbeTime: t, lastTransitionTime: t, message: "Reached expected number of succeeded pods", reason: "CompletionsReached", status: "True", type: "SuccessCriteriaMet" },
      { lastProbeTime: t, lastTransitionTime: t, message: "Reached expected number of succeeded pods", reason: "CompletionsReached", status: "True", type: "Complete" },
    ] };
  } else {
    const t = c.ago(o.outcome.ago);
    const msg = o.outcome.failed === "BackoffLimitExceeded" ? "Job has reached the specified backoff limit" : "Job was active longer than specified deadline";
    j.status = { ...base, conditions: [
      { lastProbeTime: t, lastTransitionTime: t, message: msg, reason: o.outcome.failed, status: "True", type: "FailureTarget" },
      { lastProbeTime: t, lastTransitionTime: t, message: msg, reason: o.outcome.failed, status: "True", type: "Failed" },
    ] };
  }
}

export function cronJob(c: Cluster, o: { ns: string; name: string; schedule: string; spec: PodSpecOpts; createdAgo: number; lastScheduleAgo?: number; lastSuccessAgo?: number }): Obj {
  return c.add<Obj>({
    apiVersion: "batch/v1", kind: "CronJob",
    metadata: c.meta("CronJob", o.ns, o.name, { createdAgo: o.createdAgo, generation: 1 }),
    spec: {
      concurrencyPolicy: "Forbid", failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: 2, template: podTemplate({}, { restartPolicy: "OnFailure", ...o.spec }) } },
      schedule: o.schedule, successfulJobsHistoryLimit: 3, suspend: false,
    },
    status: {
      ...(o.lastScheduleAgo !== undefined ? { lastScheduleTime: c.ago(o.lastScheduleAgo) } : {}),
      ...(o.lastSuccessAgo !== undefined ? { lastSuccessfulTime: c.ago(o.lastSuccessAgo) } : {}),
    },
  });
}
