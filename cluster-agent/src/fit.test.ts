import { describe, expect, it } from "vitest";
import { TRUNCATION_MARKER } from "../../shared/src/index.js";
import { fitToSize } from "./fit.js";

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe("fit to the result size cap", () => {
  it("leaves small values alone (same object)", () => {
    const v = { a: "x".repeat(100) };
    expect(fitToSize(v, 10_000)).toEqual({ value: v, truncated: false, warnings: [] });
  });

  it("cuts the largest text, keeps the newest end of logs, marks it, never mutates the input", () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n");
    const v = { namespace: "a", pod: "b", container: "c", previous: false, text, truncated: false, other: "y".repeat(2000) };
    const f = fitToSize(v, 20_000)!;
    expect(bytes(f.value)).toBeLessThanOrEqual(20_000);
    expect(f.truncated).toBe(true);
    expect(f.value.text.startsWith(TRUNCATION_MARKER)).toBe(true);
    expect(f.value.text.endsWith("line 4999")).toBe(true);
    expect(f.value.truncated).toBe(true);
    expect(v.text).toBe(text);
  });

  it("cuts non-log strings at the end with the marker", () => {
    const f = fitToSize({ message: "m".repeat(50_000) }, 10_000)!;
    expect(f.value.message.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(bytes(f.value)).toBeLessThanOrEqual(10_000);
  });

  it("drops trailing items of big arrays with a warning when many small items are the problem", () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ name: `pod-${i}`, phase: "Running" }));
    const f = fitToSize({ items }, 50_000)!;
    expect(bytes(f.value)).toBeLessThanOrEqual(50_000);
    expect(f.value.items.length).toBeLessThan(5000);
    expect(f.value.items[0].name).toBe("pod-0");
    expect(f.warnings.join(" ")).toMatch(/items left out/);
  });

  it("gives up (undefined) when nothing can be cut", () => {
    expect(fitToSize({ k: "short" }, 5)).toBeUndefined();
  });
});
