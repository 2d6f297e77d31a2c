import { describe, expect, it } from "vitest";
import { KubesleuthError } from "../../shared/src/index.js";
import { loadConfig } from "./config.js";

const base = { KUBESLEUTH_CLUSTER_ID: "prod", KUBESLEUTH_COMMAND_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/Commands-prod", KUBESLEUTH_RESULTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/Results", AWS_REGION: "eu-west-1" };

describe("agent config", () => {
  it("reads the Helm chart's variables with defaults", () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ clusterId: "prod", region: "eu-west-1", qps: 5, burst: 10, concurrency: 4, waitTimeSeconds: 20, logLevel: "info", healthHost: "127.0.0.1" });
    expect(c.healthPort).toBeUndefined(); // no listening socket unless asked
    expect(c.secretMetadata).toBeUndefined();
  });

  it("parses numbers, booleans, lists; unprefixed names work too", () => {
    const c = loadConfig({ ...base, QPS: "2.5", KUBESLEUTH_BURST: "7", KUBESLEUTH_CONCURRENCY: "8", KUBESLEUTH_SECRET_METADATA: "false", KUBESLEUTH_HEALTH_PORT: "8081", KUBESLEUTH_NAMESPACES: "a, b", SQS_ENDPOINT: "http://127.0.0.1:5000", KUBESLEUTH_WAIT_TIME_SECONDS: "1" });
    expect(c).toMatchObject({ qps: 2.5, burst: 7, concurrency: 8, secretMetadata: false, healthPort: 8081, namespaces: ["a", "b"], sqsEndpoint: "http://127.0.0.1:5000", waitTimeSeconds: 1 });
  });

  it("names the variable that is wrong (CONFIG_INVALID)", () => {
    const bad = (env: Record<string, string>) => { try { loadConfig(env); } catch (e) { return e as KubesleuthError; } throw new Error("accepted"); };
    expect(bad({ ...base, KUBESLEUTH_QPS: "fast" }).message).toContain("KUBESLEUTH_QPS");
    expect(bad({ ...base, KUBESLEUTH_COMMAND_QUEUE_URL: "nope" }).message).toContain("KUBESLEUTH_COMMAND_QUEUE_URL");
    const missing = bad({ AWS_REGION: "x" });
    expect(missing.code).toBe("CONFIG_INVALID");
    expect(missing.message).toContain("KUBESLEUTH_CLUSTER_ID");
    expect(bad({ ...base, KUBESLEUTH_WAIT_TIME_SECONDS: "21" }).message).toContain("KUBESLEUTH_WAIT_TIME_SECONDS");
  });
});
