import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { cronJobWithJob, failJob } from "../factory/jobs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** Every attempt of last night's report fails on a column renamed by yesterday's migration; backoffLimit reached. */
export default function build(): Scn {
  const scn = new Scn("nightly-report-job-backoff", "the nightly-report Job failed: every pod exits 1 on a SQL error and the Job reached its backoffLimit", "2026-11-22T02:41:00Z", "prod-eu-west-1");
  scn.namespace("reporting");
  scn.namespace("warehouse");
  const nodes = workers(scn, 3);
  const spec = { restartPolicy: "Never", containers: [{ name: "report", image: "registry.acme.io/reporting/nightly-report:2.3.0", args: ["--date=yesterday", "--out=s3://acme-reports/daily/"], envFrom: [{ configMapRef: { name: "nightly-report-config" } }], requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } }] };
  const { cron, job } = cronJobWithJob(scn, "reporting", "nightly-report", { schedule: "0 2 * * *", spec, backoffLimit: 3, scheduledAgo: 2_460 });
  scn.configMap("reporting", "nightly-report-config", { DB_HOST: "reporting-db.warehouse.svc.cluster.local", REPORT_TZ: "Europe/Paris" }, 120 * 86_400);
  const starts = [2_455, 2_380, 2_230, 1_930];
  starts.forEach((start, i) => {
    const pod = scn.pod(job, { node: nodes[i % 3]!.name, nodeIp: nodes[i % 3]!.ip, state: { kind: "failed", exitCode: 1, finishedAgo: start - 40 }, createdAgo: start });
    scn.podLogs(pod, { report: { current: scn.lines([start - 8, "nightly-report 2.3.0: building revenue report for 2026-11-21"], [start - 39, 'psycopg2.errors.UndefinedColumn: column o.region_code does not exist\nLINE 3:     SELECT o.region_code, sum(o.total_eur) AS revenue\n                   ^'], [start - 40, "report failed, exiting with status 1"]) } });
    scn.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, { component: "job-controller", first: start });
  });
  failJob(scn, job, "BackoffLimitExceeded", "Job has reached the specified backoff limit", 1_880, { failed: 4, startedAgo: 2_460 });
  scn.event(job, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", { component: "job-controller", first: 1_880 });
  scn.event(cron, "Normal", "SuccessfulCreate", `Created job ${job.metadata.name}`, { component: "cronjob-controller", first: 2_460 });
  scn.event(cron, "Normal", "SawCompletedJob", `Saw completed job: ${job.metadata.name}, status: Failed`, { component: "cronjob-controller", first: 1_879 });
  // Decoys: the warehouse DB it queries is healthy; an unrelated job-like pod restarted.
  healthyApp(scn, "warehouse", "reporting-db-proxy", nodes, { replicas: 2, port: 5432 });
  healthyApp(scn, "reporting", "reports-ui", nodes, { replicas: 2 });
  recoveredRestarter(scn, "warehouse", "warehouse-compactor", nodes);
  backgroundWarnings(scn, "reporting", "reports-ui", nodes);
  scn.alert({ alertname: "KubeJobFailed", ...KSM, namespace: "reporting", job_name: job.metadata.name, condition: "true", severity: "warning" }, ANNOTATIONS.KubeJobFailed("reporting", job.metadata.name), 900, EXPR.KubeJobFailed);
  scn.expected({ category: "job-failure", culprit: [{ kind: "CronJob", namespace: "reporting", name: "nightly-report" }, { kind: "Job", namespace: "reporting", name: job.metadata.name }], mustMention: ["region_code", "backoff"] });
  return scn;
}
