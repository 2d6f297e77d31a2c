/** The application itself fails (non-zero exit, panic, exception) with no config or rollout cause found. */
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { crashDetail, crashes, lastError, logItem, short, statusItem } from "./common.js";
import type { Analyzer } from "./types.js";

export const appCrash: Analyzer = {
  name: "app-crash",
  categories: ["app-crash"],
  analyze(ctx) {
    let xs = crashes(ctx).filter((x) => x.reason !== "OOMKilled" && x.exitCode !== 137 && !x.c.init || (x.c.init && x.exitCode !== 0));
    // Containers the kubelet killed for failing a probe did not crash on their own (probe-failure covers them).
    const probeKilled = (pod: any) => ctx.events().some((e) => e.involvedObject.name === pod.metadata.name && /failed (liveness|startup) probe, will be restarted/.test(e.message));
    xs = xs.filter((x) => !probeKilled(x.pod));
    if (!xs.length) return [];
    const x = xs.sort((a, b) => b.restarts - a.restarts)[0]!;
    const workload = ctx.topOwner(x.pod);
    const logs = ctx.logsOf(x.pod, x.c.name);
    const err = lastError(logs);
    const evidence = [statusItem(x.pod, crashDetail(x))];
    if (err) evidence.push(logItem(err.log, err.line));
    const prev = tryCommand(() => k.logs(x.pod.metadata.namespace!, x.pod.metadata.name, x.c.name, true));
    return [{
      analyzer: "app-crash",
      category: "app-crash",
      culprit: workload,
      confidence: err ? "medium" : "low",
      summary: `${x.c.name} in ${workload.kind.toLowerCase()}/${workload.name} crashes${x.exitCode !== undefined ? ` with exit code ${x.exitCode}` : ""}${err ? `: "${short(err.line)}"` : " (no error in its logs)"}.`,
      evidence,
      remediation: [
        { description: "Read the log of the crashed container.", command: prev },
        { description: "Fix the application error (or roll back to a version without it); nothing in its config or rollout history explains the crash.", needsJudgment: true },
      ],
      specificity: 0.3,
    }];
  },
};
