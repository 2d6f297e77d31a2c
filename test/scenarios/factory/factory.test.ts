import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { parseClusterYaml } from "../loader.js";
import {
  Cluster, DAY, MIN, backOffDelay, crashLoop, deployment, errored, goDuration, job, namespace, node, oomKilled, pod, podTemplate, renderScenario,
  running, scenarioFromCluster, service, settleDeployment, settleJob, templateHash, uidFor, waiting,
} from "./index.js";

function cluster() {
  const c = new Cluster("factory-test", "2026-11-20T02:51:00Z", "test");
  namespace(c, "default");
  namespace(c, "app");
  node(c, { index: 0 });
  node(c, { index: 1 });
  return c;
}
const spec = (image = "registry.acme.io/app/api:1.0.0") => ({ containers: [{ name: "api", image, ports: [{ containerPort: 8080, name: "http" }] }] });

describe("identities", () => {
  it("uids are uuid-shaped, stable and distinct per object", () => {
    const a = uidFor("Pod", "app", "x", "s");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uidFor("Pod", "app", "x", "s")).toBe(a);
    expect(uidFor("Pod", "app", "y", "s")).not.toBe(a);
  });

  it("pod-template-hash has the controller's alphabet and follows the template", () => {
    const h1 = templateHash(podTemplate({ app: "api" }, spec()));
    const h2 = templateHash(podTemplate({ app: "api" }, spec("registry.acme.io/app/api:1.0.1")));
    expect(h1).toMatch(/^[4-9bcdf]{6,10}$/);
    expect(h2).not.toBe(h1);
    expect(templateHash(podTemplate({ app: "api" }, spec()))).toBe(h1);
  });

  it("formats Go durations and the kubelet back-off", () => {
    expect(goDuration(300)).toBe("5m0s");
    expect(goDuration(80)).toBe("1m20s");
    expect([1, 2, 4, 9].map(backOffDelay)).toEqual(["10s", "20s", "1m20s", "5m0s"]);
  });
});

describe("workloads and pods", () => {
  it("derives ReplicaSets, pod status, Deployment status and endpoints from the pods", () => {
    const c = cluster();
    const parts = deployment(c, { ns: "app", name: "api", replicas: 3, firstRevision: 4, revisions: [{ spec: spec(), rolledAgo: 9 * DAY }, { spec: spec("registry.acme.io/app/api:2.0.0"), rolledAgo: 20 * MIN }] });
    const [old, cur] = parts.replicaSets as [typeof parts.current, typeof parts.current];
    expect(cur.metadata.name).toBe(`api-${cur.metadata.labels!["pod-template-hash"]}`);
    expect([old.metadata.annotations!["deployment.kubernetes.io/revision"], cur.metadata.annotations!["deployment.kubernetes.io/revision"]]).toEqual(["4", "5"]);
    expect(parts.deploy.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("5");
    expect(cur.metadata.ownerReferences![0]).toMatchObject({ kind: "Deployment", name: "api", uid: parts.deploy.metadata.uid, controller: true });
    const nodeName = c.list("Node")[0]!.metadata.name;
    const ok = pod(c, { owner: cur, node: nodeName, createdAgo: 20 * MIN });
    const crash = pod(c, { owner: cur, node: nodeName, createdAgo: 20 * MIN, containers: { api: crashLoop(7, oomKilled(100, 90)) } });
    const pull = pod(c, { owner: cur, node: nodeName, createdAgo: 20 * MIN, containers: { api: waiting("ImagePullBackOff", 'Back-off pulling image "x"') } });
    expect(ok.metadata.name.startsWith(`${cur.metadata.name}-`)).toBe(true);
    expect(ok.metadata.labels!["pod-template-hash"]).toBe(cur.metadata.labels!["pod-template-hash"]);
    expect(ok.status).toMatchObject({ phase: "Running", containerStatuses: [{ ready: true, restartCount: 0, started: true }] });
    expect(crash.status.phase).toBe("Running");
    expect(crash.status.conditions.find((x: any) => x.type === "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [api]" });
    expect(crash.status.containerStatuses[0]).toMatchObject({
      restartCount: 7, ready: false, lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } },
      state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=api pod=${crash.metadata.name}_app(${crash.metadata.uid})` } },
    });
    expect(pull.status.phase).toBe("Pending");
    expect(pull.status.containerStatuses[0].imageID).toBe("");
    expect(ok.status.podIP).toMatch(/^10\.42\.1\.\d+$/);

    settleDeployment(c, parts, { state: "deadline-exceeded", since: 10 * MIN });
    expect(parts.deploy.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 2 });
    expect(parts.deploy.status.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }),
      expect.objectContaining({ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${cur.metadata.name}" has timed out progressing.` }),
    ]));
    expect(cur.status).toMatchObject({ replicas: 3, readyReplicas: 1 });
    expect(old.status).toMatchObject({ replicas: 0 });

    const { endpoints, slice } = service(c, { ns: "app", name: "api", selector: { app: "api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
    expect(endpoints.subsets[0].addresses.map((a: any) => a.targetRef.name)).toEqual([ok.metadata.name]);
    expect(endpoints.subsets[0].notReadyAddresses.map((a: any) => a.targetRef.name)).toEqual([crash.metadata.name, pull.metadata.name]);
    expect(endpoints.subsets[0].ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(slice.endpoints.map((e: any) => e.conditions.ready)).toEqual([true, false, false]);
  });

  it("leaves a Service with a selector typo without endpoints", () => {
    const c = cluster();
    const parts = deployment(c, { ns: "app", name: "api", replicas: 1, revisions: [{ spec: spec(), rolledAgo: DAY }] });
    pod(c, { owner: parts.current, node: c.list("Node")[0]!.metadata.name, createdAgo: DAY });
    const { endpoints, slice } = service(c, { ns: "app", name: "api", selector: { app: "apii" }, ports: [{ port: 80, targetPort: 8080 }] });
    expect(endpoints.subsets).toBeUndefined();
    expect(slice.endpoints).toBeNull();
  });

  it("writes the job controller's failure condition and counts failed pods", () => {
    const c = cluster();
    const j = job(c, { ns: "app", name: "nightly", spec: spec(), createdAgo: 2 * DAY, backoffLimit: 1 });
    for (let i = 0; i < 2; i++) pod(c, { owner: j, node: c.list("Node")[1]!.metadata.name, createdAgo: DAY - i * 60, containers: { api: { state: "terminated", term: errored(1, DAY - i * 60 - 5, DAY - i * 60 - 30) } } });
    settleJob(c, j, { startedAgo: DAY, outcome: { failed: "BackoffLimitExceeded", ago: DAY - 200 } });
    expect(j.status).toMatchObject({ failed: 2 });
    expect(j.status.conditions[1]).toMatchObject({ type: "Failed", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(c.podsOf(j)[0]!.metadata.labels!["job-name"]).toBe("nightly");
    expect(c.podsOf(j)[0]!.status.phase).toBe("Failed");
  });

  it("refuses duplicate objects", () => {
    const c = cluster();
    expect(() => namespace(c, "app")).toThrow(/duplicate Namespace/);
  });
});

describe("renderScenario", () => {
  it("writes kubectl-like YAML: sorted keys, quoted timestamps, no anchors, and parses back", () => {
    const c = cluster();
    const parts = deployment(c, { ns: "app", name: "api", replicas: 1, revisions: [{ spec: spec(), rolledAgo: DAY }] });
    pod(c, { owner: parts.current, node: c.list("Node")[0]!.metadata.name, createdAgo: DAY, containers: { api: running(DAY - 10) } });
    settleDeployment(c, parts);
    const files = renderScenario(scenarioFromCluster(c, { description: "d", alert: {}, expected: { category: "unknown" } }));
    const text = files["cluster.yaml"]!;
    expect(text).toMatch(/creationTimestamp: "2026-11-19T02:51:00Z"/);
    expect(text).not.toMatch(/[&*]a\d+\b/);
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
    const dep = docs.find((d) => d.kind === "Deployment")!;
    expect(Object.keys(dep)).toEqual([...Object.keys(dep)].sort());
    expect(Object.keys(dep.metadata as object)).toEqual([...Object.keys(dep.metadata as object)].sort());
    expect(parseClusterYaml(text).objects.length).toBe(c.objects.length);
    expect(files["scenario.yaml"]).toContain("now: 2026-11-20T02:51:00Z");
  });
});
