import { describe, expect, it } from "vitest";
import type { NormalizedAlert, Report, ResourceRef } from "../../../../shared/src/index.js";
import type { FeedbackRecord, InvestigationRecord } from "../ports.js";
import { historyLines, historyQuery, podOwnerName, workloadKey, type HistorySubject } from "./history.js";

const now = new Date("2026-11-20T03:00:00.000Z");
const pod = (name: string, namespace = "payments"): ResourceRef => ({ kind: "Pod", namespace, name });
const deploy: ResourceRef = { kind: "Deployment", namespace: "payments", name: "payments-api" };

function rec(id: string, o: { target?: ResourceRef; alertname?: string; createdAt?: string; resources?: ResourceRef[]; feedback?: Partial<FeedbackRecord>[]; clusterId?: string } = {}): InvestigationRecord {
  const target = o.target ?? pod("payments-api-7d4b9c8f6-x2k9p");
  const alertname = o.alertname ?? "KubePodCrashLooping";
  const clusterId = o.clusterId ?? "prod";
  const alert: NormalizedAlert = {
    source: "alertmanager", fingerprint: id, status: "firing", alertname, cluster: clusterId, target, labels: {}, annotations: {},
    startsAt: o.createdAt ?? "2026-11-19T10:00:00.000Z", links: [], receivedAt: o.createdAt ?? "2026-11-19T10:00:00.000Z",
  };
  const report = o.resources && ({ rootCause: { category: "oom-killed", confidence: "high", summary: "" }, alternatives: [], affectedResources: o.resources } as unknown as Report);
  return {
    id, clusterId, targetKey: `${clusterId}|Pod/${target.namespace}/${target.name}`, dedupKey: id, alertname, status: "complete",
    createdAt: o.createdAt ?? "2026-11-19T10:00:00.000Z", updatedAt: "", alert, attached: [], attempts: 1, report,
    feedback: (o.feedback ?? []).map((f) => ({ investigationId: id, clusterId, targetKey: "", alertname, verdict: "accurate", category: "oom-killed", user: "maria", at: "2026-11-19T11:00:00.000Z", ...f })),
  };
}
const subject = (o: Partial<HistorySubject> = {}): HistorySubject => {
  const target = o.target ?? pod("payments-api-5f6b7c8d9-q4w2z");
  return { id: "cur", clusterId: "prod", alertname: "KubePodCrashLooping", targetKey: `prod|Pod/${target.namespace}/${target.name}`, target, ...o };
};

describe("history", () => {
  it("pod replaced: past investigations of the workload's earlier pods still count (resolved workload or hash-stripped name)", () => {
    const past = [
      rec("i1", { createdAt: "2026-11-18T09:00:00.000Z", resources: [deploy, pod("payments-api-7d4b9c8f6-x2k9p")] }),
      rec("i2", { createdAt: "2026-11-19T09:00:00.000Z", target: pod("payments-api-6c9d8b7f5-zz2kp") }), // no report yet
    ];
    expect(historyLines(past, subject({ resources: [deploy] }), now)).toEqual(["fired 3 times this week"]);
    // Without the topology, the current pod's name is stripped to the same workload.
    expect(historyLines(past, subject(), now)).toEqual(["fired 3 times this week"]);
    // An alert on the Deployment itself is the same workload too.
    expect(historyLines(past, subject({ target: deploy, targetKey: "prod|Deployment/payments/payments-api" }), now)).toEqual(["fired 3 times this week"]);
  });

  it("another alertname, workload, namespace, cluster, or an investigation older than 7 days is not counted", () => {
    const past = [
      rec("other-alert", { alertname: "KubePodNotReady" }),
      rec("other-workload", { target: pod("payments-worker-7d4b9c8f6-x2k9p") }),
      rec("other-ns", { target: pod("payments-api-7d4b9c8f6-x2k9p", "staging") }),
      rec("other-cluster", { clusterId: "eu" }),
      rec("old", { createdAt: "2026-11-12T02:59:00.000Z" }),
    ];
    expect(historyLines(past, subject(), now)).toEqual([]);
    expect(historyLines([...past, rec("same")], subject(), now)).toEqual(["fired 2 times this week"]);
  });

  it("confirmed: the newest past investigation whose latest verdict was accurate or named the real cause", () => {
    const past = [
      rec("i1", { createdAt: "2026-11-16T09:00:00.000Z", feedback: [{ verdict: "accurate", category: "oom-killed" }] }),
      // maria first said wrong, then corrected the cause: the correction wins.
      rec("i2", { createdAt: "2026-11-18T09:00:00.000Z", feedback: [{ verdict: "wrong", at: "2026-11-18T10:00:00.000Z" }, { verdict: "wrong", correctedCategory: "config-value", note: "bad JAVA_OPTS", at: "2026-11-18T11:00:00.000Z" }] }),
      // Latest verdict "wrong" with no correction: nothing confirmed on this one.
      rec("i3", { createdAt: "2026-11-19T09:00:00.000Z", feedback: [{ verdict: "accurate", at: "2026-11-19T10:00:00.000Z" }, { verdict: "wrong", at: "2026-11-19T12:00:00.000Z" }] }),
    ];
    expect(historyLines(past, subject(), now)).toEqual(['fired 4 times this week; confirmed: config-value on 2026-11-18 ("bad JAVA_OPTS")']);
    expect(historyLines(past.slice(0, 1), subject(), now)).toEqual(["fired 2 times this week; confirmed: oom-killed on 2026-11-16"]);
  });

  it("with only the current id, reads alertname and target from its record among `past`", () => {
    const past = [rec("cur", { createdAt: "2026-11-20T02:59:00.000Z", target: pod("payments-api-5f6b7c8d9-q4w2z") }), rec("i1"), rec("x", { alertname: "Other" })];
    expect(historyLines(past, "cur", now)).toEqual(["fired 2 times this week"]);
  });

  it("maps generated names to their owner and queries the last week", () => {
    expect(podOwnerName("payments-api-7d4b9c8f6-x2k9p")).toBe("payments-api");
    expect(podOwnerName("node-exporter-x2k9p")).toBe("node-exporter");
    expect(podOwnerName("postgres-0")).toBe("postgres");
    expect(podOwnerName("report-29301780-q4w2z")).toBe("report");
    expect(podOwnerName("web-redis")).toBe("web-redis");
    expect(workloadKey("prod", "k", { kind: "ReplicaSet", namespace: "payments", name: "payments-api-7d4b9c8f6" })).toBe(workloadKey("prod", "k", deploy));
    expect(workloadKey("prod", "k", { kind: "Service", namespace: "payments", name: "payments-api" })).toBe("prod|Service/payments/payments-api");
    expect(workloadKey("prod", "prod|alert|A|ns", undefined)).toBe("prod|alert|A|ns");
    expect(historyQuery("prod", now)).toMatchObject({ clusterId: "prod", since: "2026-11-13T03:00:00.000Z" });
  });
});
