import { describe, expect, it } from "vitest";
import { BUILTIN_TYPES } from "./resources.js";
import { compileFieldSelector, matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors.js";
import { ApiError } from "./status.js";

const labels = { app: "checkout", tier: "backend", "app.kubernetes.io/part-of": "shop", version: "12" };
const sel = (s: string) => matchesLabels(parseLabelSelector(s), labels);
const type = (kind: string) => BUILTIN_TYPES.find((t) => t.kind === kind)!;

describe("label selectors", () => {
  it("equality, inequality, set-based, existence and gt/lt", () => {
    expect(sel("")).toBe(true);
    expect(sel("app=checkout")).toBe(true);
    expect(sel("app==checkout")).toBe(true);
    expect(sel("app=web")).toBe(false);
    expect(sel("app!=web")).toBe(true);
    expect(sel("missing!=x")).toBe(true); // != matches objects without the label, like Kubernetes
    expect(sel("tier in (frontend, backend)")).toBe(true);
    expect(sel("tier in (frontend)")).toBe(false);
    expect(sel("tier notin (frontend)")).toBe(true);
    expect(sel("missing notin (x)")).toBe(true);
    expect(sel("app.kubernetes.io/part-of")).toBe(true);
    expect(sel("!app.kubernetes.io/part-of")).toBe(false);
    expect(sel("!missing,app=checkout,tier in (backend)")).toBe(true);
    expect(sel("version>10,version<13")).toBe(true);
    expect(sel("version>12")).toBe(false);
    expect(matchesLabels(parseLabelSelector("app"), undefined)).toBe(false);
    expect(matchesLabels(parseLabelSelector("!app"), undefined)).toBe(true);
  });

  it("parses requirement structure", () => {
    expect(parseLabelSelector("a in (x,y),!b,c!=d,e")).toEqual([
      { key: "a", op: "in", values: ["x", "y"] },
      { key: "b", op: "!exists", values: [] },
      { key: "c", op: "!=", values: ["d"] },
      { key: "e", op: "exists", values: [] },
    ]);
  });

  it.each(["app=", "a in x", "a in (x", "=x", "app=checkout,", "a b", "bad key!=x y", "app=a$b", "-bad=x"])(
    "rejects %j with a 400 BadRequest",
    (s) => {
      if (s === "app=") {
        // an empty value is legal (matches the empty label value)
        expect(parseLabelSelector(s)).toEqual([{ key: "app", op: "=", values: [""] }]);
        return;
      }
      let err: unknown;
      try {
        parseLabelSelector(s);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
      expect((err as ApiError).reason).toBe("BadRequest");
    },
  );
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p1", namespace: "shop" }, spec: { nodeName: "node-a" }, status: { phase: "Running" } };
  const ev = { metadata: { name: "e1", namespace: "shop" }, involvedObject: { kind: "Pod", name: "p1", namespace: "shop", uid: "u1" }, reason: "BackOff", type: "Warning" };

  it("parses =, ==, != and escapes", () => {
    expect(parseFieldSelector("a=b,c==d,e!=f")).toEqual([
      { field: "a", op: "=", value: "b" },
      { field: "c", op: "=", value: "d" },
      { field: "e", op: "!=", value: "f" },
    ]);
    expect(parseFieldSelector("metadata.name=a\\,b")).toEqual([{ field: "metadata.name", op: "=", value: "a,b" }]);
    expect(parseFieldSelector("")).toEqual([]);
    expect(() => parseFieldSelector("nonsense")).toThrow(/invalid selector/);
  });

  it("matches pod and event fields the API server supports", () => {
    const podSel = (s: string) => compileFieldSelector(type("Pod"), parseFieldSelector(s))!(pod);
    expect(podSel("spec.nodeName=node-a,status.phase!=Succeeded,status.phase!=Failed")).toBe(true);
    expect(podSel("metadata.name=p1,metadata.namespace=shop")).toBe(true);
    expect(podSel("status.phase=Pending")).toBe(false);
    const evSel = (s: string) => compileFieldSelector(type("Event"), parseFieldSelector(s))!(ev);
    expect(evSel("involvedObject.kind=Pod,involvedObject.name=p1,involvedObject.namespace=shop,involvedObject.uid=u1")).toBe(true);
    expect(evSel("type=Warning,reason=BackOff")).toBe(true);
    expect(evSel("involvedObject.uid=other")).toBe(false);
  });

  it("rejects unsupported field labels like the real server", () => {
    expect(() => compileFieldSelector(type("Pod"), parseFieldSelector("spec.containers=x"))).toThrow("field label not supported: spec.containers");
    // cluster-scoped kinds have no metadata.namespace field
    expect(() => compileFieldSelector(type("Node"), parseFieldSelector("metadata.namespace=x"))).toThrow("field label not supported: metadata.namespace");
  });
});
