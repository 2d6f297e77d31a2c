/**
 * End to end with the real Alertmanager: an alert pushed to it (API v2) reaches the local server through a
 * webhook receiver authenticated with the Authorization header, is investigated exactly once despite repeat
 * notifications, and the resolved notification closes the investigation.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioServer, type ScenarioServer } from "../../cloud/src/local/demo.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { makeStyle } from "../../cloud/src/local/terminal.js";
import { SCENARIOS_DIR } from "../scenarios/loader.js";
import { pushAlerts, startAlertmanager, type AlertmanagerProcess } from "./alertmanager.js";

let env: ScenarioServer;
let am: AlertmanagerProcess;
/** Every webhook delivery the local server accepted, as it logged them. */
const deliveries: { decisions: { action: string; investigationId?: string }[] }[] = [];
const rejected: unknown[] = [];

async function until(what: string, fn: () => Promise<boolean> | boolean, ms = 25_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nalertmanager output:\n${am?.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const logger = createLogger({
    level: "info",
    write: (line) => {
      const e = JSON.parse(line);
      if (e.msg === "webhook accepted") deliveries.push(e);
      if (e.msg === "request failed") rejected.push(e);
    },
  });
  env = await startScenarioServer({ scenarioDir: join(SCENARIOS_DIR, "payments-oom"), style: makeStyle(false), write: () => {}, logger });
  am = await startAlertmanager({ url: `${env.app.url}/alerts/alertmanager`, bearer: env.token, groupInterval: "1s", repeatInterval: "2s" });
}, 40_000);

afterAll(async () => {
  await am?.stop();
  await env?.close();
});

const firing = () => {
  const a = (env.scenario.alertBody as { alerts: { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; generatorURL: string }[] }).alerts[0]!;
  return { labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, generatorURL: a.generatorURL };
};

describe("real Alertmanager → local server", () => {
  it("investigates once despite repeat notifications", async () => {
    await pushAlerts(am.url, [firing()]);
    // The first notification and at least two repeats (repeat_interval 2s).
    await until("three notifications", () => deliveries.length >= 3);
    await env.app.idle();
    const all = await env.app.store.listInvestigations({});
    expect(all).toHaveLength(1);
    const inv = all[0]!;
    expect(inv.alertname).toBe("KubePodCrashLooping");
    expect(["complete", "partial"]).toContain(inv.status);
    expect(inv.report?.rootCause.category).toBeDefined();
    expect(deliveries[0]!.decisions).toEqual([expect.objectContaining({ action: "investigate", investigationId: inv.id })]);
    for (const d of deliveries.slice(1)) expect(d.decisions.map((x) => x.action)).toEqual(["duplicate"]);
    expect(rejected).toEqual([]); // Alertmanager's Authorization header was accepted every time
  }, 45_000);

  it("a resolved notification (endsAt in the past) closes the investigation", async () => {
    const [inv] = await env.app.store.listInvestigations({});
    await pushAlerts(am.url, [{ ...firing(), endsAt: new Date(Date.now() - 1000).toISOString() }]);
    const resolveLogged = () => deliveries.some((d) => d.decisions.some((x) => x.action === "resolve" && x.investigationId === inv!.id));
    // The store is closed before the server logs the accepted webhook: wait for both.
    await until("the investigation to close", async () => !!(await env.app.store.getInvestigation(inv!.id))?.resolvedAt && resolveLogged());
    const closed = await env.app.store.getInvestigation(inv!.id);
    expect(closed!.attached.some((a) => a.status === "resolved")).toBe(true);
    expect(await env.app.store.listInvestigations({})).toHaveLength(1);
    expect(resolveLogged()).toBe(true);
  }, 45_000);
});
