/**
 * topology.discover: from the object an alert names to everything around it that can explain the incident.
 * Targeted reads only: gets by name, lists scoped to one namespace with a selector (or matched client-side
 * within the namespace), pods of a node by field selector. Never cluster-wide lists of pods or events.
 */
import type { KubeObject, ResourceRef, TopologyGraph } from "../../../shared/src/index.js";
import { kindInfo } from "../k8s/kinds.js";
import type { Reader } from "../k8s/reader.js";
import type { SecretAccess } from "../k8s/secrets.js";
import { mapSelectorMatches, selectorString } from "../selectors.js";
import { WalkContext } from "./context.js";
import { endpointsOf, ingressesFor, servicesForPods, walkIngress } from "./network.js";
import { walkClaim, walkPodDependencies } from "./pod-deps.js";
import { choosePods, claimReferences, isPodFailing } from "./pods.js";
import { creationBlocked, walkPolicies } from "./policies.js";
import { WORKLOAD_KINDS, climbOwners, controllerRef, linkPodOwners, listPods, podsOfWorkload } from "./workloads.js";

/** Distinct owner chains climbed for pods found through a Service/Ingress/Node/PVC/Namespace. */
const MAX_OWNER_CLIMBS = 5;
const MAX_INGRESSES = 5;

export async function discoverTopology(r: Reader, secrets: SecretAccess, target: ResourceRef, maxPods: number): Promise<TopologyGraph> {
  const ctx = new WalkContext(r, secrets, maxPods);
  const root = await r.get(target.kind, kindInfo(target.kind)?.namespaced ? target.namespace : undefined, target.name);
  ctx.g.root = ctx.g.add(root);
  const ns = root.metadata.namespace ?? (root.kind === "Namespace" ? root.metadata.name : undefined);

  let pods: KubeObject[] = [];
  const workloads: KubeObject[] = [];
  const extraServices: KubeObject[] = [];
  let ingresses: KubeObject[] | undefined;
  let hpas: KubeObject[] | undefined;
  let climbPods = false;

  switch (root.kind) {
    case "Pod": {
      const top = await climbOwners(ctx, root);
      if (top !== root && WORKLOAD_KINDS.has(top.kind)) {
        workloads.push(top);
        pods = await podsOfWorkload(ctx, top);
      }
      if (!pods.some((p) => p.metadata.name === root.metadata.name)) pods.push(root);
      break;
    }
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job": case "CronJob": {
      const top = await climbOwners(ctx, root);
      workloads.push(top);
      if (top !== root) workloads.push(root);
      // A Job under a CronJob: this Job's pods; a ReplicaSet under a Deployment: the Deployment's pods.
      pods = await podsOfWorkload(ctx, root.kind === "ReplicaSet" ? top : root);
      break;
    }
    case "Service": {
      extraServices.push(root);
      const sel = selectorString(root.spec?.selector ?? {});
      if (sel) pods = (await listPods(ctx, ns, { labelSelector: sel }, `pods selected by service/${root.metadata.name}`)).filter((p) => mapSelectorMatches(root.spec?.selector, p.metadata.labels));
      climbPods = true;
      break;
    }
    case "Ingress": {
      ingresses = [root];
      const services = await walkIngress(ctx, root);
      extraServices.push(...services);
      for (const s of services) {
        const sel = selectorString(s.spec?.selector ?? {});
        if (sel) pods.push(...(await listPods(ctx, ns, { labelSelector: sel }, `pods selected by service/${s.metadata.name}`)).filter((p) => !pods.some((q) => q.metadata.uid === p.metadata.uid)));
      }
      climbPods = true;
      break;
    }
    case "Node": {
      pods = await listPods(ctx, undefined, { fieldSelector: `spec.nodeName=${root.metadata.name}` }, `pods on node ${root.metadata.name}`);
      climbPods = true;
      break;
    }
    case "PersistentVolumeClaim": {
      await walkClaim(ctx, root);
      pods = (await listPods(ctx, ns, {}, `pods in namespace ${ns}`)).filter((p) => claimReferences(p.spec).some((c) => c.claim === root.metadata.name));
      climbPods = true;
      break;
    }
    case "HorizontalPodAutoscaler": {
      hpas = [root];
      const t = root.spec?.scaleTargetRef;
      if (t?.kind && t?.name && kindInfo(t.kind)) {
        const ref = { kind: t.kind, namespace: ns, name: t.name };
        const w = await ctx.lookup(ref);
        if (w === null) ctx.g.edge(ctx.g.root, ctx.g.addMissing(ref), "missing-reference", "scaleTargetRef");
        else if (w) {
          workloads.push(w);
          ctx.g.edge(ctx.g.root, ctx.g.add(w), "scales", `${root.spec?.minReplicas ?? 1}-${root.spec?.maxReplicas} replicas`);
          pods = WORKLOAD_KINDS.has(w.kind) ? await podsOfWorkload(ctx, w) : [];
        }
      }
      break;
    }
    case "Namespace": {
      pods = await listPods(ctx, ns, {}, `pods in namespace ${ns}`);
      climbPods = true;
      break;
    }
    default:
      // ConfigMap, Secret, Endpoints, ...: the object itself plus the namespace's constraints.
      break;
  }

  const { chosen, dropped } = choosePods(pods, ctx.maxPods, root.kind === "Pod" ? root.metadata.name : undefined);
  if (dropped) ctx.g.warn(`${dropped} more pods (${pods.filter(isPodFailing).length} failing in total) not included: maxPods is ${ctx.maxPods}`);
  for (const p of chosen) ctx.g.add(p);

  if (climbPods) {
    // Pods found from the side (Service, Node, ...): walk up to their workloads, failing pods first.
    const owners = new Map<string, KubeObject>();
    for (const p of chosen) {
      const c = controllerRef(p);
      if (c && !owners.has(`${c.kind}/${c.name}`)) owners.set(`${c.kind}/${c.name}`, p);
    }
    const climbs = [...owners.values()].slice(0, MAX_OWNER_CLIMBS);
    if (owners.size > climbs.length) ctx.g.warn(`${owners.size - climbs.length} more owners of the pods not walked`);
    for (const p of climbs) {
      const top = await climbOwners(ctx, p);
      if (top !== p && !workloads.includes(top)) workloads.push(top);
    }
  }
  linkPodOwners(ctx, chosen);

  if (root.kind === "Node") {
    // Pods on a node span namespaces: link them to the node; their own services and config are not the question.
    const rid = ctx.g.root;
    for (const p of chosen) ctx.g.edge(ctx.g.add(p), rid, "scheduled-on");
    return ctx.g.build();
  }

  if (ns) {
    // From a Service or Ingress the services in question are known; from anything else, find those selecting the pods.
    const services = await servicesForPods(ctx, ns, chosen, extraServices, !["Service", "Ingress"].includes(root.kind));
    await endpointsOf(ctx, ns, services);
    ingresses ??= await ingressesFor(ctx, ns, new Set(services.map((s) => s.metadata.name)));
    if (ingresses.length > MAX_INGRESSES) ctx.g.warn(`${ingresses.length - MAX_INGRESSES} more Ingresses not walked`);
    for (const ing of ingresses.slice(0, MAX_INGRESSES)) if (ing !== root) await walkIngress(ctx, ing);
  }
  // Pods reached from the side (Service, Ingress, PVC, Namespace): one Node read, for the most failing pod.
  await walkPodDependencies(ctx, chosen, root.kind === "Pod" ? root.metadata.name : undefined, climbPods ? 1 : undefined);
  if (ns) {
    const read = [...workloads, ...ctx.g.objects("ReplicaSet"), ...ctx.g.objects("Job")];
    const constraints = root.kind === "Namespace" || creationBlocked(read) || (workloads.length > 0 && !pods.length);
    await walkPolicies(ctx, ns, workloads, chosen, { hpas, constraints });
  }
  return ctx.g.build();
}
