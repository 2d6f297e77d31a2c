import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../shared/src/index.js";
import { alertFor, contextOf, log, refOf } from "../../../../test/fakes/k8s.js";
import { jobFailure } from "./job-failure.js";

const cron = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "db-backup", namespace: "ops", uid: "cj1" }, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { activeDeadlineSeconds: 3600, template: { spec: { containers: [{ name: "dump" }] } } } } } } as KubeObject;
const job = (reason: string): KubeObject => ({
  apiVersion: "batch/v1", kind: "Job", metadata: { name: "db-backup-1", namespace: "ops", uid: "j1", creationTimestamp: "2026-11-20T01:00:00Z", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "db-backup", uid: "cj1", controller: true }] },
  spec: { backoffLimit: 3, activeDeadlineSeconds: 3600, template: { metadata: { labels: { "job-name": "db-backup-1" } }, spec: { containers: [{ name: "dump" }] } } },
  status: { failed: 1, conditions: [{ type: "Failed", status: "True", reason, message: reason === "DeadlineExceeded" ? "Job was active longer than specified deadline" : "Job has reached the specified backoff limit" }] },
}) as KubeObject;

describe("job-failure", () => {
  it("blames the CronJob of a Job past its deadline and raises activeDeadlineSeconds", () => {
    const j = job("DeadlineExceeded");
    const [c] = jobFailure.analyze(contextOf({ objects: [cron, j], target: refOf(j), alert: alertFor(refOf(j), "KubeJobFailed") }));
    expect(c).toMatchObject({ category: "job-failure", culprit: { kind: "CronJob", name: "db-backup" }, confidence: "high" });
    expect(c!.summary).toContain("activeDeadlineSeconds=3600");
    expect(c!.remediation[0]!.command).toBe(`kubectl patch cronjob db-backup -n ops --type merge -p '{"spec":{"jobTemplate":{"spec":{"activeDeadlineSeconds":7200}}}}'`);
  });
  it("quotes the pods' error for a backoff failure", () => {
    const j = job("BackoffLimitExceeded");
    const p = { apiVersion: "v1", kind: "Pod", metadata: { name: "db-backup-1-x", namespace: "ops", ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "db-backup-1", uid: "j1", controller: true }] }, spec: { containers: [{ name: "dump" }] }, status: { phase: "Failed", containerStatuses: [{ name: "dump", state: { terminated: { exitCode: 1, reason: "Error" } } }] } } as KubeObject;
    const [c] = jobFailure.analyze(contextOf({ objects: [cron, j, p], target: refOf(j), logs: [log(p, "dump", "2026-11-20T01:00:44Z psycopg2.errors.UndefinedColumn: column o.region_code does not exist\n2026-11-20T01:00:45Z report failed, exiting with status 1")] }));
    expect(c!.summary).toContain("region_code");
    expect(c!.summary).toContain("backoff");
  });
  it("ignores succeeded Jobs (decoy)", () => {
    const j = { ...job("x"), status: { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] } } as KubeObject;
    expect(jobFailure.analyze(contextOf({ objects: [cron, j], target: refOf(j) }))).toEqual([]);
  });
});
