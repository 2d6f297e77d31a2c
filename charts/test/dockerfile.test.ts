/**
 * The agent image recipe without Docker: structure checks on cluster-agent/Dockerfile, and the exact esbuild
 * bundling step it runs, executed here, producing a bundle Node.js accepts (when the agent's entry exists).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const dockerfile = readFileSync(join(ROOT, "cluster-agent", "Dockerfile"), "utf8");
const stages = dockerfile.split(/^FROM /m).slice(1).map((s) => "FROM " + s);

describe("cluster-agent/Dockerfile", () => {
  it("is multi-stage: Node.js 22 build, distroless Node.js 22 runtime as non-root with a health check", () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM node:22[-\w.]* AS build/);
    expect(stages[1]).toMatch(/^FROM gcr\.io\/distroless\/nodejs22-[\w.-]+:nonroot/);
    expect(stages[1]).toMatch(/^USER 65532:65532$/m);
    expect(stages[1]).toMatch(/^HEALTHCHECK /m);
    expect(stages[1]).not.toMatch(/npm|node_modules|^RUN /m); // nothing installed or run in the runtime image
    expect(stages[0]).toMatch(/npm ci --ignore-scripts/);
  });

  it("uses the runtime's health port default that the chart probes", () => {
    const values = readFileSync(join(ROOT, "charts", "kubesleuth-agent", "values.yaml"), "utf8");
    const port = /healthPort: (\d+)/.exec(values)![1];
    expect(dockerfile).toContain(`KUBESLEUTH_HEALTH_PORT=${port}`);
  });

  it.skipIf(!existsSync(join(ROOT, "cluster-agent", "src", "main.ts")))("its esbuild step bundles the agent into one ESM file Node.js accepts", async () => {
    const run = /npx (esbuild cluster-agent\/src\/main\.ts[\s\S]*?)--outfile=\/out\/agent\.mjs/.exec(dockerfile)![1]!;
    const args = run.replace(/\\\n/g, " ").trim().split(/\s+(?=--)/).flatMap((a, i) => (i === 0 ? a.split(/\s+/) : [a.replace(/^(--banner:js=)"(.*)"$/, "$1$2")]));
    const out = mkdtempSync(join(tmpdir(), "ks-agent-bundle-"));
    try {
      await promisify(execFile)("npx", [...args, `--outfile=${join(out, "agent.mjs")}`], { cwd: ROOT, timeout: 60_000 });
      await promisify(execFile)(process.execPath, ["--check", join(out, "agent.mjs")]);
      // Run it as the image would (CMD /app/agent.mjs): without its configuration it must refuse to start, loudly.
      const run = await promisify(execFile)(process.execPath, [join(out, "agent.mjs")], { env: { PATH: process.env.PATH }, timeout: 20_000 }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }), (e: any) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }));
      expect(run.code).not.toBe(0);
      expect(run.out).toMatch(/KUBESLEUTH_CLUSTER_ID|CONFIG_INVALID|configuration/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
