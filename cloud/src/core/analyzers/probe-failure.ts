/** A liveness/readiness/startup probe is wrong (port, path, timeout) while the app itself is healthy. */
import type { EvidenceItem, Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { errorLines, eventItem, specItem } from "./common.js";
import { hostsIn } from "./hosts.js";
import { lineTime, lines, refOf } from "./kube.js";
import type { Analyzer } from "./types.js";

const PROBE_RE = /^(Liveness|Readiness|Startup) probe failed: (.*)$|^Container (\S+) failed (liveness|startup) probe/s;

export const probeFailure: Analyzer = {
  name: "probe-failure",
  categories: ["probe-failure"],
  analyze(ctx) {
    const pods = ctx.focusPods();
    const evs = pods.flatMap((p) => ctx.eventsFor(refOf(p)).filter((e) => PROBE_RE.test(e.message)).map((e) => ({ p, e })));
    if (!evs.length) return [];
    const { p, e } = evs.find((x) => /^(Liveness|Startup)/.test(x.e.message)) ?? evs[0]!;
    const kind = (/^(Liveness|Readiness|Startup)/.exec(e.message)?.[1] ?? /failed (liveness|startup)/.exec(e.message)?.[1] ?? "Liveness").toLowerCase();
    const probeKey = `${kind}Probe`;
    const containerName = /^spec\.containers\{([^}]+)\}/.exec(e.involvedObject.fieldPath ?? "")?.[1];
    const cs: any[] = p.spec?.containers ?? [];
    const ci = Math.max(0, cs.findIndex((c) => (containerName ? c.name === containerName : !!c[probeKey])));
    const c = cs[ci];
    const probe = c?.[probeKey];
    if (!c || !probe) return [];
    const workload = ctx.topOwner(p);
    const ports: any[] = c.ports ?? [];
    const evidence: EvidenceItem[] = [eventItem(e)];
    const remediation: Remediation[] = [];
    const issues: string[] = [];
    const h = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
    const pport = h?.port;
    const portOk = pport === undefined || !ports.length || (typeof pport === "number" ? ports.some((x) => x.containerPort === pport) : ports.some((x) => x.name === pport));
    const base = `/spec/template/spec/containers/${ci}/${probeKey}`;
    if (!portOk) {
      const right = ports.find((x) => x.name && /http|health|metrics/.test(x.name)) ?? ports[0];
      issues.push(`the ${kind} probe checks port ${pport}, but ${c.name} listens on ${ports.map((x) => `${x.containerPort}${x.name ? `/${x.name}` : ""}`).join(", ")}`);
      const kindKey = probe.httpGet ? "httpGet" : probe.tcpSocket ? "tcpSocket" : "grpc";
      remediation.push({ description: `Point the ${kind} probe of ${c.name} at port ${right.containerPort}.`, command: tryCommand(() => k.patchJson(workload, [{ op: "replace", path: `${base}/${kindKey}/port`, value: right.containerPort }])), needsJudgment: ports.length > 1 });
    } else if (/statuscode: 404/.test(e.message) && probe.httpGet) {
      issues.push(`the ${kind} probe path ${probe.httpGet.path} answers 404`);
      remediation.push({ description: `Point the ${kind} probe at the app's real health endpoint (${probe.httpGet.path} does not exist).`, needsJudgment: true });
    } else if (/context deadline exceeded|timeout/i.test(e.message)) {
      issues.push(`the ${kind} probe times out after ${probe.timeoutSeconds ?? 1}s`);
      const next = Math.max(5, (probe.timeoutSeconds ?? 1) * 5);
      remediation.push({ description: `Give the ${kind} probe more time (timeoutSeconds ${probe.timeoutSeconds ?? 1} → ${next}) if the endpoint is slow but healthy.`, command: tryCommand(() => k.patchJson(workload, [{ op: probe.timeoutSeconds === undefined ? "add" : "replace", path: `${base}/timeoutSeconds`, value: next }])), needsJudgment: true });
    }
    // Killed by the probe while the log shows a clean, still-running start: the probe's budget is too short.
    const killedByProbe = ctx.eventsFor(refOf(p)).some((x) => /failed (liveness|startup) probe, will be restarted/.test(x.message));
    const budget = (probe.initialDelaySeconds ?? 0) + (probe.failureThreshold ?? 3) * (probe.periodSeconds ?? 10);
    const runSecs = Math.max(0, ...ctx.logsOf(p, c.name).map((l) => {
      const ts = lines(l.text).map(lineTime).filter((t): t is string => !!t).map((t) => new Date(t).getTime());
      return ts.length > 1 ? (Math.max(...ts) - Math.min(...ts)) / 1000 : 0;
    }));
    const cleanLogs = errorLines(ctx.logsOf(p, c.name)).length === 0;
    if (!issues.length && killedByProbe && cleanLogs && kind !== "readiness" && runSecs >= budget * 0.8) {
      const period = probe.periodSeconds ?? 10;
      const next = Math.ceil(Math.max(runSecs * 3, 120) / period);
      issues.push(`the ${kind} probe gives the app ${budget} s (failureThreshold ${probe.failureThreshold ?? 3} × periodSeconds ${period}${probe.initialDelaySeconds ? ` + initialDelaySeconds ${probe.initialDelaySeconds}` : ""}), but the app was still starting normally after ${Math.round(runSecs)} s when it was killed`);
      remediation.push({ description: `Give ${c.name} time to start: failureThreshold ${probe.failureThreshold ?? 3} → ${next} (${next * period} s).`, command: tryCommand(() => k.patchJson(workload, [{ op: probe.failureThreshold === undefined ? "add" : "replace", path: `${base}/failureThreshold`, value: next }])) });
    }
    evidence.push(specItem(workload, `${c.name} ${probeKey}: ${JSON.stringify(probe)}; container ports ${ports.map((x) => `${x.containerPort}${x.name ? `/${x.name}` : ""}`).join(", ") || "none declared"}`));
    // The app's own log: healthy (no errors, or requests served) makes the probe the suspect.
    const logs = ctx.logsOf(p, c.name);
    const errs = errorLines(logs);
    const depErrs = errs.filter((x) => hostsIn(x.line).length > 0);
    if (logs.length) evidence.push({ source: logs[0]!.kubectl, detail: errs.length ? `${errs.length} error line(s) in the app log` : `the app log shows no errors: the process itself is healthy`, type: "log" });
    if (depErrs.length) return [];
    remediation.push({ description: "Check the probe events and container state.", command: tryCommand(() => k.describe(refOf(p))) });
    return [{
      analyzer: "probe-failure",
      category: "probe-failure",
      culprit: workload,
      confidence: !portOk && !errs.length ? "high" : issues.length ? "medium" : "low",
      summary: `The ${kind} probe of ${c.name} in ${workload.kind.toLowerCase()}/${workload.name} fails (${e.message.slice(0, 160)})${issues.length ? `: ${issues.join("; ")}` : ""}${errs.length ? "" : ", while the app log is healthy"}.`,
      evidence,
      remediation,
      specificity: issues.length ? 0.85 : 0.4,
    }];
  },
};
