import { describe, expect, it } from "vitest";
import { UnsafeShellText, shellWords } from "./shell-words.js";

describe("shellWords (the checker itself)", () => {
  it("splits quoted words as a POSIX shell does", () => {
    expect(shellWords(`kubectl patch service a -n b --type merge -p '{"spec":{"x":"y z"}}'`)).toEqual(["kubectl", "patch", "service", "a", "-n", "b", "--type", "merge", "-p", '{"spec":{"x":"y z"}}']);
    expect(shellWords(`a 'it'\\''s' "q\\"x" b\\ c`)).toEqual(["a", "it's", 'q"x', "b c"]);
  });
  it("refuses anything the shell would interpret", () => {
    for (const t of ["a; b", "a | b", "a && b", "a > f", "a $(b)", "a `b`", 'a "$HOME"', "a $X", "a *", "a ~/x", "a #c", "a 'b", "a\nb", "a (b)", "a\\"]) {
      expect(() => shellWords(t), t).toThrow(UnsafeShellText);
    }
  });
});
