import { parseArgs } from "node:util";
import { errorMessage } from "../../../../shared/src/index.js";
import { startScenarioEmulator } from "../../../../test/emulator/index.js";
import { loadScenario } from "../../../../test/scenarios/loader.js";
import { runInvestigation } from "../../core/engine/engine.js";
import { normalizeWebhook } from "../../core/normalize/index.js";
import { renderMarkdown } from "../../core/report/markdown.js";
import { renderText } from "../../core/report/text.js";
import { agentGatewayFactory } from "../../eval/gateway.js";
import { loadModelStage } from "../../eval/model.js";
import { UsageError, type CliCommand } from "../command.js";

const usage = `Usage: kubesleuth investigate --scenario DIR [--json | --markdown] [--model ID]

Replay a scenario: serve its cluster through the emulator, run the real cluster agent in process,
normalize its alert.json (per scenario.yaml alertSource), investigate with the scenario's "now" as
the clock, and print the report.

Options:
  --scenario DIR   scenario folder (scenario.yaml, cluster.yaml, alert.json)
  --json           print the report as JSON (the SCENARIOS.md contract: rootCause, remediation, evidence, + extras)
  --markdown       print the markdown report (what goes to the Slack thread and the portal)
  --model ID       also run the model stage with this model (needs a build with core/model and credentials)
  -h, --help       show this help

Example:
  npx kubesleuth investigate --scenario test/scenarios/payments-oom`;

const command: CliCommand = {
  name: "investigate",
  summary: "investigate a replayed scenario (emulator + in-process agent) and print the report",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { scenario: { type: "string" }, json: { type: "boolean" }, markdown: { type: "boolean" }, model: { type: "string" } }, strict: true }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    if (!values.scenario) throw new UsageError("--scenario is required");
    if (values.json && values.markdown) throw new UsageError("--json and --markdown are exclusive");
    const scenario = await loadScenario(values.scenario);
    const batch = normalizeWebhook(scenario.meta.alertSource, scenario.alertBody, { defaultCluster: "default", receivedAt: scenario.meta.now });
    const alert = batch.alerts.find((a) => a.status === "firing") ?? batch.alerts[0];
    if (!alert) throw new UsageError(`${values.scenario}/alert.json holds no alert`);
    const modelStage = values.model ? await loadModelStage(values.model) : undefined;
    const emu = await startScenarioEmulator(scenario.dir, { now: scenario.meta.now });
    try {
      const gateway = await agentGatewayFactory(emu, alert.cluster);
      try {
        const now = new Date(scenario.meta.now);
        const report = await runInvestigation(alert, {
          investigationId: `replay-${scenario.meta.name}`,
          onProgress: values.json || values.markdown ? undefined : (stages) => {
            const s = stages.find((x) => x.status === "running");
            if (s) process.stderr.write(`… ${s.name}\n`);
          },
        }, { gateway, clock: { now: () => now }, modelStage });
        console.log(values.json ? JSON.stringify(report, null, 2) : values.markdown ? renderMarkdown(report) : renderText(report));
      } finally {
        await (gateway as { close?(): unknown }).close?.();
      }
    } finally {
      await emu.close();
    }
    return 0;
  },
};

export default command;
