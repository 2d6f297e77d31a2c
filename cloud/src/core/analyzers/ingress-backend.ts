/** Ingress backend Service missing, port not defined on the Service, or TLS secret missing. */
import type { EvidenceItem, KubeObject, Remediation, ResourceRef } from "../../../../shared/src/index.js";
import * as k from "../remediation/kubectl.js";
import { tryCommand } from "../remediation/quote.js";
import { eventItem, logItem, specItem } from "./common.js";
import { editDistance, lines, refOf } from "./kube.js";
import type { Analyzer, Candidate } from "./types.js";

interface Backend { service: string; port: any; path: string; host?: string; jsonPath: string }

function backends(ing: KubeObject): Backend[] {
  const out: Backend[] = [];
  const db = ing.spec?.defaultBackend?.service;
  if (db) out.push({ service: db.name, port: db.port, path: "(default)", jsonPath: "/spec/defaultBackend/service" });
  (ing.spec?.rules ?? []).forEach((r: any, i: number) =>
    (r.http?.paths ?? []).forEach((p: any, j: number) => {
      if (p.backend?.service) out.push({ service: p.backend.service.name, port: p.backend.service.port, path: p.path ?? "/", host: r.host, jsonPath: `/spec/rules/${i}/http/paths/${j}/backend/service` });
    }));
  return out;
}

export const ingressBackend: Analyzer = {
  name: "ingress-backend",
  categories: ["ingress-backend"],
  analyze(ctx) {
    const out: Candidate[] = [];
    for (const ing of ctx.graphObjects("Ingress")) {
      const ns = ing.metadata.namespace!;
      const ingRef = refOf(ing);
      const problems: string[] = [];
      let tlsOnly = true;
      let controllerSaid = false;
      const evidence: EvidenceItem[] = [];
      const remediation: Remediation[] = [];
      for (const b of backends(ing)) {
        const sref: ResourceRef = { kind: "Service", namespace: ns, name: b.service };
        const svc = ctx.get(sref);
        const where = `${b.host ?? "*"}${b.path}`;
        if (!svc) {
          if (!ctx.isMissing(sref) && !ctx.graph.edges.some((e) => e.type === "missing-reference" && e.to.endsWith(`/${b.service}`))) continue;
          problems.push(`backend Service ${b.service} (for ${where}) does not exist`);
          tlsOnly = false;
          evidence.push(specItem(ingRef, `Ingress ${ing.metadata.name} routes ${where} to Service ${b.service} port ${b.port?.number ?? b.port?.name}, which does not exist in namespace ${ns}`));
          const near = ctx.objects("Service", ns).map((s) => ({ s, d: editDistance(s.metadata.name, b.service) })).sort((a, c) => a.d - c.d)[0];
          if (near && (near.d <= 3 || near.s.metadata.name.includes(b.service) || b.service.includes(near.s.metadata.name))) {
            remediation.push({ description: `Point ${where} at the existing Service ${near.s.metadata.name} (closest name to ${b.service}).`, command: tryCommand(() => k.patchJson(ingRef, [{ op: "replace", path: `${b.jsonPath}/name`, value: near.s.metadata.name }])), needsJudgment: true });
          }
          continue;
        }
        const ports: any[] = svc.spec?.ports ?? [];
        const ok = b.port?.number !== undefined ? ports.some((p) => p.port === b.port.number) : ports.some((p) => p.name === b.port?.name);
        if (!ok) {
          const want = b.port?.number ?? b.port?.name;
          tlsOnly = false;
          problems.push(`backend port ${want} is not a port of Service ${b.service} (it has ${ports.map((p) => `${p.port}${p.name ? `/${p.name}` : ""}`).join(", ")})`);
          evidence.push(specItem(ingRef, `Ingress ${ing.metadata.name} routes ${where} to Service ${b.service} port ${want}`));
          evidence.push(specItem(sref, `Service ${b.service} exposes ports ${ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ""}`).join(", ")}`));
          if (ports.length) {
            const target = ports.find((p) => p.name && /http/.test(p.name)) ?? ports[0];
            remediation.push({ description: `Route ${where} to port ${target.port} of Service ${b.service}.`, command: tryCommand(() => k.patchJson(ingRef, [{ op: "replace", path: `${b.jsonPath}/port`, value: { number: target.port } }])), needsJudgment: ports.length > 1 });
          }
        }
      }
      for (const t of ing.spec?.tls ?? []) {
        if (!t.secretName) continue;
        const sref = { kind: "Secret", namespace: ns, name: t.secretName };
        if (ctx.get(sref)) continue;
        // The agent may not be allowed to read Secrets: then the controller's own log is what proves it missing.
        const knownMissing = ctx.isMissing(sref) || ctx.graph.edges.some((e) => (e.type === "tls-secret" || e.type === "missing-reference") && e.to.endsWith(`/${t.secretName}`) && ctx.graph.nodes.find((n) => n.id === e.to)?.missing);
        const said = ctx.evidence.logs.flatMap((l) => lines(l.text).filter((x) => x.includes(`${ns}/${t.secretName}`) && /not found|no object matching|default certificate/i.test(x)).map((x) => ({ l, x })));
        if (!knownMissing && !said.length) continue;
        problems.push(`TLS secret ${t.secretName} (hosts ${(t.hosts ?? []).join(", ")}) does not exist`);
        evidence.push(specItem(ingRef, `Ingress ${ing.metadata.name} terminates TLS for ${(t.hosts ?? []).join(", ")} with Secret ${t.secretName}, which does not exist in namespace ${ns}`));
        if (said.length) {
          controllerSaid = true;
          evidence.push(logItem(said.at(-1)!.l, said.at(-1)!.x, "ingress controller "));
        }
        remediation.push({ description: `Create the TLS Secret ${t.secretName} in namespace ${ns} (kubectl create secret tls ${t.secretName} -n ${ns} --cert=... --key=..., or fix the cert-manager Certificate that should issue it), or point spec.tls at the existing secret.`, needsJudgment: true, warning: "Until then the controller serves its default (fake) certificate." });
      }
      if (!problems.length) continue;
      // A missing TLS secret only serves the default certificate: claim it firmly when something corroborates it
      // (an event or log naming the secret, or an alert about TLS/HTTPS), else leave room for other causes.
      const tlsNames = (ing.spec?.tls ?? []).map((t: any) => t.secretName).filter(Boolean) as string[];
      const alertText = `${ctx.alert.alertname} ${ctx.alert.summary ?? ""} ${ctx.alert.description ?? ""} ${Object.values(ctx.alert.labels).join(" ")}`;
      const corroborated = controllerSaid || ctx.events().some((e) => tlsNames.some((n) => e.message.includes(n))) || ctx.evidence.logs.some((l) => tlsNames.some((n) => l.text.includes(n)));
      const tlsAlert = /certificate|ssl|tls|x509|https:\/\//i.test(alertText);
      for (const e of ctx.eventsFor(ingRef).filter((e) => e.type === "Warning").slice(0, 2)) evidence.push(eventItem(e));
      remediation.push({ description: "Check the Ingress afterwards.", command: tryCommand(() => k.describe(ingRef)) });
      out.push({
        analyzer: "ingress-backend",
        category: "ingress-backend",
        culprit: ingRef,
        confidence: !tlsOnly || corroborated ? "high" : tlsAlert ? "medium" : "low",
        summary: `Ingress ${ing.metadata.name}: ${problems.join("; ")}.`,
        evidence,
        remediation,
        specificity: tlsOnly && !corroborated && !tlsAlert ? 0.5 : 0.9,
      });
    }
    return out;
  },
};
