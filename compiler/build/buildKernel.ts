// `featc build`: IR -> generated TypeScript module + Rust kernel library, cached by content.
//
// The cache key covers everything the output depends on: the IR, the featc version, the code
// generators with the runtime helpers they inline, and the featc-core sources the kernel links,
// so an unchanged spec is never rebuilt and a changed generator or runtime never serves a stale
// kernel (the IR hash alone stays the same when only the spelling of the code changes). Kernel crates share one cargo target directory, so
// featc-core is compiled once and a spec edit recompiles only the small generated crate.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { irHash, shortHash } from "../ir/hash.js";
import { printProgram } from "../ir/printer.js";
import type { IrProgram } from "../ir/types.js";
import { emitCargoToml, emitRustKernel } from "../codegen/rust/emitKernel.js";
import { emitTsKernel } from "../codegen/ts/emitKernel.js";
import { fileURLToPath } from "node:url";
import { FEATC_VERSION, NATIVE_CORE_DIR, NATIVE_LOCKFILE, PACKAGE_ROOT } from "./packageRoot.js";

export interface BuildOptions {
  /** Cache root; default `$FEATC_CACHE_DIR` or `./.featc`. */
  cacheDir?: string;
  /** Build the Rust kernel library too (needs cargo). Default true. */
  native?: boolean;
  /** Called with cargo's progress lines. */
  onLog?: (line: string) => void;
}

export interface BuiltKernel {
  program: IrProgram;
  irHash: string;
  dir: string;
  tsModulePath: string;
  jsModulePath: string;
  /** The kernel library (`.so`/`.dylib`), when built. */
  nativeLibPath?: string;
  /** True when everything came from the cache. */
  cached: boolean;
  seconds: number;
}

export function defaultCacheDir(): string {
  return resolve(process.env.FEATC_CACHE_DIR ?? ".featc");
}

/** Hash of the files under `roots` whose names `keep` accepts, with their relative paths. */
function treeHash(roots: readonly string[], keep: (name: string) => boolean): string {
  const h = createHash("sha256");
  const walk = (root: string, dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(root, p);
      else if (keep(name)) h.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  for (const root of roots) walk(root, root);
  return h.digest("hex");
}

/** The featc-core sources a Rust kernel links: part of the native cache key. */
function coreSourceHash(): string {
  return treeHash([NATIVE_CORE_DIR], (name) => name.endsWith(".rs") || name === "Cargo.toml");
}

/**
 * The code generators and the TypeScript helpers they inline. From the sources where they are
 * there (a checkout), so the CLI (dist/) and the tests (sources) agree on one key; from the
 * compiled modules in an installed package.
 */
const GENERATOR_HASH = treeHash(
  [
    existsSync(join(PACKAGE_ROOT, "compiler", "codegen"))
      ? join(PACKAGE_ROOT, "compiler", "codegen")
      : fileURLToPath(new URL("../codegen", import.meta.url)),
    join(PACKAGE_ROOT, "runtime", "kernel"),
  ],
  (name) => /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts"),
);

/**
 * The dataset's name as a directory name: a spec's names are identifiers, but an IR from
 * elsewhere may say anything, and no name may leave the cache or exceed a file name's length.
 */
function directoryName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 64) || "_";
}

function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function libFileName(crate: string): string {
  if (process.platform === "darwin") return `lib${crate}.dylib`;
  if (process.platform === "win32") return `${crate}.dll`;
  return `lib${crate}.so`;
}

export class KernelBuildError extends Error {
  readonly code = "BUILD_FAILED";
}

function cargoBuild(crateDir: string, targetDir: string, onLog?: (line: string) => void): void {
  const r = spawnSync(
    "cargo",
    [
      "build",
      "--release",
      "--manifest-path",
      join(crateDir, "Cargo.toml"),
      "--target-dir",
      targetDir,
      "--message-format=short",
    ],
    { encoding: "utf8", env: { ...process.env, CARGO_TERM_COLOR: "never" }, maxBuffer: 64 << 20 },
  );
  if (r.error)
    throw new KernelBuildError(`cannot run cargo (${r.error.message}); install Rust (rustup) or use --engine ts`);
  for (const line of (r.stderr ?? "").split("\n")) if (line.trim()) onLog?.(line);
  if (r.status !== 0) {
    const tail = (r.stderr ?? "").split("\n").slice(-40).join("\n");
    throw new KernelBuildError(`cargo build of the generated kernel in ${crateDir} failed:\n${tail}`);
  }
}

export function buildKernel(program: IrProgram, opts: BuildOptions = {}): BuiltKernel {
  const started = performance.now();
  const hash = irHash(program);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const dir = join(cacheDir, "kernels", `${directoryName(program.name)}-${shortHash(hash)}`);
  mkdirSync(dir, { recursive: true });

  const header = { hash, featcVersion: FEATC_VERSION };
  const tsModulePath = join(dir, "kernel.ts");
  const jsModulePath = join(dir, "kernel.mjs");
  const tsKey = createHash("sha256").update(hash).update(FEATC_VERSION).update(GENERATOR_HASH).digest("hex");
  const tsKeyPath = join(dir, "ts.key");
  let cached =
    existsSync(jsModulePath) &&
    existsSync(join(dir, "ir.json")) &&
    existsSync(tsKeyPath) &&
    readFileSync(tsKeyPath, "utf8") === tsKey;
  if (!cached) {
    const tsKernel = emitTsKernel(program, header);
    writeIfChanged(join(dir, "ir.json"), JSON.stringify(program, null, 2) + "\n");
    writeIfChanged(join(dir, "ir.txt"), printProgram(program));
    writeIfChanged(tsModulePath, tsKernel.ts);
    writeIfChanged(jsModulePath, tsKernel.js);
    // Written last: a key names a complete module.
    writeIfChanged(tsKeyPath, tsKey);
  }

  let nativeLibPath: string | undefined;
  if (opts.native ?? true) {
    const nativeKey = createHash("sha256")
      .update(hash)
      .update(FEATC_VERSION)
      .update(GENERATOR_HASH)
      .update(coreSourceHash())
      .digest("hex");
    const crate = `featc_kernel_${shortHash(hash)}`;
    nativeLibPath = join(dir, libFileName("kernel"));
    const keyPath = join(dir, "native.key");
    const upToDate = existsSync(nativeLibPath) && existsSync(keyPath) && readFileSync(keyPath, "utf8") === nativeKey;
    if (!upToDate) {
      cached = false;
      const crateDir = join(dir, "rust");
      mkdirSync(join(crateDir, "src"), { recursive: true });
      writeIfChanged(join(crateDir, "Cargo.toml"), emitCargoToml(crate, NATIVE_CORE_DIR));
      writeIfChanged(join(crateDir, "src", "lib.rs"), emitRustKernel(program, header).libRs);
      // Same dependency versions as the shipped runtime: no registry resolution, no drift.
      if (existsSync(NATIVE_LOCKFILE) && !existsSync(join(crateDir, "Cargo.lock")))
        copyFileSync(NATIVE_LOCKFILE, join(crateDir, "Cargo.lock"));
      const targetDir = join(cacheDir, "target");
      cargoBuild(crateDir, targetDir, opts.onLog);
      const tmp = `${nativeLibPath}.tmp-${process.pid}`;
      copyFileSync(join(targetDir, "release", libFileName(crate)), tmp);
      renameSync(tmp, nativeLibPath);
      writeFileSync(keyPath, nativeKey);
    }
  }
  return {
    program,
    irHash: hash,
    dir,
    tsModulePath,
    jsModulePath,
    nativeLibPath,
    cached,
    seconds: (performance.now() - started) / 1000,
  };
}
