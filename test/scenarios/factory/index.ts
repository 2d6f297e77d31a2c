/**
 * Scenario object factory (test/scenarios/factory).
 *
 * Small builders that produce Kubernetes objects exactly as `kubectl get -o yaml` prints them, with
 * consistent identities, so a scenario cannot contradict itself:
 *   - `new Cluster(scenarioName, now, clusterLabel)` holds the clock, objects and PodLogs; every builder takes it
 *     first. uids are uuid-shaped hashes of kind/namespace/name (deterministic: rebuilds are byte-identical).
 *   - workloads: `deployment()` (one ReplicaSet per revision, pod-template-hash computed from the template,
 *     revision annotations) + `pod()` per pod + `settleDeployment()` (statuses and real condition texts derived
 *     from the pods); `statefulSet`/`daemonSet` (+ControllerRevisions) with `settle*`; `job`/`settleJob`/`cronJob`.
 *   - `pod()` statuses from container states: `running()`, `crashLoop(restarts, oomKilled(..) | errored(..))`,
 *     `waiting(reason, message)`; phase/conditions/ready/restartCount/back-off message follow.
 *   - `service()` writes Service + Endpoints + EndpointSlice from the pods it selects (add pods first).
 *   - `event()`/`kubeletEvent()` with `MSG.*` real component texts; `podMetrics`, `nodeMetrics`, `podLogs` + `lines`.
 *   - `alertmanagerWebhook(c, {rule, labels, startsAgo})`: v4 webhook with the kube-prometheus-stack rule texts.
 *   - `baseline()`, `healthyApp()`, `recoveredRestarter()`, `hpaMetricsHiccup()`: neighbours and noise.
 *   - `scenarioFromCluster()` → ScenarioSpec; `writeScenario(dir, spec)` / `renderScenario(spec)`.
 * A scenario is test/scenarios/src/<name>.ts whose default export returns a ScenarioSpec; rebuild with
 * `npx tsx test/scenarios/src/build.ts [name...]`. Durations are seconds before `now` (MIN, HOUR, DAY).
 */
export * from "./alert.js";
export * from "./clock.js";
export * from "./cluster.js";
export * from "./config.js";
export * from "./events.js";
export * from "./ids.js";
export * from "./logs.js";
export * from "./messages.js";
export * from "./metrics.js";
export * from "./neighbours.js";
export * from "./network.js";
export { node, workers, type NodeOpts } from "./nodes.js";
export * from "./pods.js";
export * from "./policy.js";
export * from "./storage.js";
export * from "./workloads.js";
export * from "./write.js";
export * from "./incidents.js";
