import type { Obj, PodSpecOpts, Scn } from "./kit-b.js";
import { template } from "./kit-b.js";

/** CronJob + the Job it created at `scheduledAgo`, named like the CronJob controller does (minutes since epoch). */
export function cronJobWithJob(scn: Scn, ns: string, name: string, o: { schedule: string; spec: PodSpecOpts; backoffLimit: number; activeDeadlineSeconds?: number; scheduledAgo: number }): { cron: Obj; job: Obj } {
  const scheduled = new Date(scn.nowDate.getTime() - o.scheduledAgo * 1000);
  const jobName = `${name}-${Math.floor(scheduled.getTime() / 60_000)}`;
  const jobSpec = { backoffLimit: o.backoffLimit, ...(o.activeDeadlineSeconds ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}), template: template({}, o.spec) };
  const cron = scn.raw({
    apiVersion: "batch/v1", kind: "CronJob", name, namespace: ns, createdAgo: 200 * 86_400, generation: 2,
    extra: { spec: { concurrencyPolicy: "Forbid", failedJobsHistoryLimit: 1, jobTemplate: { metadata: {}, spec: jobSpec }, schedule: o.schedule, successfulJobsHistoryLimit: 3, suspend: false, timeZone: "Etc/UTC" }, status: { lastScheduleTime: scheduled.toISOString().replace(/\.\d{3}Z$/, "Z"), lastSuccessfulTime: new Date(scheduled.getTime() - 86_400_000 + 1_500_000).toISOString().replace(/\.\d{3}Z$/, "Z") } },
  });
  const uid = scn.uid();
  const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": jobName, "controller-uid": uid, "job-name": jobName };
  const job = scn.add({
    apiVersion: "batch/v1", kind: "Job",
    metadata: {
      name: jobName, namespace: ns, uid, resourceVersion: String(9_100_000 + scn.rng.int(0, 99_999)), creationTimestamp: scn.ago(o.scheduledAgo), generation: 1, labels,
      annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": scheduled.toISOString().replace(/\.\d{3}Z$/, "Z"), "batch.kubernetes.io/job-tracking": "" },
      ownerReferences: [scn.ownerRef(cron)],
    },
    spec: { ...jobSpec, completionMode: "NonIndexed", completions: 1, manualSelector: false, parallelism: 1, podReplacementPolicy: "TerminatingOrFailed", selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } }, suspend: false, template: { ...jobSpec.template, metadata: { labels } } },
    status: {},
  });
  return { cron, job };
}

/** The Failed/FailureTarget conditions the Job controller writes when it gives up. */
export function failJob(scn: Scn, job: Obj, reason: "BackoffLimitExceeded" | "DeadlineExceeded", message: string, failedAgo: number, counts: { failed: number; startedAgo: number }) {
  const at = scn.ago(failedAgo);
  job.status = {
    startTime: scn.ago(counts.startedAgo), failed: counts.failed, ready: 0, terminating: 0, uncountedTerminatedPods: {},
    conditions: [
      { type: "FailureTarget", status: "True", reason, message, lastProbeTime: at, lastTransitionTime: at },
      { type: "Failed", status: "True", reason, message, lastProbeTime: at, lastTransitionTime: at },
    ],
  };
}
