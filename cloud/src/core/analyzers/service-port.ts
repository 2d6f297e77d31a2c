/** Service targetPort (number or name) matches no containerPort of the pods it selects. */
import type { Remediation } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { specItem } from "./common.js";
import { refOf } from "./kube.js";
import { selectedPods } from "./services.js";
import type { Analyzer, Candidate } from "./types.js";

export const servicePortMismatch: Analyzer = {
  name: "service-port-mismatch",
  categories: ["service-port-mismatch"],
  analyze(ctx) {
    const out: Candidate[] = [];
    for (const svc of ctx.graphObjects("Service")) {
      const pods = selectedPods(ctx, svc);
      if (!pods.length) continue;
      const cports: { name?: string; containerPort: number; container: string }[] = [];
      for (const c of pods[0]!.spec?.containers ?? []) for (const p of c.ports ?? []) cports.push({ name: p.name, containerPort: p.containerPort, container: c.name });
      if (!cports.length) continue; // ports need not be declared; without them we cannot tell
      const ports: any[] = svc.spec?.ports ?? [];
      ports.forEach((sp, i) => {
        const tp = sp.targetPort ?? sp.port;
        const ok = typeof tp === "number" || /^\d+$/.test(String(tp)) ? cports.some((c) => c.containerPort === Number(tp)) : cports.some((c) => c.name === tp);
        if (ok) return;
        const svcRef = refOf(svc);
        // The intended port: same name as the service port, else the only declared one, else the first.
        const guess = cports.find((c) => c.name && c.name === sp.name) ?? (cports.length === 1 ? cports[0] : undefined) ?? cports[0]!;
        const owner = ctx.topOwner(pods[0]!);
        const remediation: Remediation[] = [{
          description: `Point port ${sp.name ?? sp.port} of Service ${svc.metadata.name} at containerPort ${guess.containerPort}${guess.name ? ` (${guess.name})` : ""} of ${guess.container}.`,
          command: tryCommand(() => k.patchJson(svcRef, [{ op: "replace", path: `/spec/ports/${i}/targetPort`, value: guess.containerPort }])),
          needsJudgment: cports.length > 1,
        }, { description: "Check the endpoints afterwards.", command: tryCommand(() => k.describe(svcRef)) }];
        out.push({
          analyzer: "service-port-mismatch",
          category: "service-port-mismatch",
          culprit: svcRef,
          confidence: "high",
          summary: `Service ${svc.metadata.name} sends port ${sp.port} to targetPort ${tp}, but the pods of ${owner.kind.toLowerCase()}/${owner.name} listen on ${cports.map((c) => `${c.containerPort}${c.name ? `/${c.name}` : ""}`).join(", ")}.`,
          evidence: [
            specItem(svcRef, `Service ${svc.metadata.name} port ${sp.name ?? ""} ${sp.port} → targetPort ${tp}`),
            specItem(owner, `containers of ${owner.name} declare ports ${cports.map((c) => `${c.container}:${c.containerPort}${c.name ? ` (${c.name})` : ""}`).join(", ")}`),
          ],
          remediation,
          specificity: 0.9,
        });
      });
    }
    return out;
  },
};
