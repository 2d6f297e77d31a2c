/**
 * A strict POSIX shell-words splitter for checking remediation commands: returns the words a POSIX shell would
 * pass to the program, and throws UnsafeShellText wherever the shell would do anything but literal splitting
 * (an unquoted or double-quoted expansion, an operator, a redirection, a glob, a comment, a tilde). A command it
 * accepts is safe to paste: the shell runs exactly one program with exactly these arguments.
 */
export class UnsafeShellText extends Error {}

const OPERATORS = new Set(["|", "&", ";", "<", ">", "(", ")", "$", "`", "\n", "\r"]);
const GLOB = new Set(["*", "?", "["]);

export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  let i = 0;
  const fail = (why: string) => {
    throw new UnsafeShellText(`${why} at offset ${i} in: ${text}`);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t") {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
      i++;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail("unterminated single quote");
      cur = (cur ?? "") + text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= text.length) fail("unterminated double quote");
        const d = text[i]!;
        if (d === '"') break;
        if (d === "$" || d === "`") fail(`expansion ${d} inside double quotes`);
        if (d === "\\" && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          s += text[i + 1];
          i += 2;
          continue;
        }
        s += d;
        i++;
      }
      cur = (cur ?? "") + s;
      i++;
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= text.length) fail("trailing backslash");
      if (text[i + 1] === "\n") fail("line continuation");
      cur = (cur ?? "") + text[i + 1];
      i += 2;
      continue;
    }
    if (OPERATORS.has(c)) fail(`unquoted ${JSON.stringify(c)}`);
    if (GLOB.has(c)) fail(`unquoted glob ${c}`);
    if (cur === undefined && (c === "#" || c === "~")) fail(`unquoted ${c} at the start of a word`);
    if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) fail(`unquoted control character ${c.charCodeAt(0)}`);
    cur = (cur ?? "") + c;
    i++;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}
