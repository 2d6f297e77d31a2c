import { Scn } from "../factory/kit-b.js";
import { EXPR } from "../factory/exprs-b.js";
import { ANNOTATIONS, backgroundWarnings, healthyApp, markAvailable, recoveredRestarter, workers } from "../factory/neighbours-b.js";

/**
 * api crash-loops because postgres refuses connections; postgres-0 itself crash-loops on a full data volume.
 * The api rollout two hours ago is a red herring: the crashes began when postgres went down, 30 minutes ago.
 */
export default function build(): Scn {
  const scn = new Scn("api-postgres-down", "api crash-loops with connection refused to postgres, which is itself down (its data volume is full)", "2026-11-22T03:14:00Z", "prod-eu-west-1");
  scn.namespace("api");
  scn.namespace("data");
  const nodes = workers(scn, 3);
  // postgres: the dependency, failing on its own.
  const pgSpec = { containers: [{ name: "postgres", image: "docker.io/library/postgres:16.4", ports: [{ containerPort: 5432, name: "postgres" }], requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" }, readinessProbe: { exec: { command: ["pg_isready", "-U", "app"] }, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3 }, volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }] }] };
  const pg = scn.statefulSet("data", "postgres", { replicas: 1, spec: pgSpec, volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem" } }], status: { availableReplicas: 0, collisionCount: 0, currentReplicas: 1, currentRevision: "postgres-5f7d8c9b6", observedGeneration: 3, replicas: 1, updateRevision: "postgres-5f7d8c9b6", updatedReplicas: 1 } });
  const pgPod = scn.pod(pg, { node: nodes[2]!.name, nodeIp: nodes[2]!.ip, state: { kind: "crashloop", restarts: 9, exitCode: 1, finishedAgo: 50 }, createdAgo: 40 * 86_400 });
  scn.podLogs(pgPod, { postgres: {
    current: scn.lines([52, "2026-11-22 03:13:08.112 UTC [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu"], [50, '2026-11-22 03:13:10.004 UTC [1] FATAL:  could not write lock file "postmaster.pid": No space left on device']),
    previous: scn.lines([360, "2026-11-22 03:08:02.310 UTC [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu"], [358, '2026-11-22 03:08:04.001 UTC [1] FATAL:  could not write lock file "postmaster.pid": No space left on device']),
  } });
  scn.event(pgPod, "Warning", "BackOff", `Back-off restarting failed container postgres in pod postgres-0_data(${pgPod.metadata.uid})`, { component: "kubelet", host: nodes[2]!.name, first: 1_750, last: 40, count: 121, fieldPath: "spec.containers{postgres}" });
  scn.raw({ apiVersion: "v1", kind: "PersistentVolumeClaim", name: "data-postgres-0", namespace: "data", createdAgo: 300 * 86_400, labels: { app: "postgres" }, extra: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "gp3", volumeMode: "Filesystem", volumeName: "pvc-1c9e7a52-8b3d-4f60-a2c4-7d5e9b1f3a08" }, status: { accessModes: ["ReadWriteOnce"], capacity: { storage: "20Gi" }, phase: "Bound" } } });
  scn.service("data", "postgres", { selector: { app: "postgres" }, ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }] });
  // api: the alerting workload.
  const mk = (tag: string) => ({ containers: [{ name: "api", image: `registry.acme.io/api/api:${tag}`, ports: [{ containerPort: 8080, name: "http" }], env: [{ name: "DATABASE_HOST", value: "postgres.data.svc.cluster.local" }, { name: "DATABASE_PORT", value: "5432" }], requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } }] });
  const { deploy, rs } = scn.deployment("api", "api", { replicas: 3, spec: mk("8.20.1"), history: [{ spec: mk("8.20.0"), rolledAgo: 9 * 86_400 }], rolledAgo: 7_300 });
  const pods = [0, 1, 2].map((i) => scn.pod(rs, { node: nodes[i]!.name, nodeIp: nodes[i]!.ip, state: { kind: "crashloop", restarts: 7 + i, exitCode: 1, finishedAgo: 40 + i * 25 }, createdAgo: 7_250 }));
  const refused = (ago: number) => scn.lines([ago + 2, "api 8.20.1 starting, connecting to postgres.data.svc.cluster.local:5432"], [ago, 'FATAL failed to connect to `host=postgres.data.svc.cluster.local user=api database=api`: dial error (dial tcp 10.96.44.12:5432: connect: connection refused)']);
  for (const p of pods) {
    scn.podLogs(p, { api: { current: refused(30), previous: refused(330) } });
    scn.event(p, "Warning", "BackOff", `Back-off restarting failed container api in pod ${p.metadata.name}_api(${p.metadata.uid})`, { component: "kubelet", host: p.spec.nodeName, first: 1_600, last: 35, count: 88, fieldPath: "spec.containers{api}" });
  }
  markAvailable(scn, deploy, rs, 3, 0);
  scn.service("api", "api", { selector: { app: "api" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
  scn.event(deploy, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} to 3 from 2`, { component: "deployment-controller", first: 7_200 });
  healthyApp(scn, "data", "pgbouncer-metrics", nodes, { replicas: 1 });
  healthyApp(scn, "api", "api-docs", nodes, { replicas: 1 });
  recoveredRestarter(scn, "data", "data-archiver", nodes);
  backgroundWarnings(scn, "api", "api-docs", nodes);
  const pod = pods[0]!.metadata.name;
  scn.alert({ alertname: "KubePodCrashLooping", ...{ container: "api", namespace: "api", pod }, job: "kube-state-metrics", severity: "warning", uid: pods[0]!.metadata.uid! }, ANNOTATIONS.KubePodCrashLooping("api", pod, "api"), 1_000, EXPR.KubePodCrashLooping);
  scn.expected({ category: "dependency-failure", culprit: [{ kind: "StatefulSet", namespace: "data", name: "postgres" }, { kind: "Service", namespace: "data", name: "postgres" }], mustMention: ["postgres", "connection refused"] });
  return scn;
}
