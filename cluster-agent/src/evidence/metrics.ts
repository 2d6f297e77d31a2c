/** metrics.read: pod or node usage from metrics.k8s.io; `available: false` when the cluster does not serve it. */
import type { CommandOf, KubeObject, MetricsData, MetricsItem } from "../../../shared/src/index.js";
import { CommandError } from "../errors.js";
import { K8sApiError } from "../k8s/errors.js";
import type { Reader } from "../k8s/reader.js";
import { cpuMillicores, memoryBytes } from "./quantity.js";

export async function readMetrics(r: Reader, p: CommandOf<"metrics.read">["params"]): Promise<{ data: MetricsData; warnings: string[] }> {
  if (p.kind === "Pod" && !p.namespace) throw new CommandError("INVALID_COMMAND", "metrics.read of pods needs a namespace: cluster-wide pod metrics are not read");
  const kind = p.kind === "Pod" ? "PodMetrics" : "NodeMetrics";
  const ns = p.kind === "Pod" ? p.namespace : undefined;
  let items: KubeObject[];
  try {
    if (p.name) items = [await r.get(kind, ns, p.name)];
    else items = (await r.list(kind, ns, { labelSelector: p.labelSelector, limit: 500 })).items;
  } catch (e) {
    if (e instanceof K8sApiError && (e.status === 404 || e.status === 503)) {
      // A named object that is absent: the API is there. Anything else: metrics-server not installed (404) or down (503).
      if (p.name && e.status === 404 && e.message.includes(`"${p.name}" not found`)) return { data: { available: true, items: [] }, warnings: [] };
      return { data: { available: false, items: [] }, warnings: [`metrics.k8s.io not available: ${e.message}`] };
    }
    throw e;
  }
  return { data: { available: true, items: items.map((m) => toItem(p.kind, m)) }, warnings: [] };
}

function toItem(kind: "Pod" | "Node", m: KubeObject): MetricsItem {
  const usage = (name: string, u: any) => ({
    name, cpu: String(u?.cpu ?? "0"), memory: String(u?.memory ?? "0"), cpuMillicores: cpuMillicores(u?.cpu) || 0, memoryBytes: memoryBytes(u?.memory) || 0,
  });
  return {
    kind,
    ...(m.metadata.namespace ? { namespace: m.metadata.namespace } : {}),
    name: m.metadata.name,
    ...(m.timestamp ? { timestamp: String(m.timestamp) } : {}),
    ...(m.window ? { window: String(m.window) } : {}),
    containers: kind === "Pod" ? (m.containers ?? []).map((c: any) => usage(c.name, c.usage)) : [usage(m.metadata.name, m.usage)],
  };
}
