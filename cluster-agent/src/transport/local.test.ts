import { describe, expect, it } from "vitest";
import type { AgentResult } from "../../../shared/src/index.js";
import { LocalTransport } from "./local.js";

describe("local transport", () => {
  it("bounds concurrency, answers what is in flight on stop, then refuses", async () => {
    let active = 0, peak = 0;
    const t = new LocalTransport(async (raw) => {
      active++; peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return { commandId: String((raw as any).id) } as AgentResult;
    }, 2);
    const results = Array.from({ length: 6 }, (_, i) => t.send({ id: `c${i}` }));
    await t.stop();
    expect((await Promise.all(results)).map((r) => r.commandId)).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
    expect(peak).toBe(2);
    await expect(t.send({ id: "late" })).rejects.toThrow(/stopped/);
  });
});
