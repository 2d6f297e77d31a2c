/**
 * The agent chart without a helm binary: values validate against values.schema.json (ajv), every template
 * renders (minimal Go-template renderer, strict about the subset) to valid YAML of the expected kinds under
 * several value sets, RBAC is get/list/watch only and excludes Secrets unless opted in, security contexts are
 * hardened, and nothing listens for the outside world (no Service, Ingress or containerPort).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { TemplateError, documents, renderChart } from "./gotemplate.js";

const CHART = join(import.meta.dirname, "..", "kubesleuth-agent");
const RULES_FILE = join(CHART, "files", "rbac-rules.yaml");
const read = (p: string) => readFileSync(join(CHART, p), "utf8");
const templates: Record<string, string> = {};
for (const dir of ["templates", "templates/tests"]) {
  for (const f of readdirSync(join(CHART, dir))) if (/\.(yaml|tpl|txt)$/.test(f)) templates[`${dir}/${f}`.replace(/^templates\//, "")] = read(`${dir}/${f}`);
}
const chartMeta = parseYaml(read("Chart.yaml"));
const defaults = parseYaml(read("values.yaml"));
const schema = JSON.parse(read("values.schema.json"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** A provisional rule file in the agent's format, used while files/rbac-rules.yaml is not there yet. */
const SAMPLE_RULES = `rules:
  - apiGroups: [""]
    resources: [pods, pods/log, events, services, endpoints, configmaps, nodes, persistentvolumeclaims, namespaces]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: [deployments, replicasets, statefulsets, daemonsets]
    verbs: [get, list, watch]
`;
const ruleFiles = (): Record<string, string> => ({ "files/rbac-rules.yaml": existsSync(RULES_FILE) ? readFileSync(RULES_FILE, "utf8") : SAMPLE_RULES });

const required = {
  clusterId: "prod", aws: { region: "eu-west-1", credentials: { mode: "podIdentity" } },
  sqs: { commandQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/Commands-prod", resultsQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/Results" },
};

function merge(a: any, b: any): any {
  if (Array.isArray(b) || typeof b !== "object" || b === null) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out && typeof out[k] === "object" && !Array.isArray(out[k]) ? merge(out[k], v) : v;
  return out;
}

function render(over: any = {}, files = ruleFiles()) {
  const values = merge(merge(defaults, required), over);
  const ok = validate(values);
  if (!ok) throw new Error(`values invalid: ${JSON.stringify(validate.errors)}`);
  const out = renderChart(templates, files, values, { name: "ks", namespace: "kubesleuth" }, { Name: chartMeta.name, Version: chartMeta.version, AppVersion: chartMeta.appVersion });
  const docs: any[] = [];
  for (const [file, text] of Object.entries(out)) {
    if (file.endsWith(".txt")) continue;
    for (const d of documents(text)) docs.push({ ...(d as object), __file: file });
  }
  return { docs, notes: out["NOTES.txt"]!, kinds: docs.map((d) => d.kind).sort() };
}

describe("values", () => {
  it("every key of values.yaml is commented (directly, or through a commented parent block)", () => {
    const lines = read("values.yaml").split("\n");
    const stack: { indent: number; documented: boolean }[] = [];
    lines.forEach((line, i) => {
      const m = /^(\s*)([A-Za-z][\w.-]*):/.exec(line);
      if (!m) return;
      const indent = m[1]!.length;
      while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const prev = lines.slice(0, i).reverse().find((l) => l.trim() !== "") ?? "";
      const documented = prev.trim().startsWith("#") || stack.some((s) => s.documented);
      expect(documented, `values.yaml line ${i + 1} (${line.trim()}) has no comment`).toBe(true);
      stack.push({ indent, documented: prev.trim().startsWith("#") });
    });
  });

  it("defaults (plus the required install values) validate; bad values are rejected", () => {
    expect(validate(merge(defaults, required)), JSON.stringify(validate.errors)).toBe(true);
    for (const bad of [
      { securityContext: { allowPrivilegeEscalation: true } },
      { securityContext: { readOnlyRootFilesystem: false } },
      { podSecurityContext: { runAsNonRoot: false } },
      { aws: { credentials: { mode: "keys" } } },
      { sqs: { commandQueueUrl: "http://plain" } },
      { rbac: { namespaces: ["Bad_NS"] } },
      { unknownKey: 1 },
      { agent: { qps: 0 } },
    ]) {
      expect(validate(merge(merge(defaults, required), bad)), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("templates", () => {
  it("cluster-wide install renders ServiceAccount, ClusterRole, ClusterRoleBinding, Deployment, NetworkPolicy and the test Pod", () => {
    const { kinds, docs } = render();
    expect(kinds).toEqual(["ClusterRole", "ClusterRoleBinding", "Deployment", "NetworkPolicy", "Pod", "ServiceAccount"].sort());
    for (const d of docs) {
      expect(d.apiVersion, d.__file).toBeTruthy();
      expect(d.metadata.name, d.__file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(d.metadata.labels["app.kubernetes.io/instance"]).toBe("ks");
    }
    const binding = docs.find((d) => d.kind === "ClusterRoleBinding");
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "ks-kubesleuth-agent", namespace: "kubesleuth" }]);
    expect(binding.roleRef.name).toBe(docs.find((d) => d.kind === "ClusterRole").metadata.name);
  });

  it("never exposes the agent: no Service, no Ingress, no containerPort, no host namespaces", () => {
    for (const over of [{}, { podDisruptionBudget: { enabled: true }, replicaCount: 2 }, { rbac: { namespaces: ["shop", "payments"] } }]) {
      const { docs, kinds } = render(over);
      expect(kinds).not.toContain("Service");
      expect(kinds).not.toContain("Ingress");
      const pod = docs.find((d) => d.kind === "Deployment").spec.template.spec;
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      for (const c of pod.containers) expect(c.ports).toBeUndefined();
      const np = docs.find((d) => d.kind === "NetworkPolicy");
      expect(np.spec.policyTypes).toEqual(["Ingress"]);
      expect(np.spec.ingress).toBeUndefined();
    }
  });

  it("security contexts are hardened on the agent and the test pod", () => {
    const { docs } = render();
    for (const d of docs.filter((x) => x.kind === "Deployment" || x.kind === "Pod")) {
      const spec = d.kind === "Deployment" ? d.spec.template.spec : d.spec;
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of spec.containers) {
        expect(c.securityContext, d.__file).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ["ALL"] } });
        expect(c.resources.limits.memory).toBeDefined();
      }
    }
  });

  it("Deployment wires cluster id, queues, region and probes from values", () => {
    const { docs } = render({ image: { tag: "1.2.3" } });
    const c = docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ KUBESLEUTH_CLUSTER_ID: "prod", AWS_REGION: "eu-west-1", KUBESLEUTH_COMMAND_QUEUE_URL: required.sqs.commandQueueUrl, KUBESLEUTH_RESULTS_QUEUE_URL: required.sqs.resultsQueueUrl, KUBESLEUTH_QPS: "5" });
    expect(c.image).toBe("ghcr.io/kubesleuth/kubesleuth-agent:1.2.3");
    expect(c.livenessProbe.httpGet).toEqual({ path: "/healthz", port: 8081 });
    expect(env.KUBESLEUTH_HEALTH_HOST).toBe("0.0.0.0");
    const loopback = render({ agent: { healthHost: "127.0.0.1" } }).docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0];
    expect(loopback.livenessProbe).toBeUndefined();
    expect(c.env.some((e: any) => e.name === "AWS_ACCESS_KEY_ID")).toBe(false);
    expect(render().docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].image).toBe(`ghcr.io/kubesleuth/kubesleuth-agent:${chartMeta.appVersion}`);
  });

  it("credentials: IRSA annotation, or an existing Secret; required values fail loudly", () => {
    const irsa = render({ aws: { credentials: { mode: "irsa", roleArn: "arn:aws:iam::123456789012:role/ks-agent" } } });
    expect(irsa.docs.find((d) => d.kind === "ServiceAccount").metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ks-agent" });
    const secret = render({ aws: { credentials: { mode: "secret", existingSecret: "aws-keys" } } });
    const env = secret.docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === "AWS_SECRET_ACCESS_KEY").valueFrom.secretKeyRef).toEqual({ name: "aws-keys", key: "AWS_SECRET_ACCESS_KEY" });
    expect(() => render({ aws: { credentials: { mode: "secret" } } })).toThrow(/existingSecret is required/);
    expect(() => render({ clusterId: "" })).toThrow(/clusterId is required/);
    expect(render().docs.find((d) => d.kind === "ServiceAccount").metadata.annotations).toBeUndefined();
  });

  it("namespaced RBAC: one Role + RoleBinding per namespace, no cluster-wide grant; the test checks the first namespace", () => {
    const { docs, kinds } = render({ rbac: { namespaces: ["shop", "payments"] } });
    expect(kinds.filter((k) => k.startsWith("Cluster"))).toEqual([]);
    expect(docs.filter((d) => d.kind === "Role").map((d) => d.metadata.namespace)).toEqual(["shop", "payments"]);
    expect(docs.filter((d) => d.kind === "RoleBinding").map((d) => [d.metadata.namespace, d.subjects[0].namespace])).toEqual([["shop", "kubesleuth"], ["payments", "kubesleuth"]]);
    const test = docs.find((d) => d.kind === "Pod");
    expect(test.spec.containers[0].env).toContainEqual({ name: "NS", value: "shop" });
    expect(docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].env).toContainEqual({ name: "KUBESLEUTH_NAMESPACES", value: "shop,payments" });
  });

  it("optional PodDisruptionBudget selects the agent pods", () => {
    expect(render().kinds).not.toContain("PodDisruptionBudget");
    const { docs } = render({ podDisruptionBudget: { enabled: true }, replicaCount: 2 });
    const pdb = docs.find((d) => d.kind === "PodDisruptionBudget");
    expect(pdb.spec.selector.matchLabels).toEqual(docs.find((d) => d.kind === "Deployment").spec.selector.matchLabels);
  });

  it("helm test pod runs as the agent ServiceAccount with positive and negative can-i checks", () => {
    const { docs } = render();
    const pod = docs.find((d) => d.kind === "Pod");
    expect(pod.metadata.annotations["helm.sh/hook"]).toBe("test");
    expect(pod.spec.serviceAccountName).toBe("ks-kubesleuth-agent");
    const script = pod.spec.containers[0].args[0];
    expect(script).toMatch(/check yes get pods --subresource=log/);
    expect(script).toMatch(/check no delete pods/);
    expect(script).toMatch(/check "\$WANT_SECRETS" get secrets/);
    expect(pod.spec.containers[0].env).toContainEqual({ name: "WANT_SECRETS", value: "no" });
    expect(render({ rbac: { secretMetadata: true } }).docs.find((d) => d.kind === "Pod").spec.containers[0].env).toContainEqual({ name: "WANT_SECRETS", value: "yes" });
  });

  it("NOTES mention the queues and the helm test command", () => {
    const { notes } = render();
    expect(notes).toContain(required.sqs.commandQueueUrl);
    expect(notes).toContain("helm test ks -n kubesleuth");
    expect(notes).toContain("create-pod-identity-association");
  });

  it("the renderer is strict: unknown functions and unbalanced blocks fail", () => {
    expect(() => renderChart({ "x.yaml": "{{ nosuchfn 1 }}" }, {}, {}, { name: "a", namespace: "b" }, { Name: "c", Version: "1", AppVersion: "1" })).toThrow(TemplateError);
    expect(() => renderChart({ "x.yaml": "{{ if .Values }}" }, {}, {}, { name: "a", namespace: "b" }, { Name: "c", Version: "1", AppVersion: "1" })).toThrow(TemplateError);
  });
});

describe("RBAC rules", () => {
  const rulesOf = (docs: any[]) => docs.filter((d) => d.kind === "ClusterRole" || d.kind === "Role").flatMap((d) => d.rules);

  it("accepts the rule file as a map with `rules` or as a bare list", () => {
    const asMap = rulesOf(render({}, { "files/rbac-rules.yaml": SAMPLE_RULES }).docs);
    const asList = rulesOf(render({}, { "files/rbac-rules.yaml": parseYaml(SAMPLE_RULES).rules.map((r: unknown) => "- " + JSON.stringify(r)).join("\n") }).docs);
    expect(asList).toEqual(asMap);
    expect(() => render({}, { "files/rbac-rules.yaml": "" })).toThrow(/holds no rules/);
  });

  it.skipIf(!existsSync(RULES_FILE))("the chart grants exactly files/rbac-rules.yaml", () => {
    const file = parseYaml(readFileSync(RULES_FILE, "utf8"));
    expect(rulesOf(render().docs)).toEqual(Array.isArray(file) ? file : file.rules);
  });

  for (const secretMetadata of [false, true]) {
    it(`get/list/watch only; secrets ${secretMetadata ? "only when opted in" : "excluded"}; pods/log readable; no wildcards`, () => {
      const rules = rulesOf(render({ rbac: { secretMetadata } }).docs);
      expect(rules.length).toBeGreaterThan(0);
      for (const r of rules) {
        for (const v of r.verbs) expect(["get", "list", "watch"]).toContain(v);
        expect(r.resources).not.toContain("*");
        expect(r.apiGroups).not.toContain("*");
        expect(r.nonResourceURLs).toBeUndefined();
        expect(r.resources.some((x: string) => /(^|\/)(exec|attach|portforward|proxy|token)$/.test(x))).toBe(false);
      }
      const all = rules.flatMap((r: any) => r.resources);
      expect(all).toContain("pods/log");
      expect(all.includes("secrets")).toBe(secretMetadata);
    });
  }
});

describe("README", () => {
  it("documents every values.yaml key in the parameter table", () => {
    const readme = read("README.md");
    const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!));
    const keys: string[] = [];
    const walk = (o: any, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        const key = prefix ? `${prefix}.${k}` : k;
        if (documented.has(key)) continue;
        if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) walk(v, key);
        else keys.push(key);
      }
    };
    walk(defaults, "");
    expect(keys).toEqual([]);
  });
});
