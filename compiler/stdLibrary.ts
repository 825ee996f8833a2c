// Which file of the standard library (specs/std, imported as `std/<name>`) defines each
// function, for the hint a call of one that is not imported gets: `imbalance(5)` without
// `import "std/book"` is E0013 with `help: \`imbalance\` is in the standard library: add
// \`import "std/book"\``. Read only when such a call is found, and again only when a file of
// the library changed (a checkout's specs/std may be edited while a language server runs).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseSource } from "../grammar/parser.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { MAX_SOURCE_BYTES, readSourceFile, STD_DIR } from "./sources.js";

let cached: { stamp: string; imports: Map<string, string> } | undefined;

/** Each function of the standard library and the import that brings it (`std/book`); the first file's where two define one. */
export function stdImports(): ReadonlyMap<string, string> {
  let files: string[];
  try {
    files = readdirSync(STD_DIR)
      .filter((name) => name.endsWith(".feat"))
      .sort();
  } catch {
    return new Map();
  }
  const stamp = files
    .map((name) => `${name}:${statSync(join(STD_DIR, name), { throwIfNoEntry: false })?.mtimeMs}`)
    .join();
  if (cached?.stamp === stamp) return cached.imports;
  const imports = new Map<string, string>();
  for (const file of files) {
    const read = readSourceFile(join(STD_DIR, file), MAX_SOURCE_BYTES);
    if (!("text" in read)) continue;
    const importName = `std/${file.slice(0, -".feat".length)}`;
    for (const item of parseSource(read.text, `${importName}.feat`).tree?.items ?? [])
      if (item.kind === "fn" && !imports.has(item.name)) imports.set(item.name, importName);
  }
  cached = { stamp, imports };
  return imports;
}

const UNKNOWN_FUNCTION = /^cannot find function `([^`]+)`$/;

/**
 * `diagnostic` with the import hint when it is a call of a function the file does not have
 * but the standard library does (in place of a did-you-mean: the name is exact); else as it is.
 */
export function withStdImportHint(diagnostic: Diagnostic): Diagnostic {
  const name = diagnostic.code === "E0013" ? UNKNOWN_FUNCTION.exec(diagnostic.message)?.[1] : undefined;
  const importName = name === undefined ? undefined : stdImports().get(name);
  if (importName === undefined) return diagnostic;
  return { ...diagnostic, hint: `\`${name}\` is in the standard library: add \`import "${importName}"\`` };
}
