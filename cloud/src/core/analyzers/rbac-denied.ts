/** The app's ServiceAccount lacks API permissions: the apiserver's "is forbidden: User ... cannot ..." in its logs. */
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { errorLines, logItem } from "./common.js";
import type { Analyzer } from "./types.js";

const FORBIDDEN_RE = /forbidden: User "system:serviceaccount:([a-z0-9.-]+):([a-z0-9.-]+)" cannot ([a-z]+) resource "([a-z0-9.-]+)"(?: in API group "([^"]*)")?(?: in the namespace "([a-z0-9.-]+)"| at the cluster scope)?/;

export const rbacDenied: Analyzer = {
  name: "rbac-denied",
  categories: ["rbac-denied"],
  analyze(ctx) {
    const hits = errorLines(ctx.focusLogs(), (l) => FORBIDDEN_RE.test(l.replace(/\\"/g, '"')));
    if (!hits.length) return [];
    const { log, line } = hits.at(-1)!;
    const m = FORBIDDEN_RE.exec(line.replace(/\\"/g, '"'))!;
    const [, saNs, sa, verb, resource, group, inNs] = m as unknown as string[];
    const saRef = { kind: "ServiceAccount", namespace: saNs!, name: sa! };
    const scope = inNs ?? saNs!;
    const roleName = `${sa}-${resource!.split(".")[0]}-${verb}`.slice(0, 60).replace(/[^a-z0-9-]/g, "-").replace(/-+$/, "");
    const res = group ? `${resource}.${group}` : resource!;
    return [{
      analyzer: "rbac-denied",
      category: "rbac-denied",
      culprit: saRef,
      confidence: "high",
      summary: `ServiceAccount ${saNs}/${sa} may not ${verb} ${res}${inNs ? ` in namespace ${inNs}` : " at the cluster scope"}: the API server answers 403 Forbidden and the app fails.`,
      evidence: [logItem(log, line), { source: `kubectl auth can-i ${verb} ${res} --as=system:serviceaccount:${saNs}:${sa} -n ${scope}`, detail: `no Role/RoleBinding grants ${verb} on ${res} to ${sa}`, type: "spec", resource: saRef }],
      remediation: [
        { description: `Grant ${verb} on ${res} in namespace ${scope} with a Role…`, command: tryCommand(() => k.createRole(scope, roleName, [verb!], [res])), needsJudgment: true, warning: "Grant only what the app needs; check whether a binding was removed by mistake first." },
        { description: `…bound to ServiceAccount ${sa}.`, command: tryCommand(() => k.createRoleBinding(scope, roleName, roleName, saNs!, sa!)), needsJudgment: true },
        { description: "See the ServiceAccount's bindings.", command: tryCommand(() => k.getList("RoleBinding", scope, " -o wide")) },
      ],
      specificity: 0.9,
    }];
  },
};
