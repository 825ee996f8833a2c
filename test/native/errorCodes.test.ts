// One list of error codes for both runtimes: the TypeScript list (FEATC_ERROR_CODES in
// runtime/errors.ts) holds exactly the codes the Rust sources declare (featc-core's `code`
// module, which the addon uses as its own, and the importers' codes in native/import), plus
// the codes only TypeScript raises. Read from the sources, so no build is needed.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATC_ERROR_CODES } from "../../runtime/errors.js";
import { REPO } from "../support/paths.js";

/** Raised only in TypeScript: by runtime/native/binding.ts, before there is an addon to raise
 *  anything, and by the memory check made before a run allocates (compiler/extract/memoryCheck.ts). */
const TYPESCRIPT_ONLY = ["NATIVE_NOT_BUILT", "OUT_OF_MEMORY"];

const CRATES = ["core", "addon", "import"].map((c) => join(REPO, "native", c, "src"));

function rustFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? rustFiles(join(dir, e.name)) : e.name.endsWith(".rs") ? [join(dir, e.name)] : [],
  );
}

const CONST = /pub const ([A-Z][A-Z0-9_]*): &str = "([^"]*)";/g;

/** The codes a Rust file declares: every constant of a `pub mod code` block, and each
 *  file-level string constant the file passes to `FeatcError::new` as a code. */
function declaredCodes(text: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const block of text.matchAll(/pub mod code \{([^}]*)\}/g))
    for (const [, name, value] of block[1].matchAll(CONST)) codes.set(name, value);
  for (const [, name, value] of text.matchAll(CONST))
    if (new RegExp(`(FeatcError|HostError)::new\\(\\s*${name}\\b`).test(text)) codes.set(name, value);
  return codes;
}

function rustCodes(): { declared: Set<string>; literals: string[] } {
  const declared = new Set<string>();
  const literals: string[] = [];
  for (const file of CRATES.flatMap(rustFiles)) {
    const text = readFileSync(file, "utf8");
    for (const value of declaredCodes(text).values()) declared.add(value);
    for (const [, literal] of text.matchAll(/(?:FeatcError|HostError)::new\(\s*"([^"]*)"/g)) literals.push(literal);
  }
  return { declared, literals };
}

describe("error codes", () => {
  const { declared, literals } = rustCodes();

  it("are the same list in Rust and TypeScript", () => {
    expect(declared.size).toBeGreaterThan(20);
    expect([...FEATC_ERROR_CODES].sort()).toEqual([...declared, ...TYPESCRIPT_ONLY].sort());
  });

  it("appear once in the TypeScript list", () => {
    expect(new Set(FEATC_ERROR_CODES).size).toBe(FEATC_ERROR_CODES.length);
  });

  it("are raised in Rust through the declared constants or as listed codes", () => {
    expect(literals.filter((code) => !declared.has(code))).toEqual([]);
  });

  it("have one name for a bad argument, option or request", () => {
    expect(FEATC_ERROR_CODES).toContain("BAD_ARGUMENT");
    for (const synonym of ["USAGE", "BAD_REQUEST"]) {
      expect(FEATC_ERROR_CODES).not.toContain(synonym);
      expect(declared.has(synonym)).toBe(false);
    }
    // And no TypeScript source raises one.
    for (const dir of ["runtime", "compiler"]) {
      for (const file of readdirSync(join(REPO, dir), { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts")) continue;
        const text = readFileSync(join(REPO, dir, file), "utf8");
        expect(text, file).not.toMatch(/"(USAGE|BAD_REQUEST)"/);
      }
    }
  });
});
