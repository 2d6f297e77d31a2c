/**
 * The newest revision broke a previously healthy workload: failures (crashes, unready pods, error logs, the alert)
 * start after the newest revision was created, its pods are the failing ones, and an older revision ran fine.
 * Shows the template diff and rolls back to the previous revision.
 */
import type { EvidenceItem } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { crashDetail, crashes, errorLines, logItem, short, statusItem } from "./common.js";
import { humanDuration, isPodUnhealthy, lineTime } from "./kube.js";
import { changeText, podOnRevision, rolloutOf } from "./rollout.js";
import type { Analyzer } from "./types.js";

const WINDOW_MS = 6 * 3600_000;

export const badRollout: Analyzer = {
  name: "bad-rollout",
  categories: ["bad-rollout"],
  analyze(ctx) {
    const workload = ctx.targetWorkload();
    if (!workload || !["Deployment", "StatefulSet", "DaemonSet"].includes(workload.kind)) return [];
    const ro = rolloutOf(ctx, workload);
    if (!ro?.previous || !ro.newest.createdAt) return [];
    const rolledAt = new Date(ro.newest.createdAt).getTime();
    const alertAt = new Date(ctx.alert.startsAt).getTime();
    if (!(alertAt >= rolledAt && alertAt - rolledAt <= WINDOW_MS)) return [];
    const pods = ctx.podsOf(workload);
    const onNew = pods.filter((p) => podOnRevision(p, ro.newest));
    const onOld = pods.filter((p) => !podOnRevision(p, ro.newest));
    const badNew = onNew.filter(isPodUnhealthy);
    const badOld = onOld.filter(isPodUnhealthy);
    const crashed = crashes(ctx, badNew);
    const newErrors = errorLines(ctx.focusLogs().filter((l) => onNew.some((p) => p.metadata.name === l.pod)), (l) => {
      const t = lineTime(l);
      return /"level":"(error|fatal)"|level=(error|fatal)|\b(ERROR|FATAL|panic|Exception|Error:)\b/.test(l) && (!t || new Date(t).getTime() >= rolledAt);
    });
    const oldErrors = errorLines(ctx.focusLogs().filter((l) => onOld.some((p) => p.metadata.name === l.pod)), (l) => /"level":"(error|fatal)"|level=(error|fatal)|\b(ERROR|FATAL|panic)\b/.test(l));
    if (!badNew.length && !newErrors.length) return [];
    if (badOld.length > 0 && badNew.length === 0) return [];
    const evidence: EvidenceItem[] = [];
    const age = humanDuration(ctx.now.getTime() - rolledAt);
    evidence.push({
      source: ro.history.kubectl,
      detail: `revision ${ro.newest.revision} (${ro.newest.images.join(", ")}) was created ${age} ago, ${humanDuration(alertAt - rolledAt)} before the alert; revision ${ro.previous.revision} (${ro.previous.images.join(", ")}) ran before it${ro.previous.createdAt ? ` since ${ro.previous.createdAt}` : ""}`,
      type: "history",
      at: ro.newest.createdAt,
    });
    if (ro.changes.length) evidence.push({ source: tryCommand(() => k.rolloutHistory(workload, ro.newest.revision)) ?? ro.history.kubectl, detail: `template diff ${ro.previous.revision} → ${ro.newest.revision}: ${ro.changes.slice(0, 8).map(changeText).join("; ")}`, type: "diff" });
    for (const x of crashed.slice(0, 2)) evidence.push(statusItem(x.pod, crashDetail(x)));
    if (!crashed.length) for (const p of badNew.slice(0, 2)) evidence.push(statusItem(p, `pod ${p.metadata.name} of revision ${ro.newest.revision} is ${p.status?.phase}${isPodUnhealthy(p) ? ", not ready" : ""}`));
    const err = newErrors.find((e) => e.log.previous) ?? newErrors.at(-1);
    if (err) evidence.push(logItem(err.log, err.line));
    const direct = badNew.length > 0 && badOld.length === 0 && ro.changes.length > 0;
    const logsOnly = !badNew.length && newErrors.length > 0 && oldErrors.length === 0;
    return [{
      analyzer: "bad-rollout",
      category: "bad-rollout",
      culprit: workload,
      confidence: direct && crashed.length > 0 ? "high" : direct || logsOnly ? "medium" : "low",
      summary: `${workload.kind.toLowerCase()}/${workload.name} broke with revision ${ro.newest.revision} (${ro.newest.images.join(", ")}), rolled out ${age} ago: ${badNew.length ? `${badNew.length} of its pods are failing` : "its pods log errors since the rollout"}${err ? ` ("${short(err.line)}")` : ""}; revision ${ro.previous.revision} was healthy.${ro.changes.length ? ` Changed: ${ro.changes.slice(0, 3).map(changeText).join("; ")}.` : ""}`,
      evidence,
      remediation: [
        { description: `Roll back to revision ${ro.previous.revision}, the last healthy one.`, command: tryCommand(() => k.rolloutUndo(workload, ro.previous!.revision)), warning: "Pauses nothing: fix the new revision before rolling forward again." },
        { description: `Compare the two revisions.`, command: tryCommand(() => k.rolloutHistory(workload, ro.newest.revision)) },
      ],
      specificity: 0.6,
      changedAt: ro.newest.createdAt,
    }];
  },
};
