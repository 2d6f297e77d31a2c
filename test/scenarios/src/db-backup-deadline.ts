import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { cronJobWithJob, failJob } from "../factory/jobs-b.js";
import { ANNOTATIONS, KSM, backgroundWarnings, healthyApp, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/** The nightly pg_dump now takes longer than the Job's one-hour activeDeadlineSeconds; the controller killed it. */
export default function build(): Scn {
  const scn = new Scn("db-backup-deadline", "the db-backup Job failed with DeadlineExceeded: the dump outgrew its one-hour activeDeadlineSeconds", "2026-11-23T02:55:00Z", "prod-us-east-1");
  scn.namespace("data-ops");
  scn.namespace("analytics");
  const nodes = workers(scn, 3, { region: "us-east-1", subnet: 8 });
  const spec = { restartPolicy: "Never", containers: [{ name: "pg-dump", image: "registry.acme.io/data-ops/pg-backup:16.4-2", command: ["/bin/sh", "-c"], args: ["pg_dump --format=custom --verbose --file=/backup/orders.dump orders && aws s3 cp /backup/orders.dump s3://acme-db-backups/orders/$(date +%F).dump"], envFrom: [{ secretRef: { name: "backup-db-credentials" } }], requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" }, volumeMounts: [{ name: "scratch", mountPath: "/backup" }] }], volumes: [{ name: "scratch", emptyDir: { sizeLimit: "200Gi" } }] };
  const { cron, job } = cronJobWithJob(scn, "data-ops", "db-backup", { schedule: "30 1 * * *", spec, backoffLimit: 2, activeDeadlineSeconds: 3_600, scheduledAgo: 5_100 });
  scn.secret("data-ops", "backup-db-credentials", ["PGHOST", "PGUSER", "PGPASSWORD"]);
  const pod = scn.pod(job, { node: nodes[1]!.name, nodeIp: nodes[1]!.ip, state: { kind: "failed", exitCode: 143, reason: "Error", finishedAgo: 1_495 }, createdAgo: 5_098 });
  scn.podLogs(pod, { "pg-dump": { current: scn.lines(
    [5_090, "pg_dump: last built-in OID is 16383"],
    [5_080, "pg_dump: reading extensions"],
    [4_900, 'pg_dump: dumping contents of table "public.order_items"'],
    [3_100, 'pg_dump: dumping contents of table "public.order_events"'],
    [1_500, 'pg_dump: dumping contents of table "public.order_events" (still running, 312 GB written)'],
  ) } });
  failJob(scn, job, "DeadlineExceeded", "Job was active longer than specified deadline", 1_500, { failed: 1, startedAgo: 5_100 });
  scn.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, { component: "job-controller", first: 5_098 });
  scn.event(job, "Warning", "DeadlineExceeded", "Job was active longer than specified deadline", { component: "job-controller", first: 1_500 });
  scn.event(cron, "Normal", "SuccessfulCreate", `Created job ${job.metadata.name}`, { component: "cronjob-controller", first: 5_100 });
  scn.event(cron, "Normal", "SawCompletedJob", `Saw completed job: ${job.metadata.name}, status: Failed`, { component: "cronjob-controller", first: 1_499 });
  // Decoys: analytics runs a heavy ETL at the same hour, and one of its pods restarted.
  healthyApp(scn, "analytics", "etl-runner", nodes, { replicas: 2, cpu: "1" });
  healthyApp(scn, "data-ops", "backup-exporter", nodes, { replicas: 1 });
  recoveredRestarter(scn, "analytics", "dashboard-cache", nodes, "OOMKilled");
  backgroundWarnings(scn, "analytics", "etl-runner", nodes);
  scn.alert({ alertname: "KubeJobFailed", ...KSM, namespace: "data-ops", job_name: job.metadata.name, condition: "true", severity: "warning" }, ANNOTATIONS.KubeJobFailed("data-ops", job.metadata.name), 500, EXPR.KubeJobFailed);
  scn.expected({ category: "job-failure", culprit: [{ kind: "CronJob", namespace: "data-ops", name: "db-backup" }, { kind: "Job", namespace: "data-ops", name: job.metadata.name }], mustMention: ["activeDeadlineSeconds"] });
  return scn;
}
