import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { KubesleuthError, errorMessage } from "../../../../shared/src/index.js";
import { startScenarioEmulator, type PolicyRule } from "../../../../test/emulator/index.js";
import { UsageError, type CliCommand, untilSignal } from "../command.js";

const usage = `Usage: kubesleuth emulate --scenario DIR [--port N] [--host H] [--rbac FILE] [--token T]

Serve a scenario's cluster state through the Kubernetes API (read-only) so kubectl,
client libraries and the agent can be pointed at it. Prints the kubeconfig path and
runs until Ctrl-C (SIGINT) or SIGTERM.

Options:
  --scenario DIR   scenario folder (scenario.yaml, cluster.yaml, alert.json)
  --port N         port to listen on (default: random free port)
  --host H         address to bind (default 127.0.0.1)
  --rbac FILE      YAML/JSON ClusterRole (or a list of PolicyRules): enforce these rules, 403 for the rest
  --token T        bearer token clients must send (default: random, written into the kubeconfig)
  --real-clock     compute AGE columns against the real clock instead of the scenario's "now"
  -h, --help       show this help

Example:
  npx kubesleuth emulate --scenario test/scenarios/api-postgres-down
  kubectl get pods -A --kubeconfig <printed path>`;

const PolicyRuleSchema = z.object({
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  verbs: z.array(z.string()).min(1),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});
const RbacFileSchema = z.union([z.object({ rules: z.array(PolicyRuleSchema) }).passthrough(), z.array(PolicyRuleSchema)]);

async function readRules(file: string): Promise<PolicyRule[]> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `--rbac ${file}: ${errorMessage(e)}`, { cause: e });
  }
  const parsed = RbacFileSchema.safeParse(raw);
  if (!parsed.success) throw new KubesleuthError("CONFIG_INVALID", `--rbac ${file}: ${errorMessage(parsed.error)}`);
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.rules;
}

const command: CliCommand = {
  name: "emulate",
  summary: "serve a scenario through a read-only Kubernetes API emulator (for kubectl)",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          scenario: { type: "string" },
          port: { type: "string" },
          host: { type: "string" },
          rbac: { type: "string" },
          token: { type: "string" },
          "real-clock": { type: "boolean" },
        },
        strict: true,
      }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    if (!values.scenario) throw new UsageError("--scenario is required");
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0-65535, got ${values.port}`);
    }
    const rbacRules = values.rbac ? await readRules(values.rbac) : undefined;
    const emu = await startScenarioEmulator(values.scenario, {
      port,
      host: values.host,
      token: values.token,
      rbacRules,
      ...(values["real-clock"] ? { now: undefined } : {}),
    });
    console.log(`Kubernetes API emulator for ${values.scenario} listening on ${emu.url}${rbacRules ? ` (RBAC: ${rbacRules.length} rule${rbacRules.length === 1 ? "" : "s"} enforced)` : ""}`);
    console.log(`kubeconfig: ${emu.kubeconfigPath}`);
    console.log(`try:        kubectl get pods -A --kubeconfig ${emu.kubeconfigPath}`);
    console.log("Ctrl-C to stop.");
    await untilSignal();
    const s = emu.stats();
    await emu.close();
    console.log(`stopped after ${s.requests} requests, ${s.bytes} bytes served`);
    return 0;
  },
};

export default command;
