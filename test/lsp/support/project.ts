// A scratch project for the tests that edit files: a folder with a package.json (its project
// root, compiler/sources.ts) and the given `.feat` files.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { scratchDir } from "../../support/paths.js";

export function scratchProject(tag: string, files: Record<string, string>): string {
  const root = scratchDir(tag);
  writeFileSync(join(root, "package.json"), '{ "name": "scratch" }\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
