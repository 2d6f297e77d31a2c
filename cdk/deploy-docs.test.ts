/**
 * docs/deploy.md stays true: its Alertmanager receiver snippet is accepted by the real `amtool check-config`
 * (Alertmanager 0.25), and every context key it documents is one the stack reads.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { StackConfigSchema } from "./lib/config.js";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "deploy.md"), "utf8");

describe("docs/deploy.md", () => {
  it("the Alertmanager receiver snippet passes amtool check-config", async () => {
    const snippet = /```yaml\n(receivers:[\s\S]*?)```/.exec(doc)![1]!;
    const cfg = parse(snippet);
    const dir = mkdtempSync(join(tmpdir(), "ks-am-"));
    try {
      const tokenFile = join(dir, "token");
      writeFileSync(tokenFile, "t0ken");
      cfg.receivers[0].webhook_configs[0].http_config.authorization.credentials_file = tokenFile;
      // The snippet is merged into an existing config: give it the default receiver every config has.
      const full = { route: { receiver: "default", ...cfg.route }, receivers: [{ name: "default" }, ...cfg.receivers] };
      writeFileSync(join(dir, "am.yml"), stringify(full));
      const { stdout } = await promisify(execFile)("amtool", ["check-config", join(dir, "am.yml")]);
      expect(stdout).toMatch(/SUCCESS/);
      expect(stdout).toMatch(/2 receivers/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("documents only context keys the stack reads", () => {
    const keys = [...doc.matchAll(/\| `kubesleuth:([\w:]+)`/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(8);
    const known = new Set([...Object.keys(StackConfigSchema.shape), "model:fast", "model:strong", "model:check", "stackName", "bundle"]);
    for (const k of keys) expect(known.has(k), k).toBe(true);
  });
});
