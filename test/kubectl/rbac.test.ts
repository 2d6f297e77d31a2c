/** The real kubectl under RBAC rules: allowed reads work, everything else is the API server's 403. */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { kubectl, show } from "./kubectl.js";

const FIXTURE = fileURLToPath(new URL("../emulator/fixtures/shop", import.meta.url));
const USER = "system:serviceaccount:kubesleuth:kubesleuth-agent";
let emu: Emulator;

beforeAll(async () => {
  emu = await startScenarioEmulator(FIXTURE, {
    serviceAccount: USER,
    rbacRules: [
      { apiGroups: [""], resources: ["pods", "events", "services", "endpoints"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments", "replicasets"], verbs: ["get", "list", "watch"] },
    ],
  });
});
afterAll(async () => {
  await emu?.close();
});

it("allowed reads succeed", async () => {
  const r = await kubectl(emu.kubeconfigPath, ["get", "pods", "-n", "shop"]);
  expect(r.code, show(r)).toBe(0);
  expect(r.stdout).toContain("checkout-7c9d8f6b5-x2x7k");
  const d = await kubectl(emu.kubeconfigPath, ["describe", "deployment", "checkout", "-n", "shop"]);
  expect(d.code, show(d)).toBe(0);
});

it("secrets, pods/log and writes are forbidden with the real message", async () => {
  const secrets = await kubectl(emu.kubeconfigPath, ["get", "secrets", "-n", "shop"]);
  expect(secrets.code).toBe(1);
  expect(secrets.stderr).toContain(`Error from server (Forbidden): secrets is forbidden: User "${USER}" cannot list resource "secrets" in API group "" in the namespace "shop"`);
  const logs = await kubectl(emu.kubeconfigPath, ["logs", "checkout-7c9d8f6b5-x2x7k", "-n", "shop", "--previous"]);
  expect(logs.code).toBe(1);
  expect(logs.stderr).toContain(`pods "checkout-7c9d8f6b5-x2x7k" is forbidden: User "${USER}" cannot get resource "pods/log" in API group "" in the namespace "shop"`);
  const nodes = await kubectl(emu.kubeconfigPath, ["get", "nodes"]);
  expect(nodes.stderr).toContain(`nodes is forbidden: User "${USER}" cannot list resource "nodes" in API group "" at the cluster scope`);
  const del = await kubectl(emu.kubeconfigPath, ["delete", "pod", "checkout-7c9d8f6b5-x2x7k", "-n", "shop", "--wait=false"]);
  expect(del.stderr).toContain(`cannot delete resource "pods" in API group "" in the namespace "shop"`);
});

it("kubectl auth can-i answers from the same rules (protobuf SelfSubjectAccessReview)", async () => {
  const can = async (...args: string[]) => (await kubectl(emu.kubeconfigPath, ["auth", "can-i", ...args])).stdout.trim();
  expect(await can("list", "pods", "-n", "shop")).toBe("yes");
  expect(await can("get", "deployments.apps", "-n", "shop")).toBe("yes");
  expect(await can("list", "secrets", "-n", "shop")).toBe("no");
  expect(await can("get", "pods", "--subresource=log", "-n", "shop")).toBe("no");
  expect(await can("delete", "pods", "-n", "shop")).toBe("no");
});
