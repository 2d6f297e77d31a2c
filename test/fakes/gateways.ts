/** Gateway wrappers that inject faults for engine/runner unit tests. */
import { KubesleuthError, type AgentCommandInput, type AgentResult } from "../../shared/src/index.js";
import type { ClusterGateway } from "../../cloud/src/core/ports.js";

export type Fault = "timeout" | "hang" | "forbidden" | "throw" | "malformed";

/** Applies `fault` to commands whose kind (and optional predicate) match; passes the rest to `inner`. */
export class FaultyGateway implements ClusterGateway {
  constructor(private readonly inner: ClusterGateway, private readonly rules: { kind?: string; when?: (c: AgentCommandInput) => boolean; fault: Fault }[]) {}
  async execute(c: AgentCommandInput): Promise<AgentResult> {
    const rule = this.rules.find((r) => (!r.kind || r.kind === c.kind) && (!r.when || r.when(c)));
    if (!rule) return this.inner.execute(c);
    const base = { commandId: c.id, clusterId: c.clusterId, kubectl: [], startedAt: new Date().toISOString(), durationMs: 0, apiRequests: 1 };
    switch (rule.fault) {
      case "timeout": throw new KubesleuthError("AGENT_TIMEOUT", `no result for ${c.id} before its deadline`);
      case "hang": return new Promise(() => {});
      case "throw": throw new Error("socket hang up");
      case "forbidden": return { ...base, ok: false, kind: c.kind, error: { code: "FORBIDDEN", message: `pods "x" is forbidden: User "system:serviceaccount:kubesleuth:agent" cannot get resource` } };
      case "malformed": return { ...base, ok: true, kind: c.kind, data: { nonsense: true }, truncated: false, warnings: [] };
    }
  }
}
