import { describe, expect, it } from "vitest";
import { contextOf, deployment, event, log, pod, refOf } from "../../../../test/fakes/k8s.js";
import { appCrash } from "./app-crash.js";

const d = deployment("ledger", "ledger-writer", [{ name: "writer" }]);
describe("app-crash", () => {
  it("quotes the panic of a crashing container", () => {
    const p = pod(d, "a", [{ name: "writer", ready: false, restartCount: 9, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 2, reason: "Error" } } }]);
    const [c] = appCrash.analyze(contextOf({ objects: [d, p], target: refOf(p), logs: [log(p, "writer", "2026-11-20T02:50:00Z starting\n2026-11-20T02:50:01Z panic: runtime error: invalid memory address or nil pointer dereference", true)] }));
    expect(c).toMatchObject({ category: "app-crash", culprit: { kind: "Deployment", name: "ledger-writer" }, confidence: "medium" });
    expect(c!.summary).toContain("panic: runtime error");
  });
  it("leaves containers the kubelet killed for a failing probe to probe-failure (decoy: exit 143)", () => {
    const p = pod(d, "b", [{ name: "writer", ready: false, restartCount: 3, lastState: { terminated: { exitCode: 143, reason: "Error" } } }]);
    const ev = event(p, "Killing", "Container writer failed liveness probe, will be restarted", { type: "Normal" });
    expect(appCrash.analyze(contextOf({ objects: [d, p], target: refOf(p), events: [ev] }))).toEqual([]);
  });
});
