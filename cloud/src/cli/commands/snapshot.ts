import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { errorMessage, K8S_NAME_RE, KubesleuthError, type ResourceRef } from "../../../../shared/src/index.js";
import { SNAPSHOT_KINDS } from "../../local/snapshot/alert.js";
import { takeSnapshot } from "../../local/snapshot/take.js";
import { UsageError, type CliCommand } from "../command.js";

const usage = `Usage: kubesleuth snapshot --namespace N --target KIND/NAME --out DIR [options]

Investigate KIND/NAME in the current kubeconfig context (read-only) and write what the investigation read
as a scenario folder: cluster.yaml (objects as the API served them, Secret values removed, credentials
masked, container logs as PodLogs documents), scenario.yaml (now = the time of the snapshot) and alert.json.
Replay it offline with \`kubesleuth investigate --scenario DIR\` or \`kubesleuth demo --scenario DIR\`.

Options:
  --namespace N       namespace of the target
  --target KIND/NAME  e.g. deployment/payments-api, pod/web-0, svc/catalog, pvc/data-postgres-0, node/ip-10-0-1-2
  --out DIR           folder to write (created)
  --alert FILE        keep this Alertmanager webhook body as alert.json (and investigate what it names)
  --alertname NAME    alertname of the synthesized alert (default KubesleuthSnapshot)
  --name NAME         scenario name (default <namespace>-<name>-snapshot)
  --kubeconfig FILE   kubeconfig (default $KUBECONFIG or ~/.kube/config)
  --context NAME      kubeconfig context (default: current)
  --now RFC3339       scenario clock (default: now)
  -h, --help          show this help

Review cluster.yaml before sharing it: names, labels and log lines are your cluster's.`;

const SHORT: Record<string, string> = {
  po: "Pod", pod: "Pod", pods: "Pod", deploy: "Deployment", deployment: "Deployment", deployments: "Deployment",
  sts: "StatefulSet", statefulset: "StatefulSet", ds: "DaemonSet", daemonset: "DaemonSet", rs: "ReplicaSet", replicaset: "ReplicaSet",
  job: "Job", cj: "CronJob", cronjob: "CronJob", svc: "Service", service: "Service", ing: "Ingress", ingress: "Ingress",
  pvc: "PersistentVolumeClaim", persistentvolumeclaim: "PersistentVolumeClaim", no: "Node", node: "Node",
  hpa: "HorizontalPodAutoscaler", horizontalpodautoscaler: "HorizontalPodAutoscaler", ns: "Namespace", namespace: "Namespace",
};

export function parseTarget(text: string, namespace: string): ResourceRef {
  const m = /^([A-Za-z]+)\/(.+)$/.exec(text);
  if (!m) throw new UsageError(`--target must be KIND/NAME, got ${text}`);
  const kind = SHORT[m[1]!.toLowerCase()] ?? SNAPSHOT_KINDS.find((k) => k.toLowerCase() === m[1]!.toLowerCase());
  if (!kind) throw new UsageError(`--target kind ${m[1]} is not one an investigation starts from (${SNAPSHOT_KINDS.join(", ")})`);
  if (!K8S_NAME_RE.test(m[2]!)) throw new UsageError(`--target name ${m[2]} is not a valid Kubernetes name`);
  return kind === "Node" || kind === "Namespace" ? { kind, name: m[2]! } : { kind, namespace, name: m[2]! };
}

const command: CliCommand = {
  name: "snapshot",
  summary: "capture what an investigation of a resource reads as a replayable scenario folder",
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv, strict: true,
        options: {
          namespace: { type: "string", short: "n" }, target: { type: "string" }, out: { type: "string" }, alert: { type: "string" }, alertname: { type: "string" },
          name: { type: "string" }, kubeconfig: { type: "string" }, context: { type: "string" }, now: { type: "string" },
        },
      }));
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
    if (!values.namespace || !K8S_NAME_RE.test(values.namespace)) throw new UsageError("--namespace is required (a valid namespace name)");
    if (!values.out) throw new UsageError("--out DIR is required");
    if (!values.target && !values.alert) throw new UsageError("--target KIND/NAME is required");
    const target = values.target ? parseTarget(values.target, values.namespace) : undefined;
    let alertBody: unknown;
    if (values.alert) {
      try {
        alertBody = JSON.parse(await readFile(values.alert, "utf8"));
      } catch (e) {
        throw new KubesleuthError("BAD_REQUEST", `--alert ${values.alert}: ${errorMessage(e)}`);
      }
    }
    let now: Date | undefined;
    if (values.now) {
      now = new Date(values.now);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not a date: ${values.now}`);
    }
    if (values.name && !/^[a-z0-9][a-z0-9-]*$/.test(values.name)) throw new UsageError("--name: lowercase letters, digits and dashes");
    const r = await takeSnapshot({ out: values.out, namespace: values.namespace, target, alertBody, alertname: values.alertname, name: values.name, kubeconfigPath: values.kubeconfig, context: values.context, now });
    console.log(`wrote ${r.dir}: ${r.objects} objects, ${r.podLogs} pod logs (${r.apiRequests} API requests, read-only)`);
    console.log(`diagnosis at capture: ${r.report.rootCause.category} (${r.report.rootCause.confidence})${r.report.rootCause.resource ? ` culprit ${r.report.rootCause.resource.kind}/${r.report.rootCause.resource.name}` : ""}`);
    console.log(`replay:  npx kubesleuth investigate --scenario ${r.dir}`);
    return 0;
  },
};

export default command;
