import { describe, expect, it } from "vitest";
import { resolveTarget } from "./target.js";

describe("resolveTarget", () => {
  it.each([
    [{ namespace: "a", pod: "p-1", container: "c", deployment: "d" }, { kind: "Pod", namespace: "a", name: "p-1" }],
    [{ namespace: "a", deployment: "d", service: "s" }, { kind: "Deployment", namespace: "a", name: "d" }],
    [{ namespace: "a", statefulset: "kafka" }, { kind: "StatefulSet", namespace: "a", name: "kafka" }],
    [{ namespace: "a", daemonset: "fluent-bit" }, { kind: "DaemonSet", namespace: "a", name: "fluent-bit" }],
    [{ namespace: "a", job_name: "backup-29923290" }, { kind: "Job", namespace: "a", name: "backup-29923290" }],
    [{ namespace: "a", cronjob: "backup" }, { kind: "CronJob", namespace: "a", name: "backup" }],
    [{ namespace: "a", horizontalpodautoscaler: "api" }, { kind: "HorizontalPodAutoscaler", namespace: "a", name: "api" }],
    [{ namespace: "a", persistentvolumeclaim: "data-postgres-0", node: "n1" }, { kind: "PersistentVolumeClaim", namespace: "a", name: "data-postgres-0" }],
    [{ node: "ip-10-0-2-91.eu-west-1.compute.internal" }, { kind: "Node", name: "ip-10-0-2-91.eu-west-1.compute.internal" }],
    [{ namespace: "a", service: "web", ingress: "web" }, { kind: "Service", namespace: "a", name: "web" }],
    [{ namespace: "a", ingress: "web" }, { kind: "Ingress", namespace: "a", name: "web" }],
    [{ namespace: "a" }, { kind: "Namespace", name: "a" }],
  ])("%j → %j", (labels, expected) => {
    expect(resolveTarget(labels).target).toEqual(expected);
  });

  it("keeps the container only for a pod target", () => {
    expect(resolveTarget({ namespace: "a", pod: "p", container: "app" }).container).toBe("app");
    expect(resolveTarget({ namespace: "a", deployment: "d", container: "app" }).container).toBeUndefined();
  });

  it("ignores the kube-state-metrics pod/service labels of a workload alert", () => {
    const r = resolveTarget({
      namespace: "batch", deployment: "batch-api", job: "kube-state-metrics", container: "kube-state-metrics",
      pod: "kube-prometheus-stack-kube-state-metrics-6d8b4c9f7-q2w8z", service: "kube-prometheus-stack-kube-state-metrics",
    });
    expect(r.target).toEqual({ kind: "Deployment", namespace: "batch", name: "batch-api" });
    expect(r.container).toBeUndefined();
    expect(r.notes.join()).toMatch(/metrics exporter/);
  });

  it("keeps the pod of a scrape-target alert that names no other object (TargetDown on a pod)", () => {
    expect(resolveTarget({ namespace: "catalog", job: "catalog", service: "catalog", pod: "catalog-6d8b4c9f7-q2w8z" }).target)
      .toEqual({ kind: "Pod", namespace: "catalog", name: "catalog-6d8b4c9f7-q2w8z" });
  });

  it.each([
    ["x; rm -rf /"], ["$(reboot)"], ["`id`"], ["a|b"], ["../../etc/passwd"], ["UPPER"], ["-leading"], ["a".repeat(254)], ["p\nq"], ["ünïcode"],
  ])("never makes a target of pod=%j", (bad) => {
    const r = resolveTarget({ namespace: "prod", pod: bad, container: bad });
    expect(r.target).toEqual({ kind: "Namespace", name: "prod" });
    expect(r.container).toBeUndefined();
    expect(r.notes.join()).toMatch(/not a valid Kubernetes name/);
  });

  it("falls through to the next valid label and refuses an invalid namespace", () => {
    expect(resolveTarget({ namespace: "prod", pod: "x y", deployment: "api" }).target).toEqual({ kind: "Deployment", namespace: "prod", name: "api" });
    const r = resolveTarget({ namespace: "prod;ls", pod: "api-1" });
    expect(r.target).toBeUndefined();
    expect(r.namespace).toBeUndefined();
  });
});
