import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { KubesleuthError, NormalizedAlertSchema, refId, type NormalizedAlert } from "../../../../shared/src/index.js";
import { listScenarioDirs, loadScenario } from "../../../../test/scenarios/loader.js";
import { normalizeWebhook } from "./registry.js";

const opts = { defaultCluster: "default-cluster", receivedAt: "2026-11-20T02:51:00.000Z" };
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

function badRequest(fn: () => unknown): KubesleuthError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KubesleuthError);
    expect((e as KubesleuthError).code).toBe("BAD_REQUEST");
    return e as KubesleuthError;
  }
  throw new Error("expected BAD_REQUEST, nothing thrown");
}

const amBody = () => ({
  receiver: "kubesleuth",
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "KubePodCrashLooping", namespace: "payments", pod: "payments-api-7d9f8b6c5d-x2x7k", container: "payments-api", severity: "warning", cluster: "prod-eu-west-1" },
      annotations: { summary: "Pod is crash looping.", description: "Pod payments/payments-api-7d9f8b6c5d-x2x7k (payments-api) is in waiting state.", runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping" },
      startsAt: "2026-11-20T02:45:20.682123456Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "https://prometheus.acme.io/graph?g0.expr=x",
      fingerprint: "1e5abe8bb387629a",
    },
    {
      status: "resolved",
      labels: { alertname: "KubePodCrashLooping", namespace: "payments", pod: "payments-api-7d9f8b6c5d-9qk2d", container: "payments-api", severity: "warning" },
      annotations: {},
      startsAt: "2026-11-20T01:45:20Z",
      endsAt: "2026-11-20T02:15:20Z",
      generatorURL: "",
      fingerprint: "77aa0e0e0e0e0e0e",
    },
  ],
  groupLabels: { alertname: "KubePodCrashLooping", namespace: "payments" },
  commonLabels: { alertname: "KubePodCrashLooping", namespace: "payments" },
  commonAnnotations: {},
  externalURL: "https://alertmanager.acme.io",
  version: "4",
  groupKey: '{}/{severity=~"warning|critical"}:{alertname="KubePodCrashLooping", namespace="payments"}',
  truncatedAlerts: 3,
  somethingNew: { tolerated: true },
});

describe("alertmanager v4", () => {
  it("normalizes every alert of the group with group context", () => {
    const batch = normalizeWebhook("alertmanager", amBody(), opts);
    expect(batch.alerts).toHaveLength(2);
    const [a, b] = batch.alerts as [NormalizedAlert, NormalizedAlert];
    expect(a).toMatchObject({
      source: "alertmanager", fingerprint: "1e5abe8bb387629a", status: "firing", alertname: "KubePodCrashLooping",
      severity: "warning", cluster: "prod-eu-west-1", namespace: "payments", container: "payments-api",
      target: { kind: "Pod", namespace: "payments", name: "payments-api-7d9f8b6c5d-x2x7k" },
      summary: "Pod is crash looping.", startsAt: "2026-11-20T02:45:20.682Z", receivedAt: opts.receivedAt,
      groupKey: amBody().groupKey,
    });
    expect(a.endsAt).toBeUndefined();
    expect(a.links.map((l) => l.title)).toEqual(["Prometheus", "Alertmanager", "Runbook"]);
    expect(b).toMatchObject({ status: "resolved", cluster: "default-cluster", endsAt: "2026-11-20T02:15:20.000Z" });
    expect(batch.group).toMatchObject({ receiver: "kubesleuth", status: "firing", truncatedAlerts: 3, externalURL: "https://alertmanager.acme.io" });
    expect(batch.notes.join()).toMatch(/truncated 3 alert/);
  });

  it("uses a configured cluster label", () => {
    const body = amBody();
    (body.alerts[0]!.labels as Record<string, string>)["k8s_cluster"] = "eks-blue";
    const batch = normalizeWebhook("alertmanager", body, { ...opts, clusterLabel: "k8s_cluster" });
    expect(batch.alerts[0]!.cluster).toBe("eks-blue");
    expect(batch.alerts[1]!.cluster).toBe("default-cluster");
  });

  it("accepts the raw JSON text", () => {
    expect(normalizeWebhook("alertmanager", JSON.stringify(amBody()), opts).alerts).toHaveLength(2);
  });

  it.each([
    ["a wrong version", (b: any) => { b.version = "3"; }, /version: expected "4"/],
    ["labels that are not an object", (b: any) => { b.alerts[0].labels = "x"; }, /alerts\[0\]\.labels: expected record/],
    ["a label value that is not a string", (b: any) => { b.alerts[1].labels.pod = 3; }, /alerts\[1\]\.labels\.pod: expected string/],
    ["a missing groupKey", (b: any) => { delete b.groupKey; }, /groupKey/],
    ["an unknown status", (b: any) => { b.alerts[0].status = "pending"; }, /alerts\[0\]\.status/],
    ["an unparseable startsAt", (b: any) => { b.alerts[0].startsAt = "yesterday"; }, /alerts\[0\]\.startsAt: not a timestamp/],
    ["alerts that are not an array", (b: any) => { b.alerts = {}; }, /alerts: expected array/],
  ])("rejects %s with a 400 naming the field", (_what, mutate, message) => {
    const body = amBody();
    mutate(body);
    const err = badRequest(() => normalizeWebhook("alertmanager", body, opts));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(message);
  });

  it("rejects text that is not JSON", () => {
    expect(badRequest(() => normalizeWebhook("alertmanager", '{"version": "4", ', opts)).message).toMatch(/not valid JSON/);
  });

  it("rejects an unknown source with UNSUPPORTED_SOURCE", () => {
    try {
      normalizeWebhook("pagerduty", amBody(), opts);
      expect.unreachable();
    } catch (e) {
      expect((e as KubesleuthError).code).toBe("UNSUPPORTED_SOURCE");
    }
  });
});

describe("grafana unified alerting", () => {
  it("normalizes the documented payload", () => {
    const batch = normalizeWebhook("grafana", fixture("grafana-firing.json"), opts);
    expect(batch.alerts).toHaveLength(2);
    const [a, b] = batch.alerts as [NormalizedAlert, NormalizedAlert];
    expect(a).toMatchObject({
      source: "grafana", status: "firing", alertname: "PodMemoryNearLimit", severity: "critical", cluster: "prod-eu-west-1",
      target: { kind: "Pod", namespace: "payments", name: "payments-api-7d9f8b6c5d-x2x7k" }, container: "payments-api",
      startsAt: "2026-11-20T01:48:10.157Z",
    });
    expect(a.annotations["grafana_values"]).toBe("A=261095424, B=0.973, C=1");
    expect(a.links.map((l) => l.title)).toEqual(["Grafana alert rule", "Dashboard", "Panel", "Silence", "Runbook"]);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(b.status).toBe("resolved");
    expect(b.fingerprint).not.toBe(a.fingerprint);
    expect(batch.group).toMatchObject({ title: expect.stringContaining("FIRING:1"), groupKey: expect.stringContaining("PodMemoryNearLimit") });
  });

  it("gives the same fingerprint to the same labels whatever their order", () => {
    const body = fixture("grafana-firing.json");
    const reordered = structuredClone(body);
    reordered.alerts[0].labels = Object.fromEntries(Object.entries(body.alerts[0].labels).reverse());
    reordered.alerts[0].startsAt = "2026-11-20T03:00:00Z";
    expect(normalizeWebhook("grafana", reordered, opts).alerts[0]!.fingerprint).toBe(normalizeWebhook("grafana", body, opts).alerts[0]!.fingerprint);
  });

  it("rejects a non-unified (legacy) payload", () => {
    expect(badRequest(() => normalizeWebhook("grafana", { title: "x", ruleId: 1, state: "alerting", evalMatches: [] }, opts)).message).toMatch(/version/);
  });
});

describe("datadog", () => {
  it("maps Kubernetes tags and the documented payload", () => {
    const batch = normalizeWebhook("datadog", fixture("datadog-triggered.json"), opts);
    const [a] = batch.alerts as [NormalizedAlert];
    expect(a).toMatchObject({
      source: "datadog", status: "firing", alertname: "checkout-api restarts too often", severity: "critical", cluster: "prod-us-east-1",
      namespace: "checkout", target: { kind: "Deployment", namespace: "checkout", name: "checkout-api" },
      startsAt: new Date(1795661460000).toISOString(), groupKey: "datadog:9bd4ac313a4d1e8fae2482df7b77628",
    });
    // Datadog's unified `service` tag is not a Kubernetes Service.
    expect(a.labels["service"]).toBeUndefined();
    expect(a.labels["dd_service"]).toBe("checkout");
    expect(a.labels["monitor"]).toBe("");
    expect(a.links[0]!.url).toContain("datadoghq.com");
  });

  it("keeps the fingerprint across Triggered and Recovered", () => {
    const fired = fixture("datadog-triggered.json");
    const recovered = { ...fired, transition: "Recovered", alertType: "success", title: fired.title.replace("Triggered", "Recovered"), date: "1795662000000" };
    const a = normalizeWebhook("datadog", fired, opts).alerts[0]!;
    const b = normalizeWebhook("datadog", recovered, opts).alerts[0]!;
    expect(b.status).toBe("resolved");
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it("rejects a body without the template fields", () => {
    expect(badRequest(() => normalizeWebhook("datadog", { title: "x" }, opts)).message).toMatch(/datadog webhook: (id|transition|alertId|tags|date)/);
  });
});

describe("cloudwatch via sns", () => {
  it("normalizes an alarm with Container Insights dimensions", () => {
    const batch = normalizeWebhook("cloudwatch", JSON.stringify(fixture("cloudwatch-alarm.json")), opts);
    const [a] = batch.alerts as [NormalizedAlert];
    expect(a).toMatchObject({
      source: "cloudwatch", status: "firing", alertname: "payments-api-pod-memory-high", cluster: "prod-us-east-1",
      target: { kind: "Pod", namespace: "payments", name: "payments-api-7d9f8b6c5d-x2x7k" }, startsAt: "2026-11-20T02:50:41.203Z",
    });
    expect(a.labels["workload"]).toBe("payments-api");
    expect(a.links[0]!.url).toContain("us-east-1.console.aws.amazon.com/cloudwatch");
  });

  it("maps OK to resolved with the same fingerprint", () => {
    const env = fixture("cloudwatch-alarm.json");
    const alarm = JSON.parse(env.Message);
    const ok = { ...env, Message: JSON.stringify({ ...alarm, NewStateValue: "OK", OldStateValue: "ALARM", StateChangeTime: "2026-11-20T03:20:41.203+0000" }) };
    const a = normalizeWebhook("cloudwatch", env, opts).alerts[0]!;
    const b = normalizeWebhook("cloudwatch", ok, opts).alerts[0]!;
    expect(b.status).toBe("resolved");
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it("reports a SubscriptionConfirmation for the handler to confirm, with no alerts", () => {
    const batch = normalizeWebhook("cloudwatch", fixture("sns-subscription-confirmation.json"), opts);
    expect(batch.alerts).toEqual([]);
    expect(batch.subscriptionConfirmation?.subscribeURL).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/\?Action=ConfirmSubscription/);
  });

  it("refuses a SubscribeURL that does not point at SNS", () => {
    const body = { ...fixture("sns-subscription-confirmation.json"), SubscribeURL: "https://sns.us-east-1.amazonaws.com.evil.io/x" };
    expect(badRequest(() => normalizeWebhook("cloudwatch", body, opts)).message).toMatch(/SubscribeURL/);
    const internal = { ...body, SubscribeURL: "http://169.254.169.254/latest/meta-data" };
    badRequest(() => normalizeWebhook("cloudwatch", internal, opts));
  });

  it("ignores INSUFFICIENT_DATA with a note and rejects a Message that is not JSON", () => {
    const env = fixture("cloudwatch-alarm.json");
    const insufficient = { ...env, Message: JSON.stringify({ ...JSON.parse(env.Message), NewStateValue: "INSUFFICIENT_DATA" }) };
    const batch = normalizeWebhook("cloudwatch", insufficient, opts);
    expect(batch.alerts).toEqual([]);
    expect(batch.notes[0]).toMatch(/INSUFFICIENT_DATA/);
    expect(badRequest(() => normalizeWebhook("cloudwatch", { ...env, Message: "{oops" }, opts)).message).toMatch(/Message: body is not valid JSON/);
  });
});

describe("scenario corpus alerts", async () => {
  const dirs = await listScenarioDirs();
  it("has scenarios to check", () => expect(dirs.length).toBeGreaterThan(0));
  it.each(dirs.map((d) => [basename(d), d]))("%s: alert.json normalizes to a target that exists in the cluster", async (_name, dir) => {
    const meta = parseYaml(readFileSync(join(dir, "scenario.yaml"), "utf8")) as { alertSource?: string };
    const body = JSON.parse(readFileSync(join(dir, "alert.json"), "utf8"));
    const batch = normalizeWebhook(meta.alertSource ?? "alertmanager", body, opts);
    expect(batch.alerts.length).toBeGreaterThan(0);
    const scenario = await loadScenario(dir);
    const ids = new Set(scenario.objects.map((o) => refId({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name })));
    for (const alert of batch.alerts) {
      expect(NormalizedAlertSchema.safeParse(alert).success).toBe(true);
      expect(alert.target, `${alert.alertname} has a target`).toBeDefined();
      expect(ids.has(refId(alert.target!)), `${refId(alert.target!)} exists in cluster.yaml`).toBe(true);
      expect(alert.cluster).not.toBe("");
    }
  });
});
