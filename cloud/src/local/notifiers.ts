/** Notifier plumbing of local mode: fan-out to several notifiers, each failure logged and contained. */
import { isKubesleuthError, type Report, type StageStatus } from "../../../shared/src/index.js";
import type { InvestigationRecord, Notifier } from "../core/ports.js";
import type { Logger } from "./logger.js";
import { StageProgressPrinter, type Style } from "./terminal.js";

export function fanoutNotifier(notifiers: Notifier[], logger: Logger): Notifier {
  const each = async <T>(what: string, fn: (n: Notifier) => Promise<T>): Promise<T[]> => {
    const out = await Promise.allSettled(notifiers.map(fn));
    const values: T[] = [];
    out.forEach((r) => {
      if (r.status === "fulfilled") values.push(r.value);
      else logger.warn(`notifier ${what} failed`, { error: r.reason });
    });
    return values;
  };
  return {
    // The first notifier that says where it posted (Slack) wins: that is what later updates edit.
    started: async (inv) => (await each("started", (n) => n.started(inv))).find((x) => x !== undefined),
    progress: async (inv, stages) => void (await each("progress", (n) => n.progress(inv, stages))),
    // A failed Slack delivery must reach the runner (deliveryPending → re-sent on the next start); the others are logged.
    completed: async (inv, report) => {
      const out = await Promise.allSettled(notifiers.map((n) => n.completed(inv, report)));
      const failed = out.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      failed.forEach((r) => logger.warn("notifier completed failed", { error: r.reason }));
      const delivery = failed.find((r) => isKubesleuthError(r.reason) && r.reason.code === "NOTIFIER_ERROR");
      if (delivery) throw delivery.reason;
    },
    resolved: async (inv) => void (await each("resolved", (n) => n.resolved(inv))),
  };
}

/** Logs each investigation's life cycle as structured lines. */
export function logNotifier(logger: Logger): Notifier {
  return {
    started: async (inv) => {
      logger.info("investigation started", { investigationId: inv.id, alertname: inv.alertname, target: inv.alert.target });
      return undefined;
    },
    progress: async () => {},
    completed: async (inv: InvestigationRecord, r: Report) =>
      logger.info("investigation finished", {
        investigationId: inv.id, status: r.status, category: r.rootCause.category, confidence: r.rootCause.confidence,
        culprit: r.rootCause.resource, durationMs: r.timing.durationMs, apiRequests: r.apiRequests, failures: r.failures,
      }),
    resolved: async (inv) => logger.info("investigation closed: alert resolved", { investigationId: inv.id }),
  };
}

/** Per-stage progress lines in the terminal (the demo, `serve` in a terminal). */
export function terminalNotifier(write: (line: string) => void, style: Style): Notifier {
  const printers = new Map<string, StageProgressPrinter>();
  const printer = (id: string) => {
    if (!printers.has(id)) printers.set(id, new StageProgressPrinter(write, style));
    return printers.get(id)!;
  };
  return {
    started: async (inv) => {
      const t = inv.alert.target;
      write(style.bold(`Investigating ${inv.alertname}${t ? ` on ${t.kind}/${t.name}${t.namespace ? ` (${t.namespace})` : ""}` : ""} [${inv.clusterId}]`));
      printer(inv.id);
      return undefined;
    },
    progress: async (inv, stages: StageStatus[]) => printer(inv.id).update(stages),
    completed: async (inv, r) => {
      printer(inv.id).update(r.stages);
      printers.delete(inv.id);
    },
    resolved: async (inv) => write(style.dim(`${inv.alertname}: alert resolved, investigation ${inv.id} closed`)),
  };
}
