/** The kubectl command equivalent to each agent command, for the evidence trail (what an SRE would have typed). */
import type { AgentCommand, ResourceRef } from "../../shared/src/index.js";
import { kindInfo } from "./k8s/kinds.js";

const resourceArg = (kind: string) => kindInfo(kind)?.kubectl ?? kind.toLowerCase();
const nsFlag = (ns?: string) => (ns ? ` -n ${ns}` : "");
const q = (s: string) => (/^[A-Za-z0-9_./=,:@-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

export function getYaml(ref: ResourceRef): string {
  return `kubectl get ${resourceArg(ref.kind)} ${ref.name}${nsFlag(kindInfo(ref.kind)?.namespaced === false ? undefined : ref.namespace)} -o yaml`;
}

export function kubectlFor(cmd: AgentCommand, extra: { container?: string } = {}): string[] {
  switch (cmd.kind) {
    case "topology.discover":
      return [getYaml(cmd.params.target), ...(cmd.params.target.namespace ? [`kubectl get pods,services,endpoints,ingresses,configmaps,pvc,hpa,pdb,networkpolicies -n ${cmd.params.target.namespace} -o wide`] : [])];
    case "resource.get":
      return [getYaml(cmd.params.ref)];
    case "resource.list": {
      const p = cmd.params;
      const ns = kindInfo(p.kind)?.namespaced === false ? "" : p.namespace ? nsFlag(p.namespace) : " -A";
      return [`kubectl get ${resourceArg(p.kind)}${ns}${p.labelSelector ? ` -l ${q(p.labelSelector)}` : ""}${p.fieldSelector ? ` --field-selector ${q(p.fieldSelector)}` : ""} -o yaml`];
    }
    case "logs.read": {
      const p = cmd.params;
      const c = p.container ?? extra.container;
      return [`kubectl logs ${p.pod} -n ${p.namespace}${c ? ` -c ${c}` : ""}${p.previous ? " --previous" : ""} --tail=${p.tailLines}${p.sinceSeconds ? ` --since=${p.sinceSeconds}s` : ""}`];
    }
    case "events.list": {
      const p = cmd.params;
      const fields = p.involvedObject ? [`involvedObject.name=${p.involvedObject.name}`, ...(p.involvedObject.kind ? [`involvedObject.kind=${p.involvedObject.kind}`] : [])] : [];
      const ns = p.namespace ? nsFlag(p.namespace) : " -A";
      return [`kubectl get events${ns}${fields.length ? ` --field-selector ${fields.join(",")}` : ""} --sort-by=.lastTimestamp`];
    }
    case "metrics.read": {
      const p = cmd.params;
      return p.kind === "Node"
        ? [`kubectl top node${p.name ? ` ${p.name}` : ""}${p.labelSelector ? ` -l ${q(p.labelSelector)}` : ""}`]
        : [`kubectl top pod${p.name ? ` ${p.name}` : ""}${p.namespace ? nsFlag(p.namespace) : " -A"}${p.labelSelector ? ` -l ${q(p.labelSelector)}` : ""} --containers`];
    }
    case "rollout.history":
      return [`kubectl rollout history ${cmd.params.ref.kind.toLowerCase()}/${cmd.params.ref.name}${nsFlag(cmd.params.ref.namespace)}`];
    case "config.changes":
      return cmd.params.refs.map((r) => (r.kind === "Secret" ? `kubectl describe secret ${r.name}${nsFlag(r.namespace)}` : `${getYaml(r)} --show-managed-fields`));
  }
}
