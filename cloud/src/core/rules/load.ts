import { readFile } from "node:fs/promises";
import { KubesleuthError } from "../../../../shared/src/index.js";
import { parseRules, type RuleSet } from "./ruleset.js";

/** Read and validate a rule file from disk (local server, CLI). Lambda handlers bundle the text instead. */
export async function loadRulesFile(path: string): Promise<RuleSet> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `cannot read rule file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseRules(text, path);
}
