/**
 * The portal in headless Chromium against a real demo run (emulator + local server + in-process agent):
 * list, detail with the topology picture and the culprit highlighted, copy buttons, feedback stored, stats,
 * and no script execution from hostile alert labels.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS_DIR } from "../scenarios/loader.js";
import { runDemo, type DemoRun } from "../../cloud/src/local/demo.js";
import { makeStyle } from "../../cloud/src/local/terminal.js";
import { launchChromium, type Browser } from "./support.js";

let run: DemoRun;
let browser: Browser;
let shots: string;
const XSS = `<img src=x onerror="window.__xss=1">"'><script>window.__xss=2</script>`;

beforeAll(async () => {
  shots = await mkdtemp(join(tmpdir(), "ks-portal-shots-"));
  run = await runDemo({ scenarioDir: join(SCENARIOS_DIR, "payments-oom"), style: makeStyle(false), write: () => {} });
  // A hostile alert on another target: its alertname and labels must render as text.
  const body = structuredClone(run.scenario.alertBody) as any;
  body.alerts[0].labels.alertname = XSS;
  body.alerts[0].labels.namespace = "checkout";
  body.alerts[0].labels.pod = "web-0";
  body.alerts[0].annotations.summary = XSS;
  body.alerts[0].fingerprint = "feedfacefeedface";
  body.groupKey = `{}:{alertname="x"}`;
  const r = await fetch(`${run.app.url}/alerts/alertmanager`, { method: "POST", headers: { authorization: `Bearer ${run.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(r.status).toBe(202);
  await run.app.idle();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await run?.close();
});

describe("portal in headless Chromium", () => {
  it("lists the investigation with status, category, confidence and time to diagnosis", async () => {
    const page = await browser.context.newPage();
    await page.goto(run.app.server.loginLink("/"));
    const row = page.locator(`#investigations tr[data-id="${run.record.id}"]`);
    await expect(row.count()).resolves.toBe(1);
    const text = await row.innerText();
    expect(text).toContain("KubePodCrashLooping");
    expect(text).toContain(run.report!.rootCause.category);
    expect(text).toContain(run.report!.rootCause.confidence);
    expect(text).toMatch(/\d+(\.\d+)? (ms|s)/);
    // The hostile alert shows as literal text and ran nothing.
    expect(await page.locator("#investigations").innerText()).toContain(`<img src=x onerror="window.__xss=1">`);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    await page.screenshot({ path: join(shots, "list.png"), fullPage: true });
    await page.close();
  });

  it("detail page: topology SVG with the culprit highlighted, evidence, copy button, feedback stored", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: run.app.url });
    const page = await browser.context.newPage();
    await page.goto(run.app.server.loginLink(`/investigations/${run.record.id}`));
    const culprit = run.report!.rootCause.resource!;
    const culpritId = `${culprit.kind}/${culprit.namespace ?? ""}/${culprit.name}`;
    const node = page.locator(`svg.topology g.node.culprit`);
    expect(await node.count()).toBe(1);
    expect(await node.getAttribute("data-id")).toBe(culpritId);
    // The culprit is drawn in red (the stylesheet applied, not just a class name).
    const stroke = await node.locator("rect").evaluate((el) => getComputedStyle(el).stroke);
    expect(stroke).toBe("rgb(198, 40, 40)");
    expect(await page.locator("svg.topology g.node").count()).toBeGreaterThan(3);
    expect(await page.locator("svg.topology g.edge").count()).toBeGreaterThan(2);
    expect(await page.locator("#category").innerText()).toBe(run.report!.rootCause.category);
    expect(await page.locator("#evidence tbody tr").count()).toBe(run.report!.evidence.length);

    const firstCmd = run.report!.remediation.find((m) => m.command)!.command!;
    await page.locator("#remediation button[data-copy]").first().click();
    await page.waitForFunction(() => document.querySelector("#remediation button[data-copy]")?.textContent === "Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstCmd);
    await page.screenshot({ path: join(shots, "detail.png"), fullPage: true });

    await page.locator("form.feedback textarea[name=note]").fill("limit was lowered in the last release");
    await page.locator("form.feedback button[value=partly]").click();
    await page.waitForSelector(".fb-status.notice");
    const stored = await run.app.store.listFeedback({});
    expect(stored).toEqual([expect.objectContaining({ investigationId: run.record.id, verdict: "partly", note: "limit was lowered in the last release", category: run.report!.rootCause.category })]);
    expect((await run.app.store.getInvestigation(run.record.id))!.feedback).toHaveLength(1);
    await page.close();
  });

  it("stats page shows accuracy by category from the feedback and investigations per day", async () => {
    const page = await browser.context.newPage();
    await page.goto(run.app.server.loginLink("/stats"));
    const row = page.locator("#accuracy tbody tr", { hasText: run.report!.rootCause.category });
    const cells = await row.locator("td").allInnerTexts();
    expect(cells).toEqual([run.report!.rootCause.category, "1", "0", "1", "0", "50%"]);
    const day = run.record.createdAt.slice(0, 10);
    expect(await page.locator("#per-day tr", { hasText: day }).locator("td").nth(1).innerText()).toBe("2");
    // Bars are drawn to scale: the busiest day full width, an empty day has no visible bar.
    const barWidth = (d: string) => page.locator("#per-day tr", { hasText: d }).locator("svg.day-bar").evaluate((el) => el.querySelector("rect")!.getBoundingClientRect().width);
    expect(await barWidth(day)).toBeGreaterThan(200);
    const empty = (await page.locator("#per-day tr").allInnerTexts()).find((t) => /\t0$|\s0\s*$/.test(t))!.split(/\s/)[0]!;
    expect(await barWidth(empty)).toBe(0);
    expect(await page.locator("#per-day tr", { hasText: empty }).locator("svg.day-bar").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgba(0, 0, 0, 0)");
    await page.screenshot({ path: join(shots, "stats.png"), fullPage: true });
    await page.close();
    console.log(`portal screenshots: ${shots}`);
  });

  it("without a session the portal asks to sign in", async () => {
    const ctx = await browser.context.browser()?.newContext();
    const page = ctx ? await ctx.newPage() : await browser.context.newPage();
    await browser.context.clearCookies();
    await page.goto(`${run.app.url}/investigations/${run.record.id}`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator("svg.topology").count()).toBe(0);
    await page.close();
  });
});
