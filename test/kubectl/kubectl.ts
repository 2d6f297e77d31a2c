/**
 * Runs the real kubectl binary against an emulator. Global flags go after the subcommand because the installed
 * kubectl may be a dispatcher wrapper (google-cloud-sdk) that refuses flags before the plugin/command name.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KubectlResult { code: number; stdout: string; stderr: string }

/** Discovery cache shared by the tests of this process (entries are keyed by host:port, so emulators never collide). */
const CACHE_DIR = join(tmpdir(), `kubesleuth-kubectl-cache-${process.pid}`);
mkdirSync(CACHE_DIR, { recursive: true });
process.once("exit", () => rmSync(CACHE_DIR, { recursive: true, force: true }));

export function kubectl(kubeconfigPath: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<KubectlResult> {
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: CACHE_DIR };
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      [...args, "--kubeconfig", kubeconfigPath, "--cache-dir", CACHE_DIR, "--request-timeout", "20s"],
      { env, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? ((err as any).code as number) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Format a result for assertion messages. */
export function show(r: KubectlResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
