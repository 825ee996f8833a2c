// The kernel cache (compiler/build/buildKernel.ts) serves a kernel only when it was made from
// the same IR by the same generators: a TypeScript module or a Rust library left by another
// generator (its key differs) is made again, never loaded.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../compiler/build/buildKernel.js";
import { compileFile } from "../../compiler/compile.js";
import { scratchDir } from "../support/paths.js";

describe("the kernel cache", () => {
  const program = compileFile(join("test", "parity", "specs", "quantile.feat")).program!;
  const cacheDir = scratchDir("kernel-cache");

  it("serves an unchanged kernel and makes again one whose TypeScript came from another generator", () => {
    const first = buildKernel(program, { cacheDir, native: false });
    expect(first.cached).toBe(false);
    const module = readFileSync(first.jsModulePath, "utf8");
    expect(buildKernel(program, { cacheDir, native: false }).cached).toBe(true);

    // What an older featc with the same IR hash would have left: another module, another key.
    writeFileSync(first.jsModulePath, "export const stale = true;\n");
    writeFileSync(join(first.dir, "ts.key"), "made by another generator");
    const again = buildKernel(program, { cacheDir, native: false });
    expect(again.cached).toBe(false);
    expect(readFileSync(again.jsModulePath, "utf8")).toBe(module);
  });

  it("makes again a module whose key is missing", () => {
    const built = buildKernel(program, { cacheDir, native: false });
    writeFileSync(join(built.dir, "ts.key"), "");
    expect(buildKernel(program, { cacheDir, native: false }).cached).toBe(false);
  });
});
