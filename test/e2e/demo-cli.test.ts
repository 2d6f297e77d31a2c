/**
 * `npm run demo` as a newcomer runs it: the CLI in a child process, no cluster, no credentials, no TTY.
 * It must terminate on its own, print every stage and a correct diagnosis, and no escape codes (not a TTY).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadExpected, SCENARIOS_DIR } from "../scenarios/loader.js";

const BIN = fileURLToPath(new URL("../../bin/kubesleuth.mjs", import.meta.url));

function demo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, KUBECONFIG: "/nonexistent/kubeconfig" }; // no cluster
    delete childEnv.FORCE_COLOR;
    execFile(process.execPath, [BIN, "demo", ...args], { env: childEnv, timeout: 50_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }));
  });
}

describe("npm run demo", () => {
  it("prints per-stage progress and the correct diagnosis, then exits 0", async () => {
    const r = await demo([]);
    expect(r.code, r.stderr).toBe(0);
    const expected = await loadExpected(`${SCENARIOS_DIR}/payments-oom`);
    const categories = [expected.category].flat();
    expect(categories.some((c) => r.stdout.includes(`Root cause   ${c}`))).toBe(true);
    for (const stage of ["resolve target", "discover topology", "gather evidence", "analyze", "write report"]) expect(r.stdout).toContain(stage);
    expect(r.stdout).toMatch(/\$ kubectl /);
    expect(r.stdout).toMatch(/Portal\s+http:\/\/127\.0\.0\.1:\d+\/investigations\//);
    expect(r.stdout).not.toContain("\x1b["); // not a TTY: no colors
  }, 60_000);

  it("--list lists the corpus; an unknown scenario is a usage error", async () => {
    const list = await demo(["--list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("payments-oom");
    const bad = await demo(["--scenario", "no-such-incident"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("no scenario");
  }, 120_000); // two CLI processes, each starting tsx: slow on a loaded 2-core machine
});
