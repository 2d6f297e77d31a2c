/**
 * Validates a remediation command with the real kubectl against a scenario's emulator: mutating commands get
 * `--dry-run=client` appended; read-only ones run as they are; either must act on a resource that exists.
 * The command is split like a POSIX shell would (bare words and single quotes only): anything needing more
 * shell than that (pipes, `;`, `$()`, double quotes) is rejected as not a single safe kubectl command.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";

export interface CommandCheck {
  command: string;
  ok: boolean;
  /** Why not, in one line (kubectl's stderr). */
  reason?: string;
}

/** POSIX word splitting for bare words and '…' quoting (incl. the '\'' idiom). Undefined if anything else appears. */
export function shellSplit(cmd: string): string[] | undefined {
  const out: string[] = [];
  let cur = "", inWord = false, i = 0;
  while (i < cmd.length) {
    const ch = cmd[i]!;
    if (ch === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += cmd.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === "\\" && cmd[i + 1] === "'") {
      cur += "'";
      inWord = true;
      i += 2;
    } else if (ch === " ") {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
      i++;
    } else if (/[A-Za-z0-9_./:=@%+,\-[\]{}~]/.test(ch)) {
      cur += ch;
      inWord = true;
      i++;
    } else return undefined;
  }
  if (inWord) out.push(cur);
  return out;
}

const READ_ONLY = new Set(["get", "describe", "logs", "top", "explain", "api-resources"]);
const MUTATING = new Set(["set", "patch", "scale", "create", "cordon", "uncordon", "label", "annotate", "apply", "delete", "drain", "autoscale", "taint"]);

function isMutating(argv: string[]): boolean {
  const verb = argv[1]!;
  if (verb === "rollout") return ["undo", "restart", "pause", "resume"].includes(argv[2] ?? "");
  if (verb === "auth") return false;
  return MUTATING.has(verb);
}

/** The resource a command names: `kind/name` or `kind name` after the verb(s), and its namespace. */
export function commandTarget(argv: string[]): { kind: string; name: string; namespace?: string } | undefined {
  const nsIdx = argv.findIndex((a) => a === "-n" || a === "--namespace");
  const namespace = nsIdx > 0 ? argv[nsIdx + 1] : argv.find((a) => a.startsWith("--namespace="))?.slice(12);
  const verb = argv[1];
  const skip = verb === "rollout" || verb === "set" ? 3 : 2;
  const words = argv.slice(skip).filter((a, i, arr) => !a.startsWith("-") && !(i > 0 && /^(-n|--namespace|-c|--container|-p|--type|-l|-o|--output|--selector|--sort-by)$/.test(arr[i - 1]!)));
  if (!words.length) return undefined;
  if (verb === "cordon" || verb === "uncordon" || verb === "drain") return { kind: "node", name: words[0]! };
  if (verb === "logs") return { kind: "pod", name: words[0]!.replace(/^pods?\//, ""), namespace };
  if (words[0]!.includes("/")) {
    const [kind, name] = words[0]!.split("/");
    return { kind: kind!, name: name!, namespace };
  }
  if (words.length >= 2) return { kind: words[0]!, name: words[1]!, namespace };
  return undefined;
}

function run(kubeconfigPath: string, args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const cache = join(dirname(kubeconfigPath), "kubectl-cache");
  return new Promise((resolve) => {
    execFile("kubectl", [...args, "--kubeconfig", kubeconfigPath, "--cache-dir", cache, "--request-timeout", "20s"], { timeout: 40_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, KUBECONFIG: kubeconfigPath } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const firstLine = (s: string) => s.trim().split("\n").filter(Boolean).slice(-1)[0]?.slice(0, 300) ?? "";

export async function validateCommand(command: string, kubeconfigPath: string): Promise<CommandCheck> {
  const argv = shellSplit(command);
  if (!argv || argv[0] !== "kubectl" || argv.length < 2) return { command, ok: false, reason: "not a single kubectl command with safe quoting" };
  const mutating = isMutating(argv);
  if (!mutating && !READ_ONLY.has(argv[1]!) && !(argv[1] === "rollout" && argv[2] === "history")) return { command, ok: false, reason: `verb ${argv.slice(1, 3).join(" ")} is neither a known read-only nor a dry-runnable command` };
  // The resource it acts on must exist (a create must land in an existing namespace and not clash).
  const target = commandTarget(argv);
  if (argv[1] === "create") {
    const ns = target?.namespace;
    if (ns) {
      const r = await run(kubeconfigPath, ["get", "namespace", ns]);
      if (r.code !== 0) return { command, ok: false, reason: `namespace ${ns}: ${firstLine(r.stderr)}` };
    }
    const from = argv.find((a) => a.startsWith("--from="))?.slice(7);
    if (from) {
      const r = await run(kubeconfigPath, ["get", from, ...(ns ? ["-n", ns] : [])]);
      if (r.code !== 0) return { command, ok: false, reason: `${from}: ${firstLine(r.stderr)}` };
    }
  } else if (target && argv[1] !== "top") {
    const r = await run(kubeconfigPath, ["get", target.kind, target.name, ...(target.namespace ? ["-n", target.namespace] : [])]);
    if (r.code !== 0) return { command, ok: false, reason: `target ${target.kind}/${target.name}: ${firstLine(r.stderr)}` };
  }
  const r = await run(kubeconfigPath, [...argv.slice(1), ...(mutating ? ["--dry-run=client"] : [])]);
  return r.code === 0 ? { command, ok: true } : { command, ok: false, reason: firstLine(r.stderr) || `exit ${r.code}` };
}
