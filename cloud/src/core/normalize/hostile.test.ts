/** Hostile input: whatever arrives, a normalizer returns valid alerts or throws BAD_REQUEST, nothing else. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALERT_SOURCES, KubesleuthError, NormalizedAlertSchema, ResourceRefSchema } from "../../../../shared/src/index.js";
import { normalizeWebhook } from "./registry.js";

const opts = { defaultCluster: "dev", receivedAt: "2026-11-20T02:51:00.000Z" };

function outcome(source: string, body: unknown): "ok" | "bad-request" {
  try {
    const batch = normalizeWebhook(source, body, opts);
    for (const a of batch.alerts) {
      const r = NormalizedAlertSchema.safeParse(a);
      if (!r.success) throw new Error(`invalid alert out of ${source}: ${r.error.message}`);
      if (a.target) expect(ResourceRefSchema.safeParse(a.target).success).toBe(true);
    }
    return "ok";
  } catch (e) {
    if (e instanceof KubesleuthError && e.code === "BAD_REQUEST") return "bad-request";
    throw e;
  }
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom("x; rm -rf /", "$(reboot)", "`id`", "a && b", "|nc evil 1", "\u0000", "\u202e", "../..", "__proto__", "constructor", "prototype", "0001-01-01T00:00:00Z"),
  fc.constant("A".repeat(200_000)),
);
const hostileKey = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "pod", "namespace", "cluster", "alertname"));
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 5 }),
  ),
})).value;

const labels = fc.dictionary(hostileKey, hostileString, { maxKeys: 8 });
const amAlert = fc.record({
  status: fc.constantFrom("firing", "resolved", "pending"),
  labels: fc.oneof(labels, hostileValue),
  annotations: fc.oneof(labels, hostileValue),
  startsAt: fc.oneof(fc.constant("2026-11-20T02:45:20.682Z"), hostileString),
  endsAt: fc.oneof(fc.constant("0001-01-01T00:00:00Z"), hostileString),
  generatorURL: hostileString,
  fingerprint: fc.oneof(fc.string({ maxLength: 16 }), hostileString),
}, { requiredKeys: [] });
const amBody = fc.record({
  version: fc.constantFrom("4", "4", "3", 4),
  groupKey: hostileString,
  status: fc.constantFrom("firing", "resolved"),
  receiver: hostileString,
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: hostileString,
  truncatedAlerts: fc.oneof(fc.nat(), fc.integer(), hostileValue),
  alerts: fc.array(amAlert, { maxLength: 4 }),
  extra: hostileValue,
}, { requiredKeys: ["version", "groupKey", "status", "receiver", "alerts"] });

/** Nested 50,000 deep: parsers and validators must neither recurse into it nor crash. */
const deep = "[".repeat(50_000) + "]".repeat(50_000);

describe("hostile input to normalizers", () => {
  it("random JSON values, for every source", () => {
    fc.assert(fc.property(fc.constantFrom(...ALERT_SOURCES), hostileValue, (source, body) => {
      outcome(source, body);
    }), { numRuns: 400 });
  });

  it("random and truncated JSON text, for every source", () => {
    fc.assert(fc.property(fc.constantFrom(...ALERT_SOURCES), fc.json(), fc.nat(), (source, text, cut) => {
      outcome(source, text);
      outcome(source, text.slice(0, cut % (text.length + 1)));
    }), { numRuns: 300 });
  });

  it("Alertmanager-shaped bodies with hostile fields", () => {
    fc.assert(fc.property(amBody, (body) => {
      outcome("alertmanager", body);
      outcome("grafana", { ...body, version: "1" });
      outcome("alertmanager", JSON.stringify(body));
    }), { numRuns: 300 });
  });

  it("Datadog and SNS bodies with hostile fields", () => {
    const dd = fc.record({
      id: hostileString, title: hostileString, transition: hostileString, alertId: fc.oneof(hostileString, fc.integer()),
      tags: fc.oneof(hostileString, fc.array(fc.tuple(hostileKey, hostileString)).map((t) => t.map(([k, v]) => `${k}:${v}`).join(","))),
      date: fc.oneof(fc.constant("1795661460000"), hostileString, fc.integer()), link: hostileString,
    }, { requiredKeys: [] });
    const alarm = fc.record({
      AlarmName: hostileString, NewStateValue: fc.constantFrom("ALARM", "OK", "INSUFFICIENT_DATA", "x"),
      StateChangeTime: fc.oneof(fc.constant("2026-11-20T02:50:41.203+0000"), hostileString),
      AlarmArn: hostileString,
      Trigger: fc.record({ Dimensions: fc.array(fc.record({ name: hostileKey, value: hostileString }), { maxLength: 6 }) }),
    }, { requiredKeys: [] });
    const sns = alarm.map((a) => ({ Type: "Notification", MessageId: "m", TopicArn: "t", Message: JSON.stringify(a) }));
    fc.assert(fc.property(dd, sns, (d, s) => {
      outcome("datadog", d);
      outcome("cloudwatch", s);
    }), { numRuns: 300 });
  });

  it("well-formed bodies with hostile label values are accepted, and shell metacharacters never become targets", () => {
    const meta = fc.stringMatching(/^[a-z0-9-]{0,8}[;&|`$()<> '"\\\n*?][a-z0-9-]{0,8}$/);
    const valueOf = fc.oneof(meta, hostileString);
    const alert = fc.record({
      status: fc.constantFrom("firing", "resolved"),
      labels: fc.record({ alertname: valueOf, namespace: fc.oneof(fc.constant("prod"), valueOf), pod: valueOf, deployment: valueOf, node: valueOf, service: valueOf, cluster: valueOf, extra: valueOf }, { requiredKeys: [] }),
      annotations: fc.dictionary(hostileKey, hostileString, { maxKeys: 4 }),
      startsAt: fc.constant("2026-11-20T02:45:20Z"),
    });
    fc.assert(fc.property(fc.array(alert, { minLength: 1, maxLength: 3 }), (alerts) => {
      const body = { version: "4", groupKey: "g", status: "firing", receiver: "r", alerts };
      expect(outcome("alertmanager", body)).toBe("ok");
      for (const a of normalizeWebhook("alertmanager", body, opts).alerts) {
        for (const part of [a.target?.name, a.target?.namespace, a.container, a.namespace]) {
          if (part !== undefined) expect(part).toMatch(/^[a-z0-9.-]+$/);
        }
        expect(a.cluster).toMatch(/^[A-Za-z0-9._:-]+$/);
      }
    }), { numRuns: 300 });
  });

  it("deep nesting and huge values", () => {
    for (const source of ALERT_SOURCES) {
      expect(outcome(source, deep)).toBe("bad-request");
      expect(outcome(source, JSON.parse("[".repeat(5000) + "]".repeat(5000)))).toBe("bad-request");
    }
    const huge = "v".repeat(1_000_000);
    const body = {
      version: "4", groupKey: huge, status: "firing", receiver: "r",
      alerts: [{ status: "firing", labels: { alertname: huge, namespace: "a", pod: huge, [huge.slice(0, 5000)]: huge }, annotations: { description: huge, summary: huge }, startsAt: "2026-11-20T02:45:20Z" }],
    };
    const batch = normalizeWebhook("alertmanager", body, opts);
    const [a] = batch.alerts;
    expect(a!.alertname.length).toBeLessThanOrEqual(256);
    expect(a!.target).toEqual({ kind: "Namespace", name: "a" });
    expect(JSON.stringify(a).length).toBeLessThan(100_000);
  });

  it("prototype-pollution keys never reach Object.prototype", () => {
    const text = `{"version":"4","groupKey":"g","status":"firing","receiver":"r","__proto__":{"polluted":"yes"},
      "commonLabels":{"__proto__":"x","constructor":"y"},
      "alerts":[{"status":"firing","startsAt":"2026-11-20T02:45:20Z","labels":{"alertname":"A","__proto__":{"polluted":"yes"}},"annotations":{"constructor":{"prototype":{"polluted":"yes"}}}}]}`;
    expect(outcome("alertmanager", text)).toBe("bad-request"); // a label that is an object is a type error
    const ok = text.replace(`"__proto__":{"polluted":"yes"}}`, `"__proto__":"yes","constructor":"c"}`).replace(`"constructor":{"prototype":{"polluted":"yes"}}`, `"x":"y"`);
    const batch = normalizeWebhook("alertmanager", ok, opts);
    expect(Object.getPrototypeOf(batch.alerts[0]!.labels)).toBe(Object.prototype);
    expect(Object.keys(batch.alerts[0]!.labels)).toEqual(["alertname"]);
    normalizeWebhook("datadog", { id: "1", title: "t", transition: "Triggered", alertId: "1", date: "1795661460000", tags: "__proto__:x,constructor:y,prototype:z,kube_namespace:a" }, opts);
    expect(({} as any).polluted).toBeUndefined();
    expect((Object.prototype as any).x).toBeUndefined();
  });
});
