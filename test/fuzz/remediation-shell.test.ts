/**
 * Label values with shell metacharacters, all the way from the cluster into the report: the selector-typo
 * scenario's pods get a hostile `app` label value (and the alert hostile label values), the real agent reads
 * them from the emulator, the engine builds the report. Every remediation command must (1) pass the strict
 * shell-words checker, and (2) when really run by /bin/sh with a recording `kubectl` on PATH, create no file
 * (every payload tries to) and pass exactly the checker's words. A patch command, when offered, must carry the
 * hostile value unchanged (the intended patch, not an injection).
 */
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject, Report } from "../../shared/src/index.js";
import { runInvestigation } from "../../cloud/src/core/engine/index.js";
import { normalizeWebhook } from "../../cloud/src/core/normalize/index.js";
import { inProcessAgentGateway } from "../../cloud/src/local/gateways.js";
import { startEmulator } from "../emulator/index.js";
import { SCENARIOS_DIR, loadScenario, type Scenario } from "../scenarios/loader.js";
import { shellWords } from "./shell-words.js";

const DIR = join(SCENARIOS_DIR, "catalog-service-selector-typo");
const POD_VALUE = "catalogue-api";
let scenario: Scenario;
let sandbox: string;
let binDir: string;
let runDir: string;

beforeAll(async () => {
  scenario = await loadScenario(DIR);
  sandbox = await mkdtemp(join(tmpdir(), "kubesleuth-shell-"));
  binDir = join(sandbox, "bin");
  runDir = join(sandbox, "run");
  await execFileP("mkdir", ["-p", binDir, runDir]);
  // The recording kubectl: prints its arguments NUL-separated, touches nothing.
  await writeFile(join(binDir, "kubectl"), "#!/bin/sh\nprintf '%s\\0' \"$@\"\n");
  await chmod(join(binDir, "kubectl"), 0o755);
});
afterAll(async () => {
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

function execFileP(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => execFile(cmd, args, { ...opts, timeout: 10_000 }, (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out))));
}

/** Replace the pods' `app` label value (labels, selectors, templates) everywhere it appears. */
function withHostileLabel(objects: KubeObject[], value: string): KubeObject[] {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = k === "app" && x === POD_VALUE ? value : walk(x);
      return out;
    }
    return v;
  };
  return objects.map((o) => walk(o) as KubeObject);
}

async function investigateWith(value: string): Promise<Report> {
  const emu = await startEmulator({ objects: withHostileLabel(scenario.objects, value), logs: scenario.logs, now: scenario.meta.now });
  try {
    const body = structuredClone(scenario.alertBody) as { alerts: { labels: Record<string, string>; annotations: Record<string, string> }[] };
    for (const a of body.alerts) {
      a.labels.team = value;
      a.annotations.summary = `selector ${value}`;
    }
    const alert = normalizeWebhook(scenario.meta.alertSource, body, { clusterLabel: "cluster", defaultCluster: "x", receivedAt: scenario.meta.now }).alerts[0]!;
    const gateway = await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId: alert.cluster });
    return await runInvestigation(alert, { investigationId: "shell" }, { gateway, clock: { now: () => new Date(scenario.meta.now) } });
  } finally {
    await emu.close();
  }
}

/** Label values present on the (modified) cluster's objects. */
function labelValues(value: string): Set<string> {
  const out = new Set<string>();
  for (const o of withHostileLabel(scenario.objects, value)) for (const v of Object.values(o.metadata.labels ?? {})) out.add(v);
  return out;
}

/** Check every command of a report; returns how many patch commands carried the hostile value itself. */
async function checkCommands(report: Report, value: string): Promise<number> {
  let patches = 0;
  const present = labelValues(value);
  for (const r of report.remediation) {
    if (!r.command) continue;
    const words = shellWords(r.command);
    expect(words[0]).toBe("kubectl");
    const out = await execFileP("/bin/sh", ["-c", r.command], { cwd: runDir, env: { PATH: `${binDir}:/usr/bin:/bin`, HOME: runDir } });
    expect(await readdir(runDir), `running ${r.command} created files`).toEqual([]);
    expect(out.split("\0").slice(0, -1)).toEqual(words.slice(1));
    const p = words.indexOf("-p");
    if (p > 0) {
      const patch = JSON.parse(words[p + 1]!) as { spec?: { selector?: Record<string, string> } };
      // The patch points the selector at label values that exist (the hostile one or another near miss), verbatim.
      for (const v of Object.values(patch.spec?.selector ?? {})) expect(present.has(v), `patch value ${JSON.stringify(v)}`).toBe(true);
      if (Object.values(patch.spec?.selector ?? {}).includes(value)) patches++;
    }
  }
  return patches;
}

// Each payload would create a file named p in the working directory if the shell interpreted it.
const PAYLOADS = [
  "catalog-ap$(>p)", "catalog-ap`>p`", "catalog-a';>p;'", "catalog-a\">p\"", "catalog-ap\\'>p", "catalog-api;>p", "catalog-api|>p",
  "catalog-api&>p", "catalog-api\n>p", "catalog-api${IFS}>p", "catalog-api'\"'\"'>p", "catalog-ap'$'\\x3e'p", "catalog-api >p #",
];

describe("remediation commands stay safe to paste with hostile label values", () => {
  it("the unmodified scenario offers a selector patch (the check below is not vacuous)", async () => {
    const r = await investigateWith(POD_VALUE);
    expect(await checkCommands(r, POD_VALUE)).toBe(1);
  });

  it("hand-picked injection payloads", async () => {
    let patches = 0;
    for (const v of PAYLOADS) {
      const r = await investigateWith(v);
      patches += await checkCommands(r, v);
      // The hostile alert labels and summary stay text in the report (never a target or a command).
      expect(JSON.stringify(r.remediation)).not.toContain(`selector ${v}`);
    }
    console.log(`[remediation-shell] ${patches} of ${PAYLOADS.length} payloads produced a selector patch carrying the hostile value; every command safe`);
  });

  it("random metacharacter suffixes on a near-miss value", async () => {
    const meta = fc.constantFrom(..."'\"`$;|&<>()\\ \n\t*?[]{}#~!%^=,:@".split(""));
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(meta, fc.constantFrom("p", "x", "-")), { minLength: 1, maxLength: 4 }).map((a) => `catalog-api${a.join("")}`), async (v) => {
      await checkCommands(await investigateWith(v), v);
    }), { numRuns: 15 });
  });
});
