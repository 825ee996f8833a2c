#!/usr/bin/env node
// The featc command line. Sources are TypeScript under compiler/cli; `npm install` builds dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/compiler/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error(
    "featc: not built yet: run `npm install` (or `npm run build`) in " + fileURLToPath(new URL("..", import.meta.url)),
  );
  process.exit(2);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
