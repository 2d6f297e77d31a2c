/** Fallback: nothing explains the alert. The report then says what was checked (built by the engine). */
import type { Analyzer } from "./types.js";

export const unknownCause: Analyzer = {
  name: "unknown",
  categories: ["unknown"],
  analyze(ctx) {
    const checked = [
      `${ctx.graph.nodes.length} related resources`,
      `${ctx.evidence.logs.length} logs`,
      `${ctx.evidence.events.length} events`,
      `${ctx.evidence.rollouts.length} rollout histories`,
      `${ctx.evidence.configChanges.length} config objects`,
      ctx.evidence.metrics.available ? "pod/node metrics" : "no metrics (metrics.k8s.io unavailable)",
    ];
    return [{
      analyzer: "unknown",
      category: "unknown",
      confidence: "low",
      summary: `No cause found in the evidence: checked ${checked.join(", ")} and found no crash, OOM kill, scheduling, image, config, probe, network, node or dependency failure that explains ${ctx.alert.alertname}.`,
      evidence: [],
      remediation: [{ description: "Look at the application's own metrics and traces for this alert; the cluster state looks healthy.", needsJudgment: true }],
      specificity: 0,
    }];
  },
};
