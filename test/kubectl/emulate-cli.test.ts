/** `kubesleuth emulate` as a person uses it: start, point the real kubectl at the printed kubeconfig, Ctrl-C. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { kubectl, show } from "./kubectl.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../emulator/fixtures/shop", import.meta.url));

it("serves the scenario, prints a working kubeconfig, enforces --rbac and stops cleanly on SIGTERM", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kubesleuth-emulate-cli-"));
  const rbac = join(dir, "role.yaml");
  await writeFile(rbac, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get, list]\n");
  const child = spawn(process.execPath, [join(ROOT, "bin/kubesleuth.mjs"), "emulate", "--scenario", FIXTURE, "--rbac", rbac], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const kubeconfig = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no kubeconfig printed:\n${out}\n${err}`)), 30_000);
      const check = () => {
        const m = /^kubeconfig: (\S+)$/m.exec(out);
        if (m && out.includes("Ctrl-C to stop.")) { clearTimeout(timer); resolve(m[1]!); }
      };
      child.stdout.on("data", check);
      child.on("exit", () => { clearTimeout(timer); reject(new Error(`exited early:\n${out}\n${err}`)); });
    });
    expect(out).toContain(`kubectl get pods -A --kubeconfig ${kubeconfig}`);
    expect(out).toContain("RBAC: 1 rule enforced");
    const pods = await kubectl(kubeconfig, ["get", "pods", "-A"]);
    expect(pods.code, show(pods)).toBe(0);
    expect(pods.stdout).toContain("checkout-7c9d8f6b5-x2x7k");
    const cm = await kubectl(kubeconfig, ["get", "configmaps", "-n", "shop"]);
    expect(cm.stderr).toContain('configmaps is forbidden: User "system:serviceaccount:kubesleuth:kubesleuth-agent" cannot list resource "configmaps"');
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped after \d+ requests/);
    expect(existsSync(kubeconfig)).toBe(false); // temp kubeconfig removed on close
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
});
