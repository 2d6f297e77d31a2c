import { describe, expect, it } from "vitest";
import type { AgentResult } from "../../shared/src/index.js";
import { ResultMemo } from "./dedup.js";

const result = (id: string) => ({ commandId: id }) as unknown as AgentResult;

describe("result memo", () => {
  it("runs a command id once, concurrent duplicates share the answer", async () => {
    const memo = new ResultMemo();
    let runs = 0;
    const fn = async () => { runs++; await new Promise((r) => setTimeout(r, 5)); return result("a"); };
    const [x, y] = [memo.once("a", fn), memo.once("a", fn)];
    expect(y.duplicate).toBe(true);
    expect(await x.result).toBe(await y.result);
    expect(memo.once("a", fn).duplicate).toBe(true);
    expect(runs).toBe(1);
  });

  it("is bounded (oldest forgotten)", async () => {
    const memo = new ResultMemo(2);
    for (const id of ["a", "b", "c"]) await memo.once(id, async () => result(id)).result;
    expect(memo.size).toBe(2);
    expect(memo.once("a", async () => result("a2")).duplicate).toBe(false);
  });
});
