/**
 * Alert received → diagnosis posted, rules-only, over the whole scenario corpus, local transport: for each scenario
 * the demo's assembly (emulator, local server, file store, the real agent in-process, the Slack notifier through
 * the real @slack/web-api client to the local Slack Web API server) receives the scenario's webhook over HTTP; the
 * clock runs from just before the POST until the worker is idle, i.e. the report is stored and the diagnosis
 * message has been posted to Slack (the runner awaits the notifier).
 */
import { performance } from "node:perf_hooks";
import { basename } from "node:path";
import { startScenarioServer } from "../../cloud/src/local/demo.js";
import { makeStyle } from "../../cloud/src/local/terminal.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { SlackNotifier } from "../../cloud/src/adapters/slack/notifier.js";
import type { Notifier } from "../../cloud/src/core/ports.js";
import { listScenarioDirs } from "../scenarios/loader.js";
import { SlackTestServer } from "../slack-server/server.js";

export interface LatencySample {
  scenario: string;
  ms: number;
  /** Webhook POST → report stored (the runner stores it, then calls the notifier's completed()). */
  reportMs: number;
  /** The Slack message was edited into the diagnosis. */
  slackDiagnosis?: boolean;
  status: string;
  apiRequests: number;
}

export async function corpusLatencyLocal(opts: { filter?: (name: string) => boolean; log?: (s: string) => void } = {}): Promise<LatencySample[]> {
  const dirs = (await listScenarioDirs()).filter((d) => !opts.filter || opts.filter(basename(d)));
  const out: LatencySample[] = [];
  const logger = createLogger({ level: "error" });
  const slack = await new SlackTestServer({ token: "xoxb-bench" }).start();
  try {
  for (const dir of dirs) {
    const slackNotifier = new SlackNotifier({ token: "xoxb-bench", channel: "C0BENCH", slackApiUrl: slack.url });
    let reportAt = Number.NaN;
    const notifier: Notifier = {
      started: (inv) => slackNotifier.started(inv),
      progress: (inv, stages) => slackNotifier.progress(inv, stages),
      completed: (inv, report) => {
        reportAt = performance.now();
        return slackNotifier.completed(inv, report);
      },
      resolved: (inv) => slackNotifier.resolved(inv),
    };
    const env = await startScenarioServer({ scenarioDir: dir, style: makeStyle(false), write: () => {}, logger, notifier });
    try {
      const body = JSON.stringify(env.scenario.alertBody);
      const t0 = performance.now();
      const res = await fetch(`${env.app.url}/alerts/${env.scenario.meta.alertSource}`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${env.token}` }, body,
      });
      const answer = (await res.json()) as { decisions?: { investigationId?: string }[] };
      const id = answer.decisions?.find((d) => d.investigationId)?.investigationId;
      if (res.status !== 202 || !id) throw new Error(`${basename(dir)}: webhook answered ${res.status} without an investigation`);
      await env.app.idle();
      const rec = await env.app.store.getInvestigation(id);
      const ms = performance.now() - t0;
      if (!rec?.report) throw new Error(`${basename(dir)}: no report stored (status ${rec?.status})`);
      if (rec.deliveryPending || !rec.notification) throw new Error(`${basename(dir)}: the diagnosis was not posted to Slack`);
      const posted = slack.messages.get(`${rec.notification.channel}|${rec.notification.ts}`);
      out.push({ scenario: basename(dir), ms, reportMs: reportAt - t0, status: rec.report.status, apiRequests: rec.report.apiRequests, slackDiagnosis: !!posted && posted.edits.length > 0 });
      opts.log?.(`  ${basename(dir)}: ${ms.toFixed(0)} ms, ${rec.report.status}, ${rec.report.apiRequests} API requests`);
    } finally {
      await env.close();
    }
  }
  } finally {
    await slack.close();
  }
  return out;
}
