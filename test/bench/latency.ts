/**
 * Alert received → report ready, rules-only, over the whole scenario corpus, local transport: for each scenario
 * the demo's assembly (emulator, local server, file store, the real agent in-process) receives the scenario's
 * webhook over HTTP; the clock runs from just before the POST until the stored record holds its report.
 */
import { performance } from "node:perf_hooks";
import { basename } from "node:path";
import { startScenarioServer } from "../../cloud/src/local/demo.js";
import { makeStyle } from "../../cloud/src/local/terminal.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { listScenarioDirs } from "../scenarios/loader.js";

export interface LatencySample {
  scenario: string;
  ms: number;
  status: string;
  apiRequests: number;
}

export async function corpusLatencyLocal(opts: { filter?: (name: string) => boolean; log?: (s: string) => void } = {}): Promise<LatencySample[]> {
  const dirs = (await listScenarioDirs()).filter((d) => !opts.filter || opts.filter(basename(d)));
  const out: LatencySample[] = [];
  const logger = createLogger({ level: "error" });
  for (const dir of dirs) {
    const env = await startScenarioServer({ scenarioDir: dir, style: makeStyle(false), write: () => {}, logger });
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
      out.push({ scenario: basename(dir), ms, status: rec.report.status, apiRequests: rec.report.apiRequests });
      opts.log?.(`  ${basename(dir)}: ${ms.toFixed(0)} ms, ${rec.report.status}, ${rec.report.apiRequests} API requests`);
    } finally {
      await env.close();
    }
  }
  return out;
}
