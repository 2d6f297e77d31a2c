/**
 * Kubernetes API emulator: serves a scenario's frozen cluster state through the real REST API (discovery, get,
 * list, watch, Table, PartialObjectMetadata, pods/log, metrics.k8s.io) so @kubernetes/client-node and the real
 * kubectl work against it unchanged. Read-only: every write verb is a 405.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject, PodLogs } from "../../shared/src/index.js";
import { loadScenario } from "../scenarios/loader.js";
import type { PolicyRule } from "./rbac.js";
import { RequestHandler, type EmulatorFault, type FaultFn, type Stats } from "./server.js";
import { withNodeLeases } from "./leases.js";
import { ObjectStore } from "./store.js";
import { emulatorTls } from "./tls.js";

export type { PolicyRule } from "./rbac.js";
export type { EmulatorFault } from "./server.js";

export const KUBECONFIG_CONTEXT = "kubesleuth-emulator";
const DEFAULT_USER = "system:serviceaccount:kubesleuth:kubesleuth-agent";

export interface EmulatorOptions {
  objects: KubeObject[];
  /** PodLogs fixtures keyed `namespace/pod` (test/scenarios/loader.ts). */
  logs?: Map<string, PodLogs>;
  /** Default 127.0.0.1, port 0 (random). */
  host?: string;
  port?: number;
  /** Bearer token required on every request; default random. */
  token?: string;
  /** When set, enforce: 403 Status for anything not allowed (discovery stays open, as on a real cluster). */
  rbacRules?: PolicyRule[];
  /** User named in 403 messages. */
  serviceAccount?: string;
  /** Fault injection per request (500s, timeouts, dropped connections, 403 mid-investigation). */
  fault?: FaultFn;
  /** The clock AGE columns and `sinceSeconds` are computed against (a scenario's `now`); default the real clock. */
  now?: string | Date;
}

export interface Emulator {
  /** https URL (kubectl only sends tokens over TLS); the certificate is self-signed: trust `ca`. */
  url: string;
  token: string;
  /** PEM of the self-signed certificate the server presents (also in the kubeconfig as certificate-authority-data). */
  ca: string;
  /** A kubeconfig (temp dir) pointing at url with the token, context "kubesleuth-emulator". */
  kubeconfigPath: string;
  stats(): Stats;
  resetStats(): void;
  setFault(fn: EmulatorOptions["fault"]): void;
  close(): Promise<void>;
}

function kubeconfigYaml(url: string, token: string, ca: string, verifiable: boolean): string {
  // JSON is valid YAML and needs no escaping rules of its own.
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{
      name: KUBECONFIG_CONTEXT,
      // The certificate names 127.0.0.1/::1/localhost only; other bind addresses cannot be verified.
      cluster: verifiable ? { server: url, "certificate-authority-data": Buffer.from(ca).toString("base64") } : { server: url, "insecure-skip-tls-verify": true },
    }],
    users: [{ name: KUBECONFIG_CONTEXT, user: { token } }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context: { cluster: KUBECONFIG_CONTEXT, user: KUBECONFIG_CONTEXT, namespace: "default" } }],
    "current-context": KUBECONFIG_CONTEXT,
    preferences: {},
  }, null, 2);
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const store = new ObjectStore(withNodeLeases(opts.objects));
  const token = opts.token ?? randomBytes(24).toString("hex");
  const fixedNow = opts.now === undefined ? undefined : new Date(opts.now).getTime();
  if (fixedNow !== undefined && Number.isNaN(fixedNow)) throw new TypeError(`emulator: invalid now ${String(opts.now)}`);
  const cfg = {
    store,
    logs: opts.logs ?? new Map<string, PodLogs>(),
    token,
    rbacRules: opts.rbacRules,
    user: opts.serviceAccount ?? DEFAULT_USER,
    now: fixedNow === undefined ? () => Date.now() : () => fixedNow,
    serverAddress: "",
    fault: opts.fault,
  };
  const handler = new RequestHandler(cfg);
  const tls = await emulatorTls();
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => void handler.handle(req, res));
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `https://${hostPart}:${addr.port}`;
  cfg.serverAddress = `${hostPart}:${addr.port}`;
  const dir = await mkdtemp(join(tmpdir(), "kubesleuth-emulator-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  await writeFile(kubeconfigPath, kubeconfigYaml(url, token, tls.cert, ["127.0.0.1", "::1", "localhost"].includes(host)), { mode: 0o600 });
  let closed: Promise<void> | undefined;
  return {
    url,
    token,
    ca: tls.cert,
    kubeconfigPath,
    stats: () => ({ ...handler.stats, byVerbAndResource: { ...handler.stats.byVerbAndResource } }),
    resetStats: () => handler.resetStats(),
    setFault: (fn) => {
      cfg.fault = fn;
    },
    close: () => {
      closed ??= (async () => {
        for (const w of handler.watches) w.end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/** Serve a scenario folder (cluster.yaml + PodLogs) at the scenario's clock. */
export async function startScenarioEmulator(dir: string, opts: Omit<EmulatorOptions, "objects" | "logs"> = {}): Promise<Emulator> {
  const scenario = await loadScenario(dir);
  return startEmulator({ now: scenario.meta.now, ...opts, objects: scenario.objects, logs: scenario.logs });
}

export type { EmulatorFault as Fault };
export type { Stats as EmulatorStats };
