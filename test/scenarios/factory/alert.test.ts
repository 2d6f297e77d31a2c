import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import { type AddressInfo, createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerWebhook } from "./alert.js";
import { Cluster } from "./cluster.js";
import { baseline } from "./neighbours.js";

/**
 * Fidelity of the webhook builder against the real Prometheus Alertmanager (Debian package): the same alert
 * pushed through Alertmanager must come out with the fingerprint, groupKey, group/common labels and the
 * field set our builder writes into every scenario's alert.json.
 */
const AM = "/usr/bin/prometheus-alertmanager";
const EXTERNAL = "http://kube-prometheus-stack-alertmanager.monitoring:9093";

let dir: string;
let am: ChildProcess | undefined;
let hook: Server;
let amUrl: string;
const received: unknown[] = [];

async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kubesleuth-am-"));
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  const hookPort = (hook.address() as AddressInfo).port;
  await writeFile(join(dir, "am.yml"), [
    "route:",
    "  receiver: blackhole",
    "  group_by: [alertname, namespace]",
    "  group_wait: 0s",
    "  routes:",
    "    - receiver: kubesleuth",
    "      matchers: ['severity=~\"warning|critical\"']",
    "receivers:",
    "  - name: blackhole",
    "  - name: kubesleuth",
    "    webhook_configs:",
    `      - url: http://127.0.0.1:${hookPort}/`,
    "        send_resolved: true",
    "",
  ].join("\n"));
  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  am = spawn(AM, [`--config.file=${join(dir, "am.yml")}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${EXTERNAL}`, "--cluster.listen-address=", "--log.level=warn"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${amUrl}/-/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("alertmanager did not start");
}, 30_000);

afterAll(async () => {
  // Alertmanager writes its state snapshot while shutting down: wait for it to exit before removing its directory.
  if (am && am.exitCode === null) await new Promise((r) => { am!.once("exit", r); am!.kill("SIGTERM"); });
  await new Promise((r) => hook.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe("alertmanagerWebhook", () => {
  it("matches what the real Alertmanager posts for the same alert", async () => {
    // startsAt must be recent for Alertmanager to fire it: build the expected body at the real clock.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const live = new Cluster("am-fidelity", now.toISOString(), "prod-eu-west-1");
    baseline(live, { nodes: 1 });
    const ours = alertmanagerWebhook(live, { rule: "KubePodCrashLooping", labels: { container: "api", namespace: "payments", pod: "api-7d9f8b6c5d-x2x7k", reason: "CrashLoopBackOff", uid: "6dae7463-1260-44a4-948b-296b587fd0d4" }, startsAgo: 60 });
    const a = ours.alerts[0]!;
    const post = await fetch(`${amUrl}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, generatorURL: a.generatorURL }]) });
    expect(post.status).toBe(200);
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const theirs = received[0] as typeof ours;
    expect(theirs, "webhook received").toBeTruthy();
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(ours).sort());
    expect(Object.keys(theirs.alerts[0]!).sort()).toEqual(Object.keys(a).sort());
    expect(theirs.version).toBe("4");
    expect(theirs.groupKey).toBe(ours.groupKey);
    expect(theirs.groupLabels).toEqual(ours.groupLabels);
    expect(theirs.commonLabels).toEqual(ours.commonLabels);
    expect(theirs.commonAnnotations).toEqual(ours.commonAnnotations);
    expect(theirs.externalURL).toBe(ours.externalURL);
    expect(theirs.receiver).toBe(ours.receiver);
    expect(theirs.truncatedAlerts).toBe(0);
    expect(theirs.alerts[0]!.fingerprint).toBe(a.fingerprint);
    expect(theirs.alerts[0]!.endsAt).toBe(a.endsAt);
    expect(Date.parse(theirs.alerts[0]!.startsAt)).toBe(Date.parse(a.startsAt));
    expect(theirs.alerts[0]!.generatorURL).toBe(a.generatorURL);
  }, 30_000);
});
