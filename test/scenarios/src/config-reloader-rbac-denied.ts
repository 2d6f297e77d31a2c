import {
  Cluster, DAY, MIN, alertmanagerWebhook, baseline, configMap, crashLoop, deployment, errored, healthyApp, lines, namespace, pod,
  podLogs, recoveredRestarter, restartEvents, role, roleBinding, scenarioFromCluster, serviceAccount, settleDeployment, nodeNoise,
} from "../factory/index.js";

/**
 * config-reloader (ServiceAccount tools/config-reloader) lists ConfigMaps at startup. A Helm upgrade of the
 * RBAC chart 50 minutes ago replaced its Role with one that only grants `secrets`; the API server answers
 * 403 and the reloader exits 1 on every start.
 */
export default function build() {
  const c = new Cluster("config-reloader-rbac-denied", "2026-11-19T18:25:00Z", "prod-eu-west-1");
  const nodes = baseline(c);
  namespace(c, "tools", { team: "platform" });
  serviceAccount(c, { ns: "tools", name: "config-reloader", createdAgo: 200 * DAY });
  const r = role(c, { ns: "tools", name: "config-reloader", rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }], createdAgo: 200 * DAY });
  r.metadata.managedFields = [{ apiVersion: "rbac.authorization.k8s.io/v1", fieldsType: "FieldsV1", fieldsV1: { "f:rules": {} }, manager: "helm", operation: "Update", time: c.ago(50 * MIN) }];
  r.metadata.labels = { "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "platform-rbac-0.9.0" };
  roleBinding(c, { ns: "tools", name: "config-reloader", role: "config-reloader", subjects: [{ kind: "ServiceAccount", name: "config-reloader", namespace: "tools" }], createdAgo: 200 * DAY });
  configMap(c, { ns: "tools", name: "reloader-targets", data: { "targets.yaml": "watch:\n  - namespace: tools\n    selector: reload.acme.io/enabled=true\n" }, createdAgo: 200 * DAY });
  const spec = { serviceAccountName: "config-reloader", containers: [{ name: "config-reloader", image: "registry.acme.io/platform/config-reloader:0.14.2", args: ["--namespace=tools", "--selector=reload.acme.io/enabled=true"], requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } }] };
  const parts = deployment(c, { ns: "tools", name: "config-reloader", replicas: 1, revisions: [{ spec, rolledAgo: 27 * DAY }], firstRevision: 4 });
  const p = pod(c, { owner: parts.current, node: nodes[1]!, createdAgo: 27 * DAY, containers: { "config-reloader": crashLoop(12, errored(1, 80, 79)) } });
  settleDeployment(c, parts);
  const denied = 'configmaps is forbidden: User "system:serviceaccount:tools:config-reloader" cannot list resource "configmaps" in API group "" in the namespace "tools"';
  const boot = (t: number) => lines(c,
    [t, 'level=info msg="config-reloader 0.14.2 starting" namespace=tools selector=reload.acme.io/enabled=true'],
    [t - 1, `W1119 ${c.clock.date(t - 1).toISOString().slice(11, 23)}000       1 reflector.go:561] k8s.io/client-go/informers/factory.go:160: failed to list *v1.ConfigMap: ${denied}`],
    [t - 1, `level=fatal msg="initial sync failed" error="${denied.replaceAll('"', '\\"')}"`],
  );
  podLogs(c, p, { "config-reloader": { current: boot(80), previous: boot(80 + 301) } });
  restartEvents(c, p, "config-reloader", { restarts: 12, since: 48 * MIN, lastStartAgo: 80 });
  healthyApp(c, { ns: "tools", name: "internal-docs", nodes, replicas: 1 });
  recoveredRestarter(c, { ns: "tools", name: "cert-expiry-checker", nodes, hoursAgo: 23 });
  nodeNoise(c, nodes[1]!);
  const alert = alertmanagerWebhook(c, { rule: "KubePodCrashLooping", labels: { container: "config-reloader", namespace: "tools", pod: p.metadata.name, reason: "CrashLoopBackOff", uid: p.metadata.uid! }, startsAgo: 25 * MIN });
  return scenarioFromCluster(c, {
    description: "config-reloader exits because its ServiceAccount may no longer list configmaps (403 from the API server)",
    alert,
    expected: {
      category: "rbac-denied",
      culprit: [{ kind: "ServiceAccount", namespace: "tools", name: "config-reloader" }, { kind: "RoleBinding", namespace: "tools", name: "config-reloader" }, { kind: "Role", namespace: "tools", name: "config-reloader" }],
      mustMention: ["configmaps", "forbidden"],
    },
  });
}
