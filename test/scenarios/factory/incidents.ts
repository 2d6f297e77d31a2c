import type { Cluster, Obj } from "./cluster.js";
import { HOUR } from "./clock.js";
import { event, kubeletEvent } from "./events.js";
import { intFor } from "./ids.js";
import { MSG } from "./messages.js";
import type { DeploymentParts } from "./workloads.js";

/**
 * Event bundles for the common incident shapes, with the counts and time spans the kubelet's and
 * controllers' event aggregation produces (one Event object per reason/message, `count` occurrences).
 */

/** The scheduler's binding event for a pod. */
export function scheduledEvent(c: Cluster, pod: Obj, ago: number): Obj {
  return event(c, pod, { reason: "Scheduled", message: MSG.scheduled(pod.metadata.namespace!, pod.metadata.name, pod.spec.nodeName), component: "default-scheduler", first: ago });
}

/**
 * A container that keeps restarting: Pulled (already present) / Created / Started per start, and the
 * BackOff warning while it waits in CrashLoopBackOff. `since` is when the restarts began.
 */
export function restartEvents(c: Cluster, pod: Obj, container: string, o: { restarts: number; since: number; lastStartAgo: number; backOff?: boolean; lastBackOffAgo?: number }): void {
  const image = pod.spec.containers.find((x: any) => x.name === container).image;
  const n = o.restarts + 1;
  kubeletEvent(c, pod, container, { reason: "Pulled", message: MSG.alreadyPresent(image), first: o.since, last: o.lastStartAgo, count: n });
  kubeletEvent(c, pod, container, { reason: "Created", message: MSG.created(container), first: o.since, last: o.lastStartAgo, count: n });
  kubeletEvent(c, pod, container, { reason: "Started", message: MSG.started(container), first: o.since, last: o.lastStartAgo, count: n });
  if (o.backOff !== false) {
    kubeletEvent(c, pod, container, {
      type: "Warning", reason: "BackOff", message: MSG.backOffRestart(container, pod.metadata.name, pod.metadata.namespace!, pod.metadata.uid!),
      first: o.since - 30, last: o.lastBackOffAgo ?? Math.max(5, o.lastStartAgo - 60), count: Math.max(1, Math.round((o.since - o.lastStartAgo) / 25)),
    });
  }
}

/** An image that cannot be pulled: Pulling → Failed (the runtime error) → ErrImagePull → BackOff → ImagePullBackOff. */
export function imagePullEvents(c: Cluster, pod: Obj, container: string, err: string, o: { since: number; lastAgo?: number }): void {
  const image = pod.spec.containers.find((x: any) => x.name === container).image;
  const last = o.lastAgo ?? intFor(`${pod.metadata.uid}/pull`, 20, 90);
  const attempts = Math.max(2, Math.min(Math.round(o.since / 300) + 2, 40));
  kubeletEvent(c, pod, container, { reason: "Pulling", message: MSG.pulling(image), first: o.since, last: last + 5, count: attempts });
  kubeletEvent(c, pod, container, { type: "Warning", reason: "Failed", message: MSG.failedPull(image, err), first: o.since - 1, last: last + 4, count: attempts });
  kubeletEvent(c, pod, container, { type: "Warning", reason: "Failed", message: MSG.errImagePull, first: o.since - 1, last: last + 4, count: attempts });
  kubeletEvent(c, pod, container, { reason: "BackOff", message: MSG.backOffPull(image), first: o.since - 15, last, count: Math.round(o.since / 12) });
  kubeletEvent(c, pod, container, { type: "Warning", reason: "Failed", message: MSG.errImagePullBackOff, first: o.since - 15, last, count: Math.round(o.since / 12) });
}

/**
 * A rolling update from `from` to `to`: the deployment controller's ScalingReplicaSet events and the
 * ReplicaSet controller's SuccessfulCreate per new pod.
 */
export function rolloutEvents(c: Cluster, parts: DeploymentParts, from: Obj, to: Obj, o: { ago: number; steps: Array<{ up?: number; down?: number }>; newPods: Obj[] }): void {
  let upFrom = 0;
  let downFrom = from.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"] ? Number(from.metadata.annotations["deployment.kubernetes.io/desired-replicas"]) : parts.deploy.spec.replicas;
  o.steps.forEach((s, i) => {
    const at = o.ago - i * 40;
    if (s.up !== undefined) {
      event(c, parts.deploy, { reason: "ScalingReplicaSet", message: MSG.scaled("up", to.metadata.name, s.up, upFrom), component: "deployment-controller", first: at });
      upFrom = s.up;
    }
    if (s.down !== undefined) {
      event(c, parts.deploy, { reason: "ScalingReplicaSet", message: MSG.scaled("down", from.metadata.name, s.down, downFrom), component: "deployment-controller", first: at - 20 });
      downFrom = s.down;
    }
  });
  o.newPods.forEach((p, i) => event(c, to, { reason: "SuccessfulCreate", message: MSG.createdPod(p.metadata.name), component: "replicaset-controller", first: Math.min(o.ago - i * 40, secondsSince(c, p.metadata.creationTimestamp!)) }));
}

function secondsSince(c: Cluster, t: string): number {
  return Math.round((c.clock.now.getTime() - Date.parse(t)) / 1000);
}

/** Old, unrelated Warning noise on a node (e.g. an image GC that freed space hours ago). */
export function nodeNoise(c: Cluster, nodeName: string): void {
  const n = c.get("Node", undefined, nodeName);
  event(c, n, { type: "Warning", reason: "FreeDiskSpaceFailed", message: "Failed to garbage collect required amount of images. Attempted to free 2146593996 bytes, but only found 0 bytes eligible to free.", component: "kubelet", host: nodeName, first: 9 * HOUR, last: 8 * HOUR, count: 3 });
}
