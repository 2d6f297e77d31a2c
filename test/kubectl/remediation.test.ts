/**
 * The remediation commands reports print must pass `kubectl --dry-run=client` against the scenario: these are the
 * command shapes the investigator emits, run by the real kubectl against the emulator (which refuses real writes).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { kubectl, show } from "./kubectl.js";

const FIXTURE = fileURLToPath(new URL("../emulator/fixtures/shop", import.meta.url));
let emu: Emulator;

async function dryRun(...args: string[]): Promise<string> {
  const r = await kubectl(emu.kubeconfigPath, args);
  expect(r.code, show(r)).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  emu = await startScenarioEmulator(FIXTURE);
});
afterAll(async () => {
  await emu?.close();
});

describe("remediation commands under --dry-run=client", () => {
  it("set resources computes the new limits from the live object", async () => {
    const out = parseYaml(await dryRun("set", "resources", "deployment/checkout", "-n", "shop", "-c", "checkout", "--limits=memory=512Mi", "--dry-run=client", "-o", "yaml"));
    expect(out.spec.template.spec.containers[0].resources).toEqual({ limits: { memory: "512Mi" }, requests: { cpu: "100m", memory: "128Mi" } });
  });

  it("patch configmap --type merge", async () => {
    const out = parseYaml(await dryRun("patch", "configmap", "checkout-config", "-n", "shop", "--type", "merge", "-p", '{"data":{"PAYMENT_TIMEOUT_MS":"3000"}}', "--dry-run=client", "-o", "yaml"));
    expect(out.data).toEqual({ CURRENCY: "EUR", PAYMENT_TIMEOUT_MS: "3000" });
  });

  it("patch service (strategic merge, the default type)", async () => {
    const out = parseYaml(await dryRun("patch", "service", "checkout", "-n", "shop", "-p", '{"spec":{"selector":{"app":"checkout-v2"}}}', "--dry-run=client", "-o", "yaml"));
    expect(out.spec.selector).toEqual({ app: "checkout-v2" });
    const ports = parseYaml(await dryRun("patch", "service", "checkout", "-n", "shop", "--type", "json", "-p", '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]', "--dry-run=client", "-o", "yaml"));
    expect(ports.spec.ports[0].targetPort).toBe(8080);
  });

  it("scale deployment", async () => {
    expect(await dryRun("scale", "deployment/checkout", "-n", "shop", "--replicas=3", "--dry-run=client")).toContain("deployment.apps/checkout scaled (dry run)");
  });

  it("rollout undo --to-revision finds the ReplicaSet of that revision through the selector and owner uid", async () => {
    const out = await dryRun("rollout", "undo", "deployment/checkout", "-n", "shop", "--to-revision=1", "--dry-run=client");
    expect(out).toContain("ghcr.io/acme/checkout:1.4.2");
    expect(out).toContain("pod-template-hash=5f4b8c7d9");
    const missing = await kubectl(emu.kubeconfigPath, ["rollout", "undo", "deployment/checkout", "-n", "shop", "--to-revision=7", "--dry-run=client"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("unable to find specified revision 7 in history");
  });

  it("rollout history lists both revisions", async () => {
    const out = await dryRun("rollout", "history", "deployment/checkout", "-n", "shop");
    expect(out).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  });

  it("set image and set env", async () => {
    expect(await dryRun("set", "image", "deployment/checkout", "-n", "shop", "checkout=ghcr.io/acme/checkout:1.4.2", "--dry-run=client")).toContain("deployment.apps/checkout image updated (dry run)");
    const env = parseYaml(await dryRun("set", "env", "deployment/checkout", "-n", "shop", "-c", "checkout", "PAYMENT_PROVIDER_URL=https://pay.example.com", "--dry-run=client", "-o", "yaml"));
    expect(env.spec.template.spec.containers[0].env).toContainEqual({ name: "PAYMENT_PROVIDER_URL", value: "https://pay.example.com" });
  });

  it("apply -f --dry-run=client (kubectl probes the OpenAPI v3 surface for server-side field validation)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kubesleuth-apply-"));
    try {
      const file = join(dir, "cm.yaml");
      await writeFile(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: checkout-config, namespace: shop}\ndata: {PAYMENT_TIMEOUT_MS: \"3000\", CURRENCY: EUR}\n");
      expect(await dryRun("apply", "-f", file, "--dry-run=client")).toContain("configmap/checkout-config configured (dry run)");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a command on a resource that does not exist fails (so invalid remediations are caught)", async () => {
    const r = await kubectl(emu.kubeconfigPath, ["scale", "deployment/nope", "-n", "shop", "--replicas=3", "--dry-run=client"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deployments.apps "nope" not found');
  });
});
