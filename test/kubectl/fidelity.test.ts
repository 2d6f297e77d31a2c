/**
 * Fidelity: the REAL kubectl binary against the emulator serving the fixture scenario. What kubectl prints here is
 * what it prints against a real cluster with the same objects (server-side Table columns, describe, logs, paging).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioEmulator, type Emulator } from "../emulator/index.js";
import { kubectl, show } from "./kubectl.js";

const FIXTURE = fileURLToPath(new URL("../emulator/fixtures/shop", import.meta.url));
let emu: Emulator;
const k = (...args: string[]) => kubectl(emu.kubeconfigPath, args);

async function ok(...args: string[]): Promise<string> {
  const r = await k(...args);
  expect(r.code, show(r)).toBe(0);
  return r.stdout;
}

/** Rows of kubectl's column output as arrays of cells (split on 2+ spaces). */
const rows = (out: string) => out.trim().split("\n").map((l) => l.trim().split(/\s{2,}/));

beforeAll(async () => {
  emu = await startScenarioEmulator(FIXTURE);
});
afterAll(async () => {
  await emu?.close();
});

describe("kubectl get", () => {
  it("get pods -A -o wide prints server-side columns computed like a real API server", async () => {
    const out = await ok("get", "pods", "-A", "-o", "wide");
    const table = rows(out);
    expect(table[0]).toEqual(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    const byName = Object.fromEntries(table.slice(1).map((r) => [r[1], r]));
    expect(Object.keys(byName).sort()).toEqual(["backup-29384750-7xk2p", "checkout-7c9d8f6b5-m4q9z", "checkout-7c9d8f6b5-x2x7k", "web-6d8b9c7f4-q8w2n"]);
    // AGE and "(… ago)" are computed at the scenario clock (now = 03:00:00; last crash finished 02:57:02).
    expect(byName["checkout-7c9d8f6b5-x2x7k"]).toEqual(["shop", "checkout-7c9d8f6b5-x2x7k", "0/1", "CrashLoopBackOff", "6 (2m58s ago)", "19m", "10.244.1.21", "node-a", "<none>", "<none>"]);
    expect(byName["web-6d8b9c7f4-q8w2n"]!.slice(2, 4)).toEqual(["2/2", "Running"]);
    expect(byName["backup-29384750-7xk2p"]!.slice(0, 4)).toEqual(["ops", "backup-29384750-7xk2p", "0/1", "Completed"]);
  });

  it("label selectors: equality, set-based, inequality and existence", async () => {
    const names = async (...args: string[]) => rows(await ok("get", "pods", "-o", "name", ...args)).map((r) => r[0]).sort();
    expect(await names("-n", "shop", "-l", "app=checkout")).toEqual(["pod/checkout-7c9d8f6b5-m4q9z", "pod/checkout-7c9d8f6b5-x2x7k"]);
    expect(await names("-A", "-l", "tier in (frontend,batch)")).toEqual(["pod/backup-29384750-7xk2p", "pod/web-6d8b9c7f4-q8w2n"]);
    expect(await names("-A", "-l", "tier notin (frontend),app!=checkout")).toEqual(["pod/backup-29384750-7xk2p"]);
    expect(await names("-A", "-l", "job-name")).toEqual(["pod/backup-29384750-7xk2p"]);
    expect(await names("-n", "shop", "-l", "!job-name,tier=frontend")).toEqual(["pod/web-6d8b9c7f4-q8w2n"]);
    const none = await k("get", "pods", "-n", "shop", "-l", "app=nope");
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("No resources found in shop namespace.");
  });

  it("field selectors on pods (spec.nodeName, status.phase) and a 400 for an unsupported field", async () => {
    const out = await ok("get", "pods", "-A", "-o", "name", "--field-selector", "spec.nodeName=node-a,status.phase!=Succeeded");
    expect(out.trim().split("\n").sort()).toEqual(["pod/checkout-7c9d8f6b5-m4q9z", "pod/checkout-7c9d8f6b5-x2x7k", "pod/web-6d8b9c7f4-q8w2n"]);
    const bad = await k("get", "pods", "-A", "--field-selector", "spec.bogus=x");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('field label not supported: spec.bogus');
  });

  it("get all -n shop lists every kind of the `all` category", async () => {
    const out = await ok("get", "all", "-n", "shop");
    for (const name of ["pod/checkout-7c9d8f6b5-x2x7k", "service/checkout", "deployment.apps/checkout", "deployment.apps/web",
      "replicaset.apps/checkout-5f4b8c7d9", "replicaset.apps/checkout-7c9d8f6b5"]) {
      expect(out).toContain(name);
    }
    expect(out).toMatch(/deployment\.apps\/checkout\s+1\/2\s+2\s+1\s+/);
    expect(out).not.toContain("backup-29384750"); // other namespace
  });

  it("get events --field-selector involvedObject.name=... shows only that object's events", async () => {
    const out = await ok("get", "events", "-n", "shop", "--field-selector", "involvedObject.name=checkout-7c9d8f6b5-x2x7k");
    const table = rows(out);
    expect(table[0]).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    expect(table.slice(1).map((r) => r[2]).sort()).toEqual(["BackOff", "Pulled"]);
    expect(out).toContain("Back-off restarting failed container checkout in pod checkout-7c9d8f6b5-x2x7k_shop");
    const warnings = await ok("get", "events", "-A", "--field-selector", "type=Warning,reason=Unhealthy", "-o", "name");
    expect(warnings.trim()).toBe("event/web-6d8b9c7f4-q8w2n.187a1b2c3d4e5f80");
  });

  it("pagination with --chunk-size returns every object exactly once", async () => {
    emu.resetStats();
    const out = await ok("get", "pods", "-A", "-o", "name", "--chunk-size", "1");
    expect(out.trim().split("\n")).toHaveLength(4);
    expect(new Set(out.trim().split("\n")).size).toBe(4);
    expect(emu.stats().byVerbAndResource["list pods"]).toBe(4);
  });

  it("other kinds: ingress, endpoints, endpointslices, configmaps, secrets, nodes, namespaces, ingressclasses", async () => {
    const out = await ok("get", "ingress,endpoints,endpointslices,configmaps,secrets", "-n", "shop");
    expect(out).toMatch(/ingress\.networking\.k8s\.io\/shop\s+nginx\s+shop\.acme\.io\s+k8s-ingress-0123456789\.elb\.eu-west-1\.amazonaws\.com\s+80, 443/);
    expect(out).toMatch(/endpoints\/checkout\s+10\.244\.1\.22:8080/);
    expect(out).toMatch(/endpointslice\.discovery\.k8s\.io\/checkout-8k2zq\s+IPv4\s+8080\s+10\.244\.1\.22,10\.244\.1\.21/);
    expect(out).toMatch(/configmap\/checkout-config\s+2/);
    expect(out).toMatch(/secret\/checkout-db\s+Opaque\s+1/);
    const nodes = await ok("get", "nodes", "-o", "wide");
    expect(nodes).toMatch(/node-a\s+Ready\s+worker\s+\d+d\s+v1\.32\.4\s+10\.0\.1\.10\s+<none>\s+Amazon Linux 2023\s+6\.1\.134\s+containerd:\/\/1\.7\.27/);
    expect(await ok("get", "ns")).toMatch(/shop\s+Active/);
    expect(await ok("get", "ingressclass")).toMatch(/nginx\s+k8s\.io\/ingress-nginx\s+<none>/);
  });

  it("get -o yaml / -o json return the stored object; 404 for a missing one", async () => {
    const y = await ok("get", "deployment", "checkout", "-n", "shop", "-o", "jsonpath={.metadata.uid} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
    expect(y).toBe("6f1d2c3b-0010-4000-8000-000000000010 2");
    const missing = await k("get", "pod", "nope", "-n", "shop");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    const missingDeploy = await k("get", "deploy", "nope", "-n", "shop");
    expect(missingDeploy.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });

  it("kubectl top reads metrics.k8s.io", async () => {
    const pods = await ok("top", "pods", "-n", "shop");
    expect(pods).toMatch(/checkout-7c9d8f6b5-m4q9z\s+12m\s+96Mi/);
    expect(pods).toMatch(/web-6d8b9c7f4-q8w2n\s+4m\s+32Mi/);
    expect(await ok("top", "nodes")).toMatch(/node-a\s+412m\s+10%\s+3215Mi/);
  });
});

describe("kubectl describe", () => {
  it("describe pod shows status, owner and its events", async () => {
    const out = await ok("describe", "pod", "checkout-7c9d8f6b5-x2x7k", "-n", "shop");
    expect(out).toMatch(/Controlled By:\s+ReplicaSet\/checkout-7c9d8f6b5/);
    expect(out).toMatch(/State:\s+Waiting\s+Reason:\s+CrashLoopBackOff/);
    expect(out).toMatch(/Last State:\s+Terminated\s+Reason:\s+Error\s+Exit Code:\s+1/);
    expect(out).toMatch(/Restart Count:\s+6/);
    expect(out).toMatch(/Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container checkout/);
    expect(out).toMatch(/Normal\s+Pulled/);
  });

  it("describe deployment finds its ReplicaSets through the selector and its events", async () => {
    const out = await ok("describe", "deployment", "checkout", "-n", "shop");
    expect(out).toMatch(/Replicas:\s+2 desired \| 2 updated \| 2 total \| 1 available \| 1 unavailable/);
    expect(out).toMatch(/OldReplicaSets:\s+checkout-5f4b8c7d9 \(0\/0 replicas created\)/);
    expect(out).toMatch(/NewReplicaSet:\s+checkout-7c9d8f6b5 \(2\/2 replicas created\)/);
    expect(out).toContain("Scaled up replica set checkout-7c9d8f6b5 from 0 to 2");
  });

  it("describe service reads its EndpointSlices", async () => {
    const out = await ok("describe", "service", "checkout", "-n", "shop");
    expect(out).toMatch(/Selector:\s+app=checkout/);
    expect(out).toMatch(/TargetPort:\s+http\/TCP/);
    expect(out).toMatch(/Endpoints:\s+10\.244\.1\.22:8080/);
  });

  it("describe ingress resolves backends to service endpoints", async () => {
    const out = await ok("describe", "ingress", "shop", "-n", "shop");
    expect(out).toMatch(/Ingress Class:\s+nginx/);
    expect(out).toMatch(/shop-tls terminates shop\.acme\.io/);
    expect(out).toMatch(/\/checkout\s+checkout:http \(10\.244\.1\.22:8080\)/);
  });

  it("describe node lists its non-terminated pods (field selector with !=) and allocations", async () => {
    const out = await ok("describe", "node", "node-a");
    expect(out).toMatch(/Roles:\s+worker/);
    // the node heartbeat Lease every real cluster has, derived from the Ready condition's last heartbeat
    expect(out).toMatch(/Lease:\s+HolderIdentity:\s+node-a\s+AcquireTime:\s+<unset>\s+RenewTime:\s+Fri, 20 Nov 2026 02:59:30 \+0000/);
    expect(out).toMatch(/Non-terminated Pods:\s+\(3 in total\)/);
    expect(out).toContain("checkout-7c9d8f6b5-x2x7k");
    expect(out).not.toContain("backup-29384750-7xk2p"); // Succeeded: excluded by status.phase!=Succeeded
    expect(out).toMatch(/memory\s+256Mi \(1%\)\s+512Mi \(3%\)/);
  });
});

describe("kubectl logs", () => {
  it("logs --previous returns the previous container's log", async () => {
    const out = await ok("logs", "checkout-7c9d8f6b5-x2x7k", "-n", "shop", "--previous");
    expect(out).toBe("2026-11-20T02:57:01Z checkout 1.5.0 starting\n2026-11-20T02:57:01Z loading config from env\n2026-11-20T02:57:02Z FATAL PAYMENT_PROVIDER_URL is required but not set\n");
    expect(await ok("logs", "checkout-7c9d8f6b5-x2x7k", "-n", "shop", "--previous", "--tail", "1")).toBe("2026-11-20T02:57:02Z FATAL PAYMENT_PROVIDER_URL is required but not set\n");
  });

  it("logs --previous without a previous container is the API server's 400", async () => {
    const r = await k("logs", "web-6d8b9c7f4-q8w2n", "-n", "shop", "-c", "web", "--previous");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (BadRequest): previous terminated container "web" in pod "web-6d8b9c7f4-q8w2n" not found');
  });

  it("logs -c picks the container; the default container annotation is honoured; --since filters by log time", async () => {
    expect(await ok("logs", "web-6d8b9c7f4-q8w2n", "-n", "shop", "-c", "log-shipper")).toBe("2026-11-20T02:50:00Z [info] [output:forward] flushed 120 records\n");
    const dflt = await ok("logs", "web-6d8b9c7f4-q8w2n", "-n", "shop");
    expect(dflt).toContain('"GET / HTTP/1.1" 200 615');
    expect(await ok("logs", "web-6d8b9c7f4-q8w2n", "-n", "shop", "-c", "web", "--since", "90s")).toBe('2026-11-20T02:59:00Z 10.244.1.1 - - "GET /healthz HTTP/1.1" 200 2\n');
    expect(await ok("logs", "deployment/web", "-n", "shop", "-c", "web", "--limit-bytes", "20")).toBe("2026-11-20T02:58:00Z");
  });
});

describe("read-only", () => {
  it("kubectl delete is refused with 405 MethodNotAllowed", async () => {
    const r = await k("delete", "pod", "checkout-7c9d8f6b5-x2x7k", "-n", "shop", "--wait=false");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error from server (MethodNotAllowed): the server does not allow this method on the requested resource");
    const scale = await k("scale", "deployment/checkout", "-n", "shop", "--replicas=3");
    expect(scale.code).toBe(1);
    expect(scale.stderr).toContain("MethodNotAllowed");
  });
});
