import { parseArgs } from "node:util";
import { errorMessage } from "../../../../shared/src/index.js";
import { ENV_HELP, resolveConfig } from "../../local/config.js";
import { startServe } from "../../local/serve.js";
import { makeStyle, useColor } from "../../local/terminal.js";
import { UsageError, type CliCommand } from "../command.js";

const usage = `Usage: kubesleuth serve [options]        (npm start)

The local server for real use: receives alert webhooks (POST /alerts/{alertmanager|grafana|datadog|cloudwatch}),
investigates against the current kubeconfig context with the agent in-process (read-only), keeps every
investigation in an embedded store, serves the portal, and posts to Slack when SLACK_BOT_TOKEN is set.

Options:
  --port N              listen port (default 7710)
  --host H              bind address (default 127.0.0.1; the portal and webhook need the token either way)
  --token T             webhook + portal token (prefer KUBESLEUTH_TOKEN: flags show up in ps)
  --data-dir DIR        store location (default ~/.kubesleuth)
  --rules FILE          rule file (docs/rules.md)
  --kubeconfig FILE     kubeconfig (default $KUBECONFIG or ~/.kube/config)
  --context NAME        kubeconfig context (default: current)
  --cluster-id ID       cluster id of alerts without a cluster label (default: the context name)
  --agent MODE          in-process (default) | external (run \`npx kubesleuth agent\` separately)
  --concurrency N       investigations at once (default 4)
  --log-level L         debug | info | warn | error
  --public-url URL      where others reach the portal (for links)
  -h, --help            show this help

${ENV_HELP}

Alertmanager receiver:
  receivers:
  - name: kubesleuth
    webhook_configs:
    - url: http://127.0.0.1:7710/alerts/alertmanager
      send_resolved: true
      http_config:
        authorization: {type: Bearer, credentials_file: /path/to/token}`;

const command: CliCommand = {
  name: "serve",
  summary: "run the local server: webhooks in, investigations against your kubeconfig, portal, Slack",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv, strict: true,
        options: {
          port: { type: "string" }, host: { type: "string" }, token: { type: "string" }, "data-dir": { type: "string" }, rules: { type: "string" },
          kubeconfig: { type: "string" }, context: { type: "string" }, "cluster-id": { type: "string" }, agent: { type: "string" },
          concurrency: { type: "string" }, "log-level": { type: "string" }, "public-url": { type: "string" },
        },
      }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    const config = resolveConfig(values);
    const st = makeStyle(useColor());
    const h = await startServe(config);
    const url = h.app.url;
    const out = (l: string) => process.stdout.write(l + "\n");
    out(`${st.bold("kubesleuth")} listening on ${st.blue(url)} · cluster ${st.bold(h.clusterId)} · agent ${config.agent}`);
    out(`  webhook  POST ${url}/alerts/alertmanager   (Authorization: Bearer <token>)`);
    out(`  token    ${h.tokenInfo.file ? `${h.tokenInfo.file}${h.tokenInfo.generated ? " (generated now)" : ""}` : "from KUBESLEUTH_TOKEN / --token"}`);
    out(`  portal   ${st.blue(h.app.server.loginLink("/"))}  ${st.dim("(one-time sign-in link, 10 min)")}`);
    if (config.agent === "external") out(`  agent    npx kubesleuth agent --server ${url} --cluster-id ${h.clusterId}  (same token in KUBESLEUTH_TOKEN)`);
    out(st.dim("Ctrl-C to stop."));
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
        h.logger.info("shutting down", { signal: sig });
        resolve();
      };
      const onInt = () => stop("SIGINT");
      const onTerm = () => stop("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
    });
    await h.app.close();
    h.logger.info("stopped");
    return 0;
  },
};

export default command;
