import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { errorMessage } from "../../../../shared/src/index.js";
import { listScenarioDirs, loadScenario, SCENARIOS_DIR } from "../../../../test/scenarios/loader.js";
import { runDemo } from "../../local/demo.js";
import { makeStyle, renderReportForTerminal, useColor } from "../../local/terminal.js";
import { UsageError, type CliCommand, untilSignal } from "../command.js";

const DEFAULT_SCENARIO = "payments-oom";

const usage = `Usage: kubesleuth demo [--scenario NAME|DIR] [--list] [--keep] [--port N]

See kubesleuth work with no cluster and no credentials: a scenario's frozen cluster is served by the
Kubernetes API emulator, its real Alertmanager webhook is posted to the local server (with the token),
the agent investigates in-process, and the diagnosis is printed with per-stage progress.

Options:
  --scenario NAME  a scenario of test/scenarios (default ${DEFAULT_SCENARIO}) or a scenario folder
  --list           list the bundled scenarios and exit
  --keep           keep serving the portal until Ctrl-C (default: exit after printing)
  --port N         port of the local server (default: a free port)
  -h, --help       show this help

Colors follow the terminal; NO_COLOR=1 turns them off.

Examples:
  npm run demo
  npm run demo -- --scenario billing-missing-configmap --keep`;

async function resolveScenario(arg: string): Promise<string> {
  const bundled = join(SCENARIOS_DIR, arg);
  for (const dir of [bundled, arg]) {
    try {
      await stat(join(dir, "scenario.yaml"));
      return dir;
    } catch {
      /* try the next */
    }
  }
  throw new UsageError(`no scenario "${arg}" (see --list)`);
}

const command: CliCommand = {
  name: "demo",
  summary: "investigate a bundled incident end to end, no cluster or credentials needed",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { scenario: { type: "string" }, list: { type: "boolean" }, keep: { type: "boolean" }, port: { type: "string" } }, strict: true }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    const style = makeStyle(useColor());
    const out = (line: string) => process.stdout.write(line + "\n");
    if (values.list) {
      for (const dir of await listScenarioDirs()) {
        const s = await loadScenario(dir);
        out(`${style.bold(basename(dir).padEnd(38))} ${s.meta.description}`);
      }
      return 0;
    }
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0-65535, got ${values.port}`);
    }
    const dir = await resolveScenario(values.scenario ?? DEFAULT_SCENARIO);
    const run = await runDemo({ scenarioDir: dir, port, style, write: out });
    let code = 0;
    try {
      const { record, report } = run;
      const portal = values.keep ? run.app.server.loginLink(`/investigations/${encodeURIComponent(record.id)}`) : undefined;
      if (report) out(renderReportForTerminal(report, style, { portalUrl: portal }));
      else {
        out(style.red(`Investigation ${record.id} ${record.status}: ${record.error ?? "no report"}`));
        code = 1;
      }
      if (values.keep) {
        out("");
        out(`${style.bold("Portal")} ${style.blue(portal!)}  ${style.dim("(one-time sign-in link)")}`);
        out(style.dim(`Webhook: curl -H 'Authorization: Bearer ${run.token}' -d @alert.json ${run.app.url}/alerts/alertmanager (demo token, this run only) · Ctrl-C to stop`));
        await untilSignal();
      } else {
        out(`${style.bold("Portal")}       ${style.blue(`${run.app.url}/investigations/${encodeURIComponent(record.id)}`)} ${style.dim("(this run has ended: add --keep to browse it)")}`);
      }
    } finally {
      await run.close();
    }
    return code;
  },
};

export default command;
