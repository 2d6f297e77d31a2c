/**
 * The real `cdk synth` CLI, offline and without AWS credentials, with esbuild bundling (the assertion tests use
 * inline code for speed): the bundles exist, carry the rule file where configured, load and run.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

describe("cdk synth (real CLI, esbuild bundling, offline, no credentials)", () => {
  it("synthesizes the stack with bundled ESM handlers that load", async () => {
    const out = mkdtempSync(join(tmpdir(), "ks-cdk-"));
    try {
      const env = { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "kubesleuth-none", CDK_DEFAULT_ACCOUNT: "", AWS_EC2_METADATA_DISABLED: "true" };
      await promisify(execFile)("npx", ["cdk", "synth", "--quiet", "-o", out, "-c", "kubesleuth:clusters=prod", "-c", "kubesleuth:rulesFile=cloud/rules.sample.yaml"], { cwd: ROOT, env, timeout: 540_000 });
      const template = JSON.parse(readFileSync(join(out, "Kubesleuth.template.json"), "utf8"));
      expect(Object.values<any>(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function").length).toBeGreaterThanOrEqual(3);
      const assets = readdirSync(out).filter((d) => d.startsWith("asset."));
      expect(assets.length).toBeGreaterThanOrEqual(3);
      expect(assets.filter((a) => existsSync(join(out, a, "rules.yaml")))).toHaveLength(2);
      for (const a of assets) {
        expect(existsSync(join(out, a, "index.mjs"))).toBe(true);
        const mod = await import(join(out, a, "index.mjs"));
        expect(typeof mod.handler).toBe("function");
        // The bundle runs: without its environment it fails its config check with the typed error, not a crash.
        const outcome = await mod.handler({ Records: [] }).then((r: any) => JSON.stringify(r), (e: any) => `${e?.code}: ${e?.message}`);
        expect(outcome).toMatch(/CONFIG_INVALID/);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000); // one real synth with esbuild bundling: minutes on a loaded shared machine
});
