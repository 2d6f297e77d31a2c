/** A Job hit its backoffLimit or activeDeadlineSeconds; the cause is in its pods. */
import type { EvidenceItem, KubeObject, Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { k8sName, tryCommand } from "../remediation/quote.js";
import { crashDetail, crashes, eventItem, lastError, logItem, short, specItem, statusItem } from "./common.js";
import { refOf } from "./kube.js";
import type { Analyzer } from "./types.js";

export const jobFailure: Analyzer = {
  name: "job-failure",
  categories: ["job-failure"],
  analyze(ctx) {
    const jobs = ctx.objects("Job").filter((j) => (j.status?.conditions ?? []).some((c: any) => c.type === "Failed" && c.status === "True"));
    const root = ctx.rootRef;
    const focusJobs = jobs.filter((j) => !root || root.namespace === undefined || j.metadata.namespace === root.namespace);
    if (!focusJobs.length) return [];
    const job = focusJobs.sort((a, b) => (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? ""))[0]!;
    const cond = job.status.conditions.find((c: any) => c.type === "Failed" && c.status === "True");
    const jobRef = refOf(job);
    const owner = (job.metadata.ownerReferences ?? []).find((o) => o.kind === "CronJob");
    const cronRef = owner ? { kind: "CronJob", namespace: job.metadata.namespace, name: owner.name } : undefined;
    const pods = ctx.objects("Pod", job.metadata.namespace).filter((p) => (p.metadata.ownerReferences ?? []).some((o) => o.kind === "Job" && o.name === job.metadata.name));
    const evidence: EvidenceItem[] = [specItem(jobRef, `Job ${job.metadata.name}: condition Failed, reason ${cond.reason}: ${cond.message ?? ""} (backoffLimit ${job.spec?.backoffLimit ?? 6}${job.spec?.activeDeadlineSeconds ? `, activeDeadlineSeconds ${job.spec.activeDeadlineSeconds}` : ""}, ${job.status?.failed ?? 0} failed pods)`)];
    for (const e of ctx.eventsFor(jobRef).filter((e) => e.type === "Warning").slice(0, 2)) evidence.push(eventItem(e));
    const xs = crashes(ctx, pods);
    for (const x of xs.slice(0, 1)) evidence.push(statusItem(x.pod, crashDetail(x)));
    const err = lastError(ctx.evidence.logs.filter((l) => pods.some((p) => p.metadata.name === l.pod)));
    if (err) evidence.push(logItem(err.log, err.line));
    const deadline = cond.reason === "DeadlineExceeded";
    const target = cronRef ?? jobRef;
    const remediation: Remediation[] = [];
    if (deadline && job.spec?.activeDeadlineSeconds) {
      const next = job.spec.activeDeadlineSeconds * 2;
      const cmd = cronRef ? tryCommand(() => k.patchMerge(cronRef, { spec: { jobTemplate: { spec: { activeDeadlineSeconds: next } } } })) : undefined;
      remediation.push({ description: `The job ran longer than activeDeadlineSeconds=${job.spec.activeDeadlineSeconds}. ${cronRef ? `Raise it for the next runs of CronJob ${cronRef.name} to ${next}` : "Raise activeDeadlineSeconds and re-run the Job"} if the work legitimately grew.`, command: cmd, needsJudgment: true, warning: "Make sure the job is not stuck: check its logs for progress first." });
    } else {
      remediation.push({ description: `Every attempt failed until the backoff limit (${job.spec?.backoffLimit ?? 6}) was reached: fix the error in the job's logs${err ? ` ("${short(err.line)}")` : ""}, then re-run it.`, needsJudgment: true });
    }
    if (cronRef) remediation.push({ description: "Re-run it once fixed (a one-off Job from the CronJob's template).", command: tryCommand(() => `kubectl create job ${k8sName(`${cronRef.name.slice(0, 50)}-manual`)} -n ${k8sName(cronRef.namespace)} --from=cronjob/${k8sName(cronRef.name)}`), needsJudgment: true });
    const logsOf: KubeObject | undefined = pods[0];
    if (logsOf) remediation.push({ description: "Read the failed pod's log.", command: tryCommand(() => k.logs(logsOf.metadata.namespace!, logsOf.metadata.name)) });
    return [{
      analyzer: "job-failure",
      category: "job-failure",
      culprit: target,
      confidence: "high",
      summary: `Job ${job.metadata.name}${cronRef ? ` (CronJob ${cronRef.name})` : ""} failed: ${deadline ? `it exceeded activeDeadlineSeconds=${job.spec?.activeDeadlineSeconds}` : `its pods failed ${job.status?.failed ?? "repeatedly"} times and hit the backoff limit (backoffLimit ${job.spec?.backoffLimit ?? 6})`}${err ? `; last error: "${short(err.line)}"` : ""}.`,
      evidence,
      remediation,
      specificity: 0.88,
    }];
  },
};
