import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { errorMessage, isKubesleuthError } from "../../../shared/src/index.js";
import { UsageError, type CliCommand } from "./command.js";

const COMMANDS_DIR = fileURLToPath(new URL("./commands/", import.meta.url));

async function commandNames(): Promise<string[]> {
  return (await readdir(COMMANDS_DIR))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!(await commandNames()).includes(name)) return undefined;
  const mod = await import(new URL(`./commands/${name}.ts`, import.meta.url).href);
  return mod.default as CliCommand;
}

async function generalHelp(): Promise<string> {
  const lines = ["kubesleuth: read-only incident investigator for Kubernetes", "", "Usage: kubesleuth <command> [options]", "", "Commands:"];
  for (const name of await commandNames()) {
    const cmd = await loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push("", "Run `kubesleuth <command> --help` for a command's options.");
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(await generalHelp());
    return name ? 0 : 2;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`kubesleuth: unknown command "${name}"\n\n${await generalHelp()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`kubesleuth ${name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    console.error(`kubesleuth ${name}: ${isKubesleuthError(e) ? `[${e.code}] ` : ""}${errorMessage(e)}`);
    return 1;
  }
}
