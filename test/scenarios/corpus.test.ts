import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_IDS, type Category } from "../../shared/src/index.js";
import { checkScenario, type CheckInput } from "./factory/check.js";
import { listScenarioDirs, loadExpected, loadScenario } from "./loader.js";
import { SRC_DIR, buildScenario } from "./src/build.js";

/** The whole corpus (every folder with a scenario.yaml, whoever wrote it) is valid and self-consistent. */
const dirs = await listScenarioDirs();
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "kubesleuth-corpus-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function load(dir: string): Promise<CheckInput> {
  const s = await loadScenario(dir);
  return { meta: s.meta, objects: s.objects, logs: s.logs, alertBody: s.alertBody, expected: await loadExpected(dir) };
}

describe.each(dirs.map((d) => [basename(d), d]))("scenario %s", (name, dir) => {
  it("loads, and its cluster, alert and ground truth are consistent", async () => {
    const s = await load(dir);
    expect(s.meta.name).toBe(name);
    expect(checkScenario(s)).toEqual([]);
  });

  it("is exactly what src/<name>.ts builds (no hand edits, deterministic)", async () => {
    expect(existsSync(join(SRC_DIR, `${name}.ts`)), `src/${name}.ts`).toBe(true);
    await buildScenario(name, tmp);
    for (const file of ["scenario.yaml", "cluster.yaml", "alert.json", "expected.yaml"]) {
      expect(await readFile(join(tmp, name, file), "utf8"), `${name}/${file}`).toBe(await readFile(join(dir, file), "utf8"));
    }
  });
});

describe("corpus", () => {
  it("has at least 35 scenarios covering every category of the taxonomy", async () => {
    expect(dirs.length).toBeGreaterThanOrEqual(35);
    const covered = new Set<Category>();
    for (const d of dirs) for (const c of ([] as Category[]).concat((await loadExpected(d)).category)) covered.add(c);
    expect(CATEGORY_IDS.filter((c) => !covered.has(c))).toEqual([]);
  });

  it("every source in src/ has its folder", async () => {
    const sources = (await readdir(SRC_DIR)).filter((f) => f.endsWith(".ts") && f !== "build.ts" && !f.startsWith("_")).map((f) => f.slice(0, -3));
    expect(sources.filter((n) => !dirs.some((d) => basename(d) === n))).toEqual([]);
  });
});

describe("checkScenario catches broken scenarios", () => {
  const base = async () => load(dirs.find((d) => basename(d) === "payments-oom")!);
  const pods = (s: CheckInput) => s.objects.filter((o) => o.kind === "Pod");

  it("accepts the intact scenario", async () => {
    expect(checkScenario(await base())).toEqual([]);
  });

  it("reports an ownerReference whose uid does not resolve", async () => {
    const s = await base();
    pods(s)[0]!.metadata.ownerReferences![0]!.uid = "00000000-0000-4000-8000-000000000000";
    expect(checkScenario(s).join("\n")).toMatch(/owner ReplicaSet\/.* uid 00000000/);
  });

  it("reports an Event about an object that does not exist", async () => {
    const s = await base();
    const ev = s.objects.find((o) => o.kind === "Event")!;
    ev.involvedObject.name = "ghost-pod";
    expect(checkScenario(s).join("\n")).toMatch(/involvedObject .*ghost-pod does not exist/);
  });

  it("reports a timestamp after now, in objects and in logs", async () => {
    const s = await base();
    pods(s)[0]!.status.startTime = "2099-01-01T00:00:00Z";
    const [k, l] = [...s.logs][0]!;
    const container = Object.keys(l.containers)[0]!;
    l.containers[container] = { current: "2099-01-01T00:00:00.000Z started\n" };
    const problems = checkScenario(s).join("\n");
    expect(problems).toMatch(/status\.startTime = 2099-01-01T00:00:00Z is after now/);
    expect(problems).toContain(`PodLogs ${k}/${container}: line at 2099-01-01T00:00:00.000Z is after now`);
  });

  it("reports a culprit missing from cluster.yaml, and a mustMention the evidence cannot support", async () => {
    const s = await base();
    s.expected = { ...s.expected, culprit: { kind: "Deployment", namespace: "payments", name: "payments-apii" }, mustMention: ["137", "512Mi"] };
    const problems = checkScenario(s).join("\n");
    expect(problems).toMatch(/expected resource Deployment\/payments\/payments-apii does not exist/);
    expect(problems).toContain('mustMention "512Mi" appears nowhere in cluster.yaml');
    expect(problems).not.toContain('mustMention "137"');
  });

  it("reports an alert body that is not a v4 webhook, or names a missing pod", async () => {
    const s = await base();
    const body = structuredClone(s.alertBody) as any;
    delete body.groupKey;
    body.alerts[0].fingerprint = "xyz";
    expect(checkScenario({ ...s, alertBody: body }).join("\n")).toMatch(/not an Alertmanager v4 webhook: .*groupKey.*fingerprint|not an Alertmanager v4 webhook: .*fingerprint.*groupKey/s);
    const body2 = structuredClone(s.alertBody) as any;
    body2.alerts[0].labels.pod = "payments-api-0000000000-zzzzz";
    body2.commonLabels.pod = "payments-api-0000000000-zzzzz";
    expect(checkScenario({ ...s, alertBody: body2 })).toContain("alert label pod=payments-api-0000000000-zzzzz names no Pod in namespace payments");
  });

  it("reports annotations that give the answer away and Endpoints pointing at the wrong IP", async () => {
    const s = await base();
    const body = structuredClone(s.alertBody) as any;
    body.alerts[0].annotations.description = "payments-api is oom-killed";
    const ep = s.objects.find((o) => o.kind === "Endpoints" && o.subsets?.[0]?.addresses)!;
    ep.subsets[0].addresses[0].ip = "192.0.2.1";
    const problems = checkScenario({ ...s, alertBody: body }).join("\n");
    expect(problems).toContain("alert annotations state the answer (oom-killed)");
    expect(problems).toMatch(/address 192\.0\.2\.1 != pod IP/);
  });

  it("reports a pod its owner's selector does not match and a Deployment revision that is not the newest", async () => {
    const s = await base();
    const p = pods(s).find((x) => x.metadata.labels?.["pod-template-hash"])!;
    p.metadata.labels!["pod-template-hash"] = "zzzzzzzzzz";
    const d = s.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "payments-api")!;
    d.metadata.annotations!["deployment.kubernetes.io/revision"] = "3";
    const problems = checkScenario(s).join("\n");
    expect(problems).toMatch(/labels do not match the selector of its owner ReplicaSet/);
    expect(problems).toMatch(/Deployment\/payments\/payments-api: revision 3 is not its newest ReplicaSet's \(11\)/);
  });
});
