import type { Cluster, Obj } from "./cluster.js";
import { hexFor } from "./ids.js";

export interface EventOpts {
  type?: "Normal" | "Warning";
  reason: string;
  message: string;
  /** source.component: kubelet, default-scheduler, deployment-controller, replicaset-controller, ... */
  component: string;
  /** source.host (kubelet events). */
  host?: string;
  /** Seconds ago of the first and last occurrence; `count` occurrences in between. */
  first: number;
  last?: number;
  count?: number;
  /** involvedObject.fieldPath, e.g. `spec.containers{api}`. */
  fieldPath?: string;
}

/** A core/v1 Event as `kubectl get events -o yaml` prints it, named `<object>.<16 hex>` like the recorder does. */
export function event(c: Cluster, involved: Obj, o: EventOpts): Obj {
  const ns = involved.metadata.namespace ?? "default";
  const name = `${involved.metadata.name}.${hexFor(`${c.scenario}/${involved.metadata.uid}/${o.reason}/${o.message}/${o.first}`, 16).replace(/^[0-9a-f]/, "1")}`;
  return c.add<Obj>({
    apiVersion: "v1", kind: "Event",
    count: o.count ?? 1,
    eventTime: null,
    firstTimestamp: c.ago(o.first),
    involvedObject: {
      apiVersion: involved.apiVersion,
      ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
      kind: involved.kind,
      name: involved.metadata.name,
      ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
      resourceVersion: involved.metadata.resourceVersion,
      uid: involved.metadata.uid,
    },
    lastTimestamp: c.ago(o.last ?? o.first),
    message: o.message,
    metadata: c.meta("Event", ns, name, { createdAgo: o.first }),
    reason: o.reason,
    reportingComponent: o.component,
    reportingInstance: o.host ?? "",
    source: { component: o.component, ...(o.host ? { host: o.host } : {}) },
    type: o.type ?? "Normal",
  });
}

/** kubelet event on a container of `pod` (fieldPath and host filled in). */
export function kubeletEvent(c: Cluster, pod: Obj, container: string, o: Omit<EventOpts, "component" | "host" | "fieldPath">): Obj {
  return event(c, pod, { ...o, component: "kubelet", host: pod.spec.nodeName, fieldPath: `spec.containers{${container}}` });
}
