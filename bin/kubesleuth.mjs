#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx kubesleuth` works right after `npm ci`, with no build step.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register();
const entry = new URL("../cloud/src/cli/main.ts", import.meta.url);
const { main } = await import(fileURLToPath(entry));
process.exitCode = await main(process.argv.slice(2));
