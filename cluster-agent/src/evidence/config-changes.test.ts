import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../shared/src/index.js";
import type { Reader } from "../k8s/reader.js";
import { SecretAccess } from "../k8s/secrets.js";
import { ConfigMemory, configChanges } from "./config-changes.js";

const cm = (rv: string, data: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "ns", resourceVersion: rv, creationTimestamp: "2026-11-01T00:00:00Z" }, data });
/** The one Reader method config.changes uses, over a mutable object: the cluster changing between investigations. */
const readerOf = (state: { obj?: KubeObject }) => ({ tryGet: async () => state.obj }) as unknown as Reader;
const ref = { kind: "ConfigMap", namespace: "ns", name: "app" };

describe("config.changes", () => {
  it("diffs a ConfigMap against the version this process saw earlier (values masked), only when it changed", async () => {
    const memory = new ConfigMemory();
    const state = { obj: cm("1", { "pool.size": "10", "db.url": "postgres://u:pw@db/x", gone: "x" }) };
    const first = await configChanges(readerOf(state), new SecretAccess(true), memory, { refs: [ref] });
    expect(first.data.changes[0]!.dataDiff).toBeUndefined();
    expect(first.data.changes[0]!.lastChangedAt).toBe("2026-11-01T00:00:00Z");
    state.obj = cm("2", { "pool.size": "twenty", "db.url": "postgres://u:other@db/x", added: "y" });
    const second = await configChanges(readerOf(state), new SecretAccess(true), memory, { refs: [ref] });
    expect(second.data.changes[0]!.dataDiff).toEqual([
      { key: "added", after: "y" },
      { key: "db.url", before: "postgres://u:****@db/x", after: "postgres://u:****@db/x" },
      { key: "gone", before: "x" },
      { key: "pool.size", before: "10", after: "twenty" },
    ]);
    const third = await configChanges(readerOf(state), new SecretAccess(true), memory, { refs: [ref] });
    expect(third.data.changes[0]!.dataDiff).toBeUndefined(); // same resourceVersion: nothing new
  });

  it("Secrets: keys only, never values", async () => {
    const secret: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "ns" }, data: { password: "aHVudGVyMg==" } };
    const r = await configChanges(readerOf({ obj: secret }), new SecretAccess(true), new ConfigMemory(), { refs: [{ kind: "Secret", namespace: "ns", name: "s" }] });
    expect(r.data.changes).toEqual([{ ref: { kind: "Secret", namespace: "ns", name: "s" }, exists: true, keys: ["password"] }]);
  });
});
