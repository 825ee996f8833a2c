// The kernel cache (compiler/build/buildKernel.ts) serves a kernel only when it was made from
// the same IR by the same generators and none of its files changed since: a TypeScript module
// or a Rust library left by another generator (its key differs), or changed in place (its hash
// differs from the entry's manifest), is made again, never loaded.
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildKernel, KernelBuildError } from "../../compiler/build/buildKernel.js";
import { compileFile, compileSource } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import { KERNEL_CACHE, scratchDir } from "../support/paths.js";

const POISON = "globalThis.POISONED = true;\nexport const meta = {};\nexport function createKernel() {}\n";

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

  it.each(["kernel.mjs", "kernel.ts", "ir.json", "ir.txt"])(
    "notices a tampered %s under an intact key and rebuilds before anything is loaded",
    async (file) => {
      const built = buildKernel(program, { cacheDir, native: false });
      const original = readFileSync(join(built.dir, file), "utf8");
      writeFileSync(join(built.dir, file), POISON);
      const again = buildKernel(program, { cacheDir, native: false });
      expect(again.cached).toBe(false);
      expect(readFileSync(join(again.dir, file), "utf8")).toBe(original);
      await loadTsKernel(again.jsModulePath);
      expect((globalThis as { POISONED?: boolean }).POISONED).toBeUndefined();
      expect(buildKernel(program, { cacheDir, native: false }).cached).toBe(true);
    },
  );

  it("rebuilds an entry whose file is missing or whose manifest lists another hash", () => {
    const built = buildKernel(program, { cacheDir, native: false });
    rmSync(built.jsModulePath);
    expect(buildKernel(program, { cacheDir, native: false }).cached).toBe(false);
    const manifest = JSON.parse(readFileSync(join(built.dir, "ts.key"), "utf8"));
    manifest.files["kernel.mjs"] = "0".repeat(64);
    writeFileSync(join(built.dir, "ts.key"), JSON.stringify(manifest));
    expect(buildKernel(program, { cacheDir, native: false }).cached).toBe(false);
  });

  it.skipIf(process.platform === "win32")("refuses a cache that any user can write", () => {
    const shared = scratchDir("kernel-cache-shared");
    chmodSync(shared, 0o777);
    expect(() => buildKernel(program, { cacheDir: shared, native: false })).toThrow(KernelBuildError);
    chmodSync(shared, 0o755);
    expect(buildKernel(program, { cacheDir: shared, native: false }).cached).toBe(false);
  });

  it.skipIf(spawnSync("cargo", ["--version"]).status !== 0)(
    "notices a tampered kernel library and builds it again from its sources",
    () => {
      // A dataset of its own in the shared cache: featc-core is compiled once a test run, and no
      // other test loads this entry while it is tampered with.
      const own = compileSource(
        "dataset cache_tamper_check {\n  trigger trade\n  mid = book.mid\n  last = prev(book.mid)\n}\n",
        "cache_tamper_check.feat",
      ).program!;
      const first = buildKernel(own, { cacheDir: KERNEL_CACHE, native: true });
      const library = readFileSync(first.nativeLibPath!);
      expect(buildKernel(own, { cacheDir: KERNEL_CACHE, native: true }).cached).toBe(true);

      writeFileSync(first.nativeLibPath!, "not the library this entry was made with");
      const again = buildKernel(own, { cacheDir: KERNEL_CACHE, native: true });
      expect(again.cached).toBe(false);
      expect(readFileSync(again.nativeLibPath!).equals(library)).toBe(true);

      // A changed generated source is noticed too, and the library is made from the real one.
      const libRs = join(first.dir, "rust", "src", "lib.rs");
      const source = readFileSync(libRs, "utf8");
      writeFileSync(
        libRs,
        source.replace("impl Kernel for GeneratedKernel", "// edited\nimpl Kernel for GeneratedKernel"),
      );
      expect(buildKernel(own, { cacheDir: KERNEL_CACHE, native: true }).cached).toBe(false);
      expect(readFileSync(libRs, "utf8")).toBe(source);
    },
  );
});
