/**
 * Credentials planted in a scenario's cluster (log lines around and inside the crash message, a literal env
 * value, a Secret's data) and investigated end to end through the local product: webhook over HTTP → intake →
 * runner → the real agent against the emulator → report → terminal printer, Slack (the local Slack Web API
 * server, real @slack/web-api client), the portal's JSON API and HTML page. None of those outputs may contain
 * any planted credential; the logs must really have been read (the crash line is quoted) so this is not vacuous.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject, PodLogs } from "../../shared/src/index.js";
import { SlackNotifier } from "../../cloud/src/adapters/slack/notifier.js";
import { startScenarioServer, type ScenarioServer } from "../../cloud/src/local/demo.js";
import { createLogger } from "../../cloud/src/local/logger.js";
import { makeStyle } from "../../cloud/src/local/terminal.js";
import { writeScenarioFolder } from "../scenarios/generator/write.js";
import { SCENARIOS_DIR, loadScenario } from "../scenarios/loader.js";
import { SlackTestServer } from "../slack-server/server.js";

const FROM = join(SCENARIOS_DIR, "ledger-app-panic");
const NS = "ledger";

/** The distinctive part of each planted credential: none may appear in any output. */
const NEEDLES = {
  dsn: "Pl4ntedDsnS3cret",
  password: "Pl4ntedPassw0rd",
  awsSecret: "wJalrXUtnFEMIK7MDENGbPxRfiCYPLANTED0KEY",
  awsKeyId: "AKIAPLANTED0EXAMPLE1",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.UGxhbnRlZFNpZ25hdHVyZTA",
  slack: "xoxb-111122223333-PlantedSlackTok",
  github: "ghp_PlantedGithubToken0123456789ab",
  privateKey: "MIIEPlantedPrivateKeyBody0123456789",
  envValue: "Pl4ntedEnvValue",
  secretData: "Pl4ntedSecretObjectValue",
};

function secretLines(ts: string | undefined): string[] {
  const at = ts ? `${ts} ` : "";
  return [
    `${at}connecting to postgres://ledger:${NEEDLES.dsn}@ledger-db.ledger.svc:5432/ledger?sslmode=require`,
    `${at}config loaded: db_password=${NEEDLES.password} aws_secret_access_key=${NEEDLES.awsSecret} aws_access_key_id=${NEEDLES.awsKeyId}`,
    `${at}outbound request headers: Authorization: Bearer ${NEEDLES.jwt}`,
    `${at}notifier token ${NEEDLES.slack} github ${NEEDLES.github}`,
    `${at}-----BEGIN RSA PRIVATE KEY-----`,
    `${at}${NEEDLES.privateKey}`,
    `${at}-----END RSA PRIVATE KEY-----`,
  ];
}

function plantLogs(text: string | undefined): string | undefined {
  if (!text) return text;
  const out: string[] = [];
  let ts: string | undefined;
  for (const line of text.split("\n")) {
    ts = /^(\S+Z)\s/.exec(line)?.[1] ?? ts;
    if (/panic:/.test(line)) {
      out.push(...secretLines(ts));
      // The crash message itself carries a credential: the report quotes crash messages.
      out.push(`${line} (while using dsn postgres://ledger:${NEEDLES.dsn}@ledger-db:5432/ledger password=${NEEDLES.password})`);
    } else out.push(line);
  }
  return out.join("\n");
}

function plant(objects: KubeObject[], logs: Map<string, PodLogs>): { objects: KubeObject[]; logs: Map<string, PodLogs> } {
  const planted = new Map<string, PodLogs>();
  for (const [k, l] of logs) {
    if (l.metadata.namespace !== NS) {
      planted.set(k, l);
      continue;
    }
    const containers = Object.fromEntries(Object.entries(l.containers).map(([c, v]) => [c, { current: plantLogs(v.current), previous: plantLogs(v.previous) }]));
    planted.set(k, { ...l, containers });
  }
  const objs = objects.map((o) => {
    if (o.metadata.namespace !== NS) return o;
    const copy = structuredClone(o) as KubeObject & { spec?: any; data?: Record<string, string> };
    const podSpec = copy.kind === "Pod" ? copy.spec : copy.spec?.template?.spec;
    for (const c of podSpec?.containers ?? []) c.env = [...(c.env ?? []), { name: "LEDGER_DB_PASSWORD", value: NEEDLES.envValue }, { name: "API_TOKEN", value: NEEDLES.envValue }];
    return copy;
  });
  objs.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "ledger-db", namespace: NS }, type: "Opaque", data: { password: Buffer.from(NEEDLES.secretData).toString("base64") } } as KubeObject);
  return { objects: objs, logs: planted };
}

let dir: string;
let env: ScenarioServer;
let slack: SlackTestServer;
const terminal: string[] = [];
const serverLogs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kubesleuth-secrets-"));
  const s = await loadScenario(FROM);
  const p = plant(s.objects, s.logs);
  const all = JSON.stringify([...p.logs.values()]);
  for (const [k, v] of Object.entries(NEEDLES)) if (k !== "envValue" && k !== "secretData") expect(all, `planted ${k}`).toContain(v);
  await writeScenarioFolder(dir, p.objects, p.logs, FROM);
  slack = await new SlackTestServer({ token: "xoxb-test-bot" }).start();
  env = await startScenarioServer({
    scenarioDir: dir, style: makeStyle(false), write: (l) => terminal.push(l),
    logger: createLogger({ level: "debug", write: (l) => serverLogs.push(l) }),
    notifier: new SlackNotifier({ token: "xoxb-test-bot", channel: "C0SECRETS", slackApiUrl: slack.url, minUpdateIntervalMs: 0 }),
  });
});
afterAll(async () => {
  await env?.close();
  await slack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function leaks(label: string, text: string): string[] {
  return Object.entries(NEEDLES).filter(([, v]) => text.includes(v)).map(([k]) => `${label}: ${k}`);
}

describe("planted credentials never leave masked-out", () => {
  it("report, store, terminal, Slack, portal API and page, server logs", async () => {
    const res = await fetch(`${env.app.url}/alerts/${env.scenario.meta.alertSource}`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${env.token}` }, body: JSON.stringify(env.scenario.alertBody),
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { decisions: { investigationId?: string }[] }).decisions.find((d) => d.investigationId)!.investigationId!;
    await env.app.idle();
    const rec = (await env.app.store.getInvestigation(id))!;
    expect(rec.report, `status ${rec.status} ${rec.error ?? ""}`).toBeDefined();
    const report = rec.report!;

    // Not vacuous: the planted logs were read, and the crash line is quoted.
    expect(env.emulator.stats().byVerbAndResource["get pods/log"] ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(report)).toContain("nil pointer dereference");
    expect(JSON.stringify(report), "the planted crash line was the one quoted").toContain("while using dsn");

    const api = await fetch(`${env.app.url}/api/investigations/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${env.token}` } });
    expect(api.status).toBe(200);
    const apiText = await api.text();
    const login = await fetch(env.app.server.loginLink(`/investigations/${encodeURIComponent(id)}`), { redirect: "manual" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = await fetch(`${env.app.url}/investigations/${encodeURIComponent(id)}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain("nil pointer dereference");
    expect(slack.calls.length).toBeGreaterThan(0);

    const found = [
      ...leaks("report", JSON.stringify(report)),
      ...leaks("stored record", JSON.stringify(rec)),
      ...leaks("terminal", terminal.join("\n")),
      ...leaks("slack", JSON.stringify(slack.calls.map((c) => c.args))),
      ...leaks("portal api", apiText),
      ...leaks("portal page", pageText),
      ...leaks("server logs", serverLogs.join("\n")),
    ];
    expect(found).toEqual([]);
  });
});
