import { describe, expect, it } from "vitest";
import { MASK, maskText, sanitizeObject } from "./redaction.js";

describe("maskText", () => {
  it.each([
    ["password=hunter2 user=bob", "hunter2"],
    ['{"api_key": "abcd1234efgh"}', "abcd1234efgh"],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJhbGciOiJIUzI1NiJ9"],
    ["connecting to postgres://app:s3cr3t@db.payments.svc:5432/app", "s3cr3t"],
    ["aws key AKIAIOSFODNN7EXAMPLE loaded", "AKIAIOSFODNN7EXAMPLE"],
    ["slack xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "MIIEow"],
    ["DB_PASSWORD: 'pa ss'", "'pa ss'"],
  ])("masks the credential in %j", (input, secret) => {
    const out = maskText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(MASK);
  });

  it("keeps ordinary log lines intact", () => {
    const line = '2026-11-20T02:49:12Z FATAL cannot parse DB_POOL_SIZE="twenty": invalid integer';
    expect(maskText(line)).toBe(line);
  });

  it("is idempotent", () => {
    const once = maskText("token=abc123def456 password=x");
    expect(maskText(once)).toBe(once);
  });
});

describe("sanitizeObject", () => {
  it("drops Secret values but keeps the keys", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: "aHVudGVyMg==" }, stringData: { url: "x" } };
    const out = sanitizeObject(secret);
    expect(out.data).toEqual({ password: MASK });
    expect(out.stringData).toEqual({ url: MASK });
    expect(secret.data.password).toBe("aHVudGVyMg=="); // input untouched
  });

  it("masks sensitive inline env values in pod templates and removes last-applied-configuration", () => {
    const deploy = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{...}" } },
      spec: { template: { spec: { containers: [{ name: "api", env: [{ name: "DB_PASSWORD", value: "hunter2" }, { name: "POOL", value: "20" }] }] } } },
    };
    const out = sanitizeObject(deploy);
    const env = out.spec.template.spec.containers[0]!.env;
    expect(env[0]!.value).toBe(MASK);
    expect(env[1]!.value).toBe("20");
    expect(out.metadata.annotations).not.toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
  });
});
