/**
 * Runs the real kubectl binary against an emulator. Global flags go after the subcommand because the installed
 * kubectl may be a dispatcher wrapper (google-cloud-sdk) that refuses flags before the plugin/command name.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";

export interface KubectlResult { code: number; stdout: string; stderr: string }


export function kubectl(kubeconfigPath: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<KubectlResult> {
  // Discovery cache beside the emulator's kubeconfig: removed with it on close, and never shared with a later
  // emulator that happens to get the same port (kubectl keys its cache by host:port and trusts it for hours).
  const CACHE_DIR = join(dirname(kubeconfigPath), "kubectl-cache");
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
