// The standard library's functions with their declarations (specs/std, `import "std/<name>"`),
// for completing, describing and importing a function the document does not import yet.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseSource } from "../../grammar/parser.js";
import type { FnDecl } from "../../grammar/syntax.js";
import { MAX_SOURCE_BYTES, readSourceFile, STD_DIR } from "../sources.js";

export interface StdFunction {
  decl: FnDecl;
  /** The path an import names it by: `std/book` (docs/language.md section 9). */
  importPath: string;
  /** Its file's text. */
  text: string;
}

let cached: { stamp: string; functions: Map<string, StdFunction> } | undefined;

/** Every function of the standard library, the first of a name where two files define it. */
export function stdFunctions(): Map<string, StdFunction> {
  let names: string[];
  try {
    names = readdirSync(STD_DIR)
      .filter((name) => name.endsWith(".feat"))
      .sort();
  } catch {
    return new Map();
  }
  // Read again only when a file of the library changed (the repository's own std may be edited).
  const stamp = names.map((name) => `${name}:${statSync(join(STD_DIR, name)).mtimeMs}`).join(",");
  if (cached?.stamp === stamp) return cached.functions;
  const functions = new Map<string, StdFunction>();
  for (const name of names) {
    const read = readSourceFile(join(STD_DIR, name), MAX_SOURCE_BYTES);
    if (!("text" in read)) continue;
    const tree = parseSource(read.text, `std/${name}`).tree;
    for (const item of tree?.items ?? []) {
      if (item.kind === "fn" && !functions.has(item.name))
        functions.set(item.name, { decl: item, importPath: `std/${name.slice(0, -".feat".length)}`, text: read.text });
    }
  }
  cached = { stamp, functions };
  return functions;
}
