/** PromQL of the kube-prometheus-stack rules, for alert generatorURLs. */
export const EXPR = {
  KubePodNotReady: `sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{job="kube-state-metrics",phase=~"Pending|Unknown"}) * on (namespace, pod) group_left (owner_kind) topk by (namespace, pod) (1, max by (namespace, pod, owner_kind) (kube_pod_owner{owner_kind!="Job"}))) > 0`,
  KubePodCrashLooping: `max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",reason="CrashLoopBackOff"}[5m]) >= 1`,
  KubeDeploymentReplicasMismatch: `(kube_deployment_spec_replicas{job="kube-state-metrics"} > kube_deployment_status_replicas_available{job="kube-state-metrics"}) and (changes(kube_deployment_status_replicas_updated{job="kube-state-metrics"}[10m]) == 0)`,
  KubeStatefulSetReplicasMismatch: `(kube_statefulset_status_replicas_ready{job="kube-state-metrics"} != kube_statefulset_status_replicas{job="kube-state-metrics"}) and (changes(kube_statefulset_status_replicas_updated{job="kube-state-metrics"}[10m]) == 0)`,
  KubeNodeNotReady: `kube_node_status_condition{condition="Ready",job="kube-state-metrics",status="true"} == 0`,
  KubeHpaMaxedOut: `kube_horizontalpodautoscaler_status_current_replicas{job="kube-state-metrics"} == kube_horizontalpodautoscaler_spec_max_replicas{job="kube-state-metrics"}`,
  CPUThrottlingHigh: `sum without (id, metrics_path, name, image, endpoint, job, node) (increase(container_cpu_cfs_throttled_periods_total{container!="",job="kubelet",metrics_path="/metrics/cadvisor"}[5m])) / sum without (id, metrics_path, name, image, endpoint, job, node) (increase(container_cpu_cfs_periods_total{job="kubelet",metrics_path="/metrics/cadvisor"}[5m])) > (25 / 100)`,
  KubeJobFailed: `kube_job_failed{job="kube-state-metrics"} > 0`,
  TargetDown: `100 * (count by (cluster, job, namespace, service) (up == 0) / count by (cluster, job, namespace, service) (up)) > 10`,
  HighHTTP5xxRate: `sum by (namespace, ingress) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / sum by (namespace, ingress) (rate(nginx_ingress_controller_requests[5m])) > 0.05`,
};
