import { parseArgs } from "node:util";
import { errorMessage } from "../../../../shared/src/index.js";
import { agentGatewayFactory } from "../../eval/gateway.js";
import { renderTable, runEval } from "../../eval/harness.js";
import { loadModelStage } from "../../eval/model.js";
import { UsageError, type CliCommand } from "../command.js";

const usage = `Usage: kubesleuth eval [--scenarios DIR] [--filter TEXT] [--model ID] [--json] [--min-accuracy X] [--no-validate] [--concurrency N]

Run every scenario through the full pipeline (emulator → in-process agent → investigation), grade each
report against its expected.yaml (category, culprit, mustMention, remediationTargets), and validate every
remediation command with the real kubectl against that scenario's emulator (--dry-run=client appended to
mutating commands; read-only get/describe/logs run as they are; the target must exist).

Prints per-scenario pass/fail, top-1 accuracy, accuracy by category, precision of "high" answers, commands
validated and the median investigation time. Exits 1 when top-1 accuracy is below --min-accuracy, when a
"high" answer is wrong, or when a command fails validation.

Options:
  --scenarios DIR     corpus folder (default: test/scenarios)
  --filter TEXT       only scenarios whose folder name contains TEXT
  --model ID          also run the model stage with this model
  --json              print the summary as JSON
  --min-accuracy X    minimum top-1 accuracy, 0..1 (default 1.0)
  --no-validate       skip kubectl validation of commands
  --concurrency N     scenarios investigated at once (default 2)
  -h, --help          show this help`;

const command: CliCommand = {
  name: "eval",
  summary: "grade the investigator on the scenario corpus (accuracy, high precision, kubectl-validated commands)",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { scenarios: { type: "string" }, filter: { type: "string" }, model: { type: "string" }, json: { type: "boolean" }, "min-accuracy": { type: "string" }, "no-validate": { type: "boolean" }, concurrency: { type: "string" } }, strict: true }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    const min = values["min-accuracy"] === undefined ? 1 : Number(values["min-accuracy"]);
    if (!Number.isFinite(min) || min < 0 || min > 1) throw new UsageError(`--min-accuracy must be a number in 0..1, got ${values["min-accuracy"]}`);
    const concurrency = values.concurrency === undefined ? 2 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UsageError(`--concurrency must be an integer 1-16, got ${values.concurrency}`);
    const modelStage = values.model ? await loadModelStage(values.model) : undefined;
    const summary = await runEval({
      scenariosDir: values.scenarios,
      filter: values.filter,
      gatewayFactory: agentGatewayFactory,
      modelStage,
      validateCommands: !values["no-validate"],
      concurrency,
      onResult: values.json ? undefined : (r) => process.stderr.write(`${r.pass ? "pass" : "FAIL"} ${r.name} (${r.durationMs} ms)\n`),
    });
    if (values.json) {
      console.log(JSON.stringify({ ...summary, results: summary.results.map(({ report: _r, ...rest }) => rest) }, null, 2));
    } else console.log(renderTable(summary));
    const ok = summary.top1Accuracy >= min && summary.high.correct === summary.high.total && summary.commands.ok === summary.commands.total;
    return ok ? 0 : 1;
  },
};

export default command;
