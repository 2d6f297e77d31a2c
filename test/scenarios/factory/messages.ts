/**
 * Message texts exactly as Kubernetes components format them (kubelet kuberuntime/images/prober, scheduler,
 * controller-manager). Analyzers match on these, so they are copied from the source, not paraphrased.
 */
export const MSG = {
  // kubelet, kuberuntime_container.go / kuberuntime_manager.go (v1.31)
  created: (container: string) => `Created container ${container}`,
  started: (container: string) => `Started container ${container}`,
  killing: (container: string) => `Stopping container ${container}`,
  backOffRestart: (container: string, pod: string, ns: string, uid: string) => `Back-off restarting failed container ${container} in pod ${pod}_${ns}(${uid})`,
  createConfigError: (err: string) => `Error: ${err}`,
  // kubelet, images/image_manager.go
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, secs: string, waiting: string, bytes: number) => `Successfully pulled image "${image}" in ${secs} (${waiting} including waiting). Image size: ${bytes} bytes.`,
  alreadyPresent: (image: string) => `Container image "${image}" already present on machine`,
  failedPull: (image: string, err: string) => `Failed to pull image "${image}": ${err}`,
  errImagePull: "Error: ErrImagePull",
  backOffPull: (image: string) => `Back-off pulling image "${image}"`,
  errImagePullBackOff: "Error: ImagePullBackOff",
  pullSecretsMissing: (names: string) => `Unable to retrieve some image pull secrets (${names}); attempting to pull the image may not succeed.`,
  /** containerd's NotFound for a missing tag. */
  containerdNotFound: (ref: string) => `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
  /** containerd 1.7 resolver error when the registry refuses the request (401 without/with wrong credentials). */
  containerdStatus: (ref: string, host: string, status: "401 Unauthorized" | "403 Forbidden") => `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pulling from host ${host} failed with status code [manifests ${ref.split(":").pop()}]: ${status}`,
  // kubelet, prober/prober.go and kuberuntime (probe-triggered restarts)
  probeFailed: (probe: "Liveness" | "Readiness" | "Startup", output: string) => `${probe} probe failed: ${output}`,
  probeHttpStatus: (code: number) => `HTTP probe failed with statuscode: ${code}`,
  probeConnRefused: (url: string, hostPort: string) => `Get "${url}": dial tcp ${hostPort}: connect: connection refused`,
  probeTimeout: (url: string) => `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  probeRestart: (container: string, probe: "liveness" | "startup") => `Container ${container} failed ${probe} probe, will be restarted`,
  // kubelet, volumemanager
  failedMount: (volume: string, err: string) => `MountVolume.SetUp failed for volume "${volume}" : ${err}`,
  // controller-manager
  scaled: (dir: "up" | "down", rs: string, to: number, from: number) => `Scaled ${dir} replica set ${rs} to ${to} from ${from}`,
  createdPod: (pod: string) => `Created pod: ${pod}`,
  deletedPod: (pod: string) => `Deleted pod: ${pod}`,
  stsCreatePod: (pod: string, sts: string) => `create Pod ${pod} in StatefulSet ${sts} successful`,
  // default-scheduler
  scheduled: (ns: string, pod: string, node: string) => `Successfully assigned ${ns}/${pod} to ${node}`,
} as const;
