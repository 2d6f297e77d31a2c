/** The real Prometheus Alertmanager (Debian prometheus-alertmanager) on loopback, for end-to-end tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "./support.js";

export const ALERTMANAGER = process.env.ALERTMANAGER_PATH ?? "/usr/bin/prometheus-alertmanager";

export interface AlertmanagerProcess {
  url: string;
  /** Everything it printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface WebhookReceiver {
  url: string;
  bearer: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export async function startAlertmanager(r: WebhookReceiver): Promise<AlertmanagerProcess> {
  const dir = await mkdtemp(join(tmpdir(), "ks-alertmanager-"));
  const config = {
    route: {
      receiver: "kubesleuth",
      group_by: r.groupBy ?? ["alertname", "namespace"],
      group_wait: r.groupWait ?? "1s",
      group_interval: r.groupInterval ?? "1s",
      repeat_interval: r.repeatInterval ?? "2s",
    },
    receivers: [{
      name: "kubesleuth",
      webhook_configs: [{ url: r.url, send_resolved: true, http_config: { authorization: { type: "Bearer", credentials: r.bearer } } }],
    }],
  };
  await writeFile(join(dir, "alertmanager.yml"), stringify(config), { mode: 0o600 });
  const port = await freePort();
  const child: ChildProcess = spawn(ALERTMANAGER, [
    `--config.file=${join(dir, "alertmanager.yml")}`,
    `--storage.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=",
    "--log.level=debug",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${out}`);
    const ready = await fetch(`${url}/-/ready`).then((x) => x.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`alertmanager did not become ready:\n${out}`);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POST /api/v2/alerts (what Prometheus does). */
export async function pushAlerts(amUrl: string, alerts: { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string; endsAt?: string; generatorURL?: string }[]): Promise<void> {
  const r = await fetch(`${amUrl}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alerts) });
  if (r.status !== 200) throw new Error(`alertmanager refused the alerts: ${r.status} ${await r.text()}`);
}
