import { describe, expect, it } from "vitest";
import { MASK, sanitizeObject } from "../../../shared/src/index.js";
import { diffTemplates } from "./template-diff.js";

const tpl = (c: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ spec: { containers: [{ name: "api", image: "api:1", ...c }], ...spec } });

describe("pod-template diff", () => {
  it("reports image, args, command, resources, probes, volumes and scheduling changes", () => {
    const a = tpl({ args: ["--port=8080"], resources: { limits: { memory: "512Mi" } }, livenessProbe: { httpGet: { path: "/healthz", port: 8080 } } }, { volumes: [{ name: "cfg", configMap: { name: "a" } }] });
    const b = tpl({ image: "api:2", args: ["--port=9090"], command: ["/app"], resources: { limits: { memory: "256Mi" } }, livenessProbe: { httpGet: { path: "/healthz", port: 9090 } } }, { volumes: [{ name: "cfg", configMap: { name: "b" } }], nodeSelector: { gpu: "true" } });
    const changes = diffTemplates(a, b);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    expect(byPath["containers[api].image"]).toEqual({ path: "containers[api].image", before: "api:1", after: "api:2" });
    expect(byPath["containers[api].args"]!.after).toBe('["--port=9090"]');
    expect(byPath["containers[api].command"]).toEqual({ path: "containers[api].command", after: '["/app"]' });
    expect(byPath["containers[api].resources.limits.memory"]).toMatchObject({ before: "512Mi", after: "256Mi" });
    expect(byPath["containers[api].livenessProbe"]).toBeDefined();
    expect(byPath["volumes[cfg]"]).toBeDefined();
    expect(byPath["nodeSelector"]).toEqual({ path: "nodeSelector", after: '{"gpu":"true"}' });
    expect(diffTemplates(a, structuredClone(a))).toEqual([]);
  });

  it("masks sensitive env values, keeps others", () => {
    const a = sanitizeObject(tpl({ env: [{ name: "DB_PASSWORD", value: "hunter2" }, { name: "POOL", value: "10" }] }));
    const b = sanitizeObject(tpl({ env: [{ name: "DB_PASSWORD", value: "s3cret!" }, { name: "POOL", value: "twenty" }, { name: "URL", value: "postgres://u:pw@db/x" }] }));
    const changes = diffTemplates(a, b);
    expect(JSON.stringify(changes)).not.toMatch(/hunter2|s3cret|:pw@/);
    expect(changes.find((c) => c.path === "containers[api].env.POOL")).toEqual({ path: "containers[api].env.POOL", before: "10", after: "twenty" });
    expect(changes.find((c) => c.path === "containers[api].env.DB_PASSWORD")).toBeUndefined(); // both masked: no visible change
    expect(changes.find((c) => c.path === "containers[api].env.URL")!.after).toContain(MASK);
  });
});
