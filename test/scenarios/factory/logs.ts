import type { Cluster, Obj } from "./cluster.js";

/** Log text from `[secondsAgo, line]` entries, each prefixed with its RFC 3339 time (ms precision). */
export function lines(c: Cluster, ...entries: Array<[number, string]>): string {
  return entries.map(([ago, text]) => `${c.clock.agoMs(ago)} ${text}`).join("\n") + "\n";
}

/** Lines without a timestamp prefix (apps that print their own, e.g. JSON or Go panics). */
export function raw(...text: string[]): string {
  return text.join("\n") + "\n";
}

/** The PodLogs fixture document carrying current/previous logs per container of `pod`. */
export function podLogs(c: Cluster, pod: Obj, containers: Record<string, { current?: string; previous?: string }>): void {
  for (const name of Object.keys(containers)) {
    if (!pod.spec.containers.some((ct: any) => ct.name === name)) throw new Error(`${c.scenario}: pod ${pod.metadata.name} has no container ${name}`);
  }
  c.logs.push({ apiVersion: "kubesleuth.dev/v1alpha1", kind: "PodLogs", metadata: { namespace: pod.metadata.namespace!, name: pod.metadata.name }, containers });
}
