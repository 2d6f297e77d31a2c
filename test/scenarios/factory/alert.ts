import type { Cluster } from "./cluster.js";
import { labelsFingerprint, nameSuffix } from "./ids.js";

type Labels = Record<string, string>;

/**
 * Alerting rules as kube-prometheus-stack ships them (templates/prometheus/rules-1.14/*.yaml, generated from
 * kubernetes-mixin), plus the team-written HTTP 5xx SLO rule. `ksm` rules keep the kube-state-metrics target
 * labels (container="kube-state-metrics", pod=<the exporter's pod>, ...) because their expression does not
 * aggregate them away: a label-parsing trap real alerts carry.
 */
export interface Rule {
  severity: string;
  expr: string;
  ksm: boolean;
  annotations: (l: Labels, value: string) => Record<string, string>;
}

const RUNBOOK = "https://runbooks.prometheus-operator.dev/runbooks";

export const RULES = {
  KubePodCrashLooping: {
    severity: "warning", ksm: true,
    expr: 'max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",namespace=~".*",reason="CrashLoopBackOff"}[5m]) >= 1',
    annotations: (l) => ({ description: `Pod ${l.namespace}/${l.pod} (${l.container}) is in waiting state (reason: "CrashLoopBackOff").`, runbook_url: `${RUNBOOK}/kubernetes/kubepodcrashlooping`, summary: "Pod is crash looping." }),
  },
  KubePodNotReady: {
    severity: "warning", ksm: false,
    expr: 'sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{job="kube-state-metrics",namespace=~".*",phase=~"Pending|Unknown"}) * on (namespace, pod) group_left (owner_kind) topk by (namespace, pod) (1, max by (namespace, pod, owner_kind) (kube_pod_owner{owner_kind!="Job"}))) > 0',
    annotations: (l) => ({ description: `Pod ${l.namespace}/${l.pod} has been in a non-ready state for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubepodnotready`, summary: "Pod has been in a non-ready state for more than 15 minutes." }),
  },
  KubeDeploymentReplicasMismatch: {
    severity: "warning", ksm: true,
    expr: '(kube_deployment_spec_replicas{job="kube-state-metrics",namespace=~".*"} > kube_deployment_status_replicas_available{job="kube-state-metrics",namespace=~".*"}) and (changes(kube_deployment_status_replicas_updated{job="kube-state-metrics",namespace=~".*"}[10m]) == 0)',
    annotations: (l) => ({ description: `Deployment ${l.namespace}/${l.deployment} has not matched the expected number of replicas for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubedeploymentreplicasmismatch`, summary: "Deployment has not matched the expected number of replicas." }),
  },
  KubeStatefulSetReplicasMismatch: {
    severity: "warning", ksm: true,
    expr: '(kube_statefulset_status_replicas_ready{job="kube-state-metrics",namespace=~".*"} != kube_statefulset_status_replicas{job="kube-state-metrics",namespace=~".*"}) and (changes(kube_statefulset_status_replicas_updated{job="kube-state-metrics",namespace=~".*"}[10m]) == 0)',
    annotations: (l) => ({ description: `StatefulSet ${l.namespace}/${l.statefulset} has not matched the expected number of replicas for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubestatefulsetreplicasmismatch`, summary: "Deployment has not matched the expected number of replicas." }),
  },
  KubeDaemonSetRolloutStuck: {
    severity: "warning", ksm: true,
    expr: '((kube_daemonset_status_current_number_scheduled{job="kube-state-metrics",namespace=~".*"} != kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",namespace=~".*"}) or (kube_daemonset_status_number_misscheduled{job="kube-state-metrics",namespace=~".*"} != 0) or (kube_daemonset_status_updated_number_scheduled{job="kube-state-metrics",namespace=~".*"} != kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",namespace=~".*"}) or (kube_daemonset_status_number_available{job="kube-state-metrics",namespace=~".*"} != kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",namespace=~".*"})) and (changes(kube_daemonset_status_updated_number_scheduled{job="kube-state-metrics",namespace=~".*"}[5m]) == 0)',
    annotations: (l) => ({ description: `DaemonSet ${l.namespace}/${l.daemonset} has not finished or progressed for at least 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubedaemonsetrolloutstuck`, summary: "DaemonSet rollout is stuck." }),
  },
  KubeContainerWaiting: {
    severity: "warning", ksm: false,
    expr: 'sum by (namespace, pod, container) (kube_pod_container_status_waiting_reason{job="kube-state-metrics",namespace=~".*"}) > 0',
    annotations: (l) => ({ description: `pod/${l.pod} in namespace ${l.namespace} on container ${l.container} has been in waiting state for longer than 1 hour.`, runbook_url: `${RUNBOOK}/kubernetes/kubecontainerwaiting`, summary: "Pod container waiting longer than 1 hour" }),
  },
  KubeJobFailed: {
    severity: "warning", ksm: true,
    expr: 'kube_job_failed{job="kube-state-metrics",namespace=~".*"} > 0',
    annotations: (l) => ({ description: `Job ${l.namespace}/${l.job_name} failed to complete. Removing failed job after investigation should clear this alert.`, runbook_url: `${RUNBOOK}/kubernetes/kubejobfailed`, summary: "Job failed to complete." }),
  },
  KubeHpaMaxedOut: {
    severity: "warning", ksm: true,
    expr: 'kube_horizontalpodautoscaler_status_current_replicas{job="kube-state-metrics",namespace=~".*"} == kube_horizontalpodautoscaler_spec_max_replicas{job="kube-state-metrics",namespace=~".*"}',
    annotations: (l) => ({ description: `HPA ${l.namespace}/${l.horizontalpodautoscaler}  has been running at max replicas for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubehpamaxedout`, summary: "HPA is running at max replicas" }),
  },
  KubeNodeNotReady: {
    severity: "warning", ksm: true,
    expr: 'kube_node_status_condition{condition="Ready",job="kube-state-metrics",status="true"} == 0',
    annotations: (l) => ({ description: `${l.node} has been unready for more than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubenodenotready`, summary: "Node is not ready." }),
  },
  TargetDown: {
    severity: "warning", ksm: false,
    expr: '100 * (count by (cluster, job, namespace, service) (up == 0) / count by (cluster, job, namespace, service) (up)) > 10',
    annotations: (l, v) => ({ description: `${v}% of the ${l.job}/${l.service} targets in ${l.namespace} namespace are down.`, runbook_url: `${RUNBOOK}/general/targetdown`, summary: "One or more targets are unreachable." }),
  },
  CPUThrottlingHigh: {
    severity: "info", ksm: false,
    expr: 'sum without (id, metrics_path, name, image, endpoint, job, node) (increase(container_cpu_cfs_throttled_periods_total{container!="",job="kubelet",metrics_path="/metrics/cadvisor"}[5m])) / sum without (id, metrics_path, name, image, endpoint, job, node) (increase(container_cpu_cfs_periods_total{job="kubelet",metrics_path="/metrics/cadvisor"}[5m])) > (25 / 100)',
    annotations: (l, v) => ({ description: `${v} throttling of CPU in namespace ${l.namespace} for container ${l.container} in pod ${l.pod}.`, runbook_url: `${RUNBOOK}/kubernetes/cputhrottlinghigh`, summary: "Processes experience elevated CPU throttling." }),
  },
  /** Team-written SLO rule on ingress-nginx request metrics (not part of the chart). */
  HighHTTP5xxRate: {
    severity: "critical", ksm: false,
    expr: 'sum by (namespace, ingress, service) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / sum by (namespace, ingress, service) (rate(nginx_ingress_controller_requests[5m])) > 0.05',
    annotations: (l, v) => ({ description: `${v} of requests to ${l.namespace}/${l.service} returned HTTP 5xx over the last 5 minutes.`, runbook_url: "https://wiki.acme.io/sre/runbooks/high-http-5xx-rate", summary: "High rate of HTTP 5xx responses." }),
  },
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/**
 * Target labels of the kube-state-metrics series: the exporter pod of the scenario's monitoring namespace
 * (added by `baseline()`), or a plausible stand-in when the scenario has none.
 */
export function ksmTargetLabels(c: Cluster): Labels {
  const p = c.list("Pod", "monitoring").find((x) => x.metadata.labels?.["app.kubernetes.io/name"] === "kube-state-metrics");
  return {
    container: "kube-state-metrics", endpoint: "http", instance: `${p?.status.podIP ?? "10.42.3.17"}:8080`, job: "kube-state-metrics",
    pod: p?.metadata.name ?? `kube-prometheus-stack-kube-state-metrics-6c9d8f7b54-${nameSuffix(`${c.cluster}/ksm`)}`, service: "kube-prometheus-stack-kube-state-metrics",
  };
}

export interface AlertOpts {
  rule: RuleName;
  /** Labels the expression yields (namespace, pod, container, deployment, ...). */
  labels: Labels;
  /** When the alert started firing (seconds ago). */
  startsAgo: number;
  /** The `$value` rendered in annotations that show it (e.g. "62.5%", "100"). */
  value?: string;
  severity?: string;
  groupBy?: string[];
  receiver?: string;
}

/**
 * An Alertmanager webhook body (version 4) for one firing alert, as the kube-prometheus-stack Alertmanager
 * posts it to a webhook receiver routed on severity: external labels (cluster, prometheus) added, fingerprint
 * computed from the label set the way Alertmanager does.
 */
export function alertmanagerWebhook(c: Cluster, o: AlertOpts) {
  const rule: Rule = RULES[o.rule];
  const labels: Labels = {
    alertname: o.rule,
    ...(rule.ksm ? ksmTargetLabels(c) : {}),
    ...o.labels,
    cluster: c.cluster,
    prometheus: "monitoring/kube-prometheus-stack-prometheus",
    severity: o.severity ?? rule.severity,
  };
  const sorted = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!]));
  const annotations = rule.annotations(sorted, o.value ?? "");
  const groupBy = o.groupBy ?? ["alertname", "namespace"];
  const groupLabels = Object.fromEntries(groupBy.filter((k) => sorted[k] !== undefined).map((k) => [k, sorted[k]!]));
  const groupKey = `{}/{severity=~"warning|critical"}:{${Object.entries(groupLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`;
  const prometheus = "http://kube-prometheus-stack-prometheus.monitoring:9090";
  return {
    receiver: o.receiver ?? "kubesleuth",
    status: "firing",
    alerts: [{
      status: "firing",
      labels: sorted,
      annotations,
      startsAt: c.clock.agoMs(o.startsAgo),
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: `${prometheus}/graph?g0.expr=${encodeURIComponent(rule.expr)}&g0.tab=1`,
      fingerprint: labelsFingerprint(sorted),
    }],
    groupLabels,
    commonLabels: sorted,
    commonAnnotations: annotations,
    externalURL: "http://kube-prometheus-stack-alertmanager.monitoring:9093",
    version: "4",
    groupKey,
    truncatedAlerts: 0,
  };
}

export type AlertmanagerWebhook = ReturnType<typeof alertmanagerWebhook>;
