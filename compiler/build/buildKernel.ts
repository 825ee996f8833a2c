// `featc build`: IR -> generated TypeScript module + Rust kernel library, cached by content.
//
// The cache key covers everything the output depends on: the IR, the featc version, the code
// generators with the runtime helpers they inline, and the featc-core sources the kernel links,
// so an unchanged spec is never rebuilt and a changed generator or runtime never serves a stale
// kernel (the IR hash alone stays the same when only the spelling of the code changes). Kernel
// crates share one cargo target directory, so featc-core is compiled once and a spec edit
// recompiles only the small generated crate.
//
// An entry is served only when intact: its manifest (`ts.key`, `native.key`) holds the key and
// the sha-256 of every file it made, the generated sources and the built library, and each is
// checked before the entry is used; an entry with a changed, missing or unlisted file is made
// again (docs/security.md, "The kernel cache").
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

/** Temp file then rename: a reader never sees half a file. */
function writeAtomically(path: string, content: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

function fileHash(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * A cache entry's manifest: the key it was made for and the sha-256 of each file it holds
 * (paths relative to the entry). Only an entry whose every file still has its hash is served.
 */
interface Manifest {
  key: string;
  files: Record<string, string>;
}

function writeManifest(dir: string, path: string, key: string, files: readonly string[]): void {
  const manifest: Manifest = { key, files: {} };
  for (const file of files) {
    const h = fileHash(join(dir, file));
    if (h === undefined) throw new KernelBuildError(`cannot read back \`${join(dir, file)}\` after writing it`);
    manifest.files[file] = h;
  }
  writeAtomically(path, JSON.stringify(manifest, null, 2) + "\n");
}

/** Whether the entry was made for `key` and none of its files changed since (docs/security.md). */
function entryIsIntact(dir: string, path: string, key: string, files: readonly string[]): boolean {
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
  } catch {
    return false;
  }
  if (typeof manifest !== "object" || manifest === null || manifest.key !== key) return false;
  const hashes = manifest.files;
  if (typeof hashes !== "object" || hashes === null) return false;
  return files.every((file) => typeof hashes[file] === "string" && fileHash(join(dir, file)) === hashes[file]);
}

/**
 * The kernel directory must be the user's own: a directory another user can write could be
 * given a kernel between the check of its hash and its loading.
 */
function refuseSharedDirectory(dir: string): void {
  if (process.platform === "win32" || typeof process.getuid !== "function") return;
  const stat = statSync(dir);
  const uid = process.getuid();
  if (stat.uid !== uid && uid !== 0)
    throw new KernelBuildError(
      `the kernel cache \`${dir}\` belongs to another user; use a cache of your own (--cache-dir)`,
    );
  if ((stat.mode & 0o002) !== 0)
    throw new KernelBuildError(
      `the kernel cache \`${dir}\` can be written by any user, so a kernel in it cannot be trusted; \`chmod o-w\` it or use another (--cache-dir)`,
    );
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

function cargoClean(crate: string, crateDir: string, targetDir: string): void {
  if (!existsSync(join(targetDir, "release"))) return;
  spawnSync(
    "cargo",
    [
      "clean",
      "--release",
      "--package",
      crate,
      "--manifest-path",
      join(crateDir, "Cargo.toml"),
      "--target-dir",
      targetDir,
    ],
    { encoding: "utf8", env: { ...process.env, CARGO_TERM_COLOR: "never" } },
  );
}

export function buildKernel(program: IrProgram, opts: BuildOptions = {}): BuiltKernel {
  const started = performance.now();
  const hash = irHash(program);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const dir = join(cacheDir, "kernels", `${directoryName(program.name)}-${shortHash(hash)}`);
  mkdirSync(dir, { recursive: true });
  for (const d of [cacheDir, join(cacheDir, "kernels"), dir]) refuseSharedDirectory(d);

  const header = { hash, featcVersion: FEATC_VERSION };
  const tsModulePath = join(dir, "kernel.ts");
  const jsModulePath = join(dir, "kernel.mjs");
  const tsKey = createHash("sha256").update(hash).update(FEATC_VERSION).update(GENERATOR_HASH).digest("hex");
  const tsManifest = join(dir, "ts.key");
  const tsFiles = ["ir.json", "ir.txt", "kernel.ts", "kernel.mjs"];
  let cached = entryIsIntact(dir, tsManifest, tsKey, tsFiles);
  if (!cached) {
    const tsKernel = emitTsKernel(program, header);
    writeAtomically(join(dir, "ir.json"), JSON.stringify(program, null, 2) + "\n");
    writeAtomically(join(dir, "ir.txt"), printProgram(program));
    writeAtomically(tsModulePath, tsKernel.ts);
    writeAtomically(jsModulePath, tsKernel.js);
    // Written last: a manifest names a complete module.
    writeManifest(dir, tsManifest, tsKey, tsFiles);
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
    const libName = libFileName("kernel");
    nativeLibPath = join(dir, libName);
    const nativeManifest = join(dir, "native.key");
    const nativeFiles = ["rust/Cargo.toml", "rust/Cargo.lock", "rust/src/lib.rs", libName];
    if (!entryIsIntact(dir, nativeManifest, nativeKey, nativeFiles)) {
      cached = false;
      const crateDir = join(dir, "rust");
      mkdirSync(join(crateDir, "src"), { recursive: true });
      writeAtomically(join(crateDir, "Cargo.toml"), emitCargoToml(crate, NATIVE_CORE_DIR));
      writeAtomically(join(crateDir, "src", "lib.rs"), emitRustKernel(program, header).libRs);
      // Same dependency versions as the shipped runtime: no registry resolution, no drift.
      writeAtomically(join(crateDir, "Cargo.lock"), existsSync(NATIVE_LOCKFILE) ? readFileSync(NATIVE_LOCKFILE) : "");
      const targetDir = join(cacheDir, "target");
      // The crate's own artifacts are rebuilt, never trusted: a library left in the target
      // directory is what a poisoned entry would be copied from.
      cargoClean(crate, crateDir, targetDir);
      cargoBuild(crateDir, targetDir, opts.onLog);
      const tmp = `${nativeLibPath}.tmp-${process.pid}`;
      copyFileSync(join(targetDir, "release", libFileName(crate)), tmp);
      renameSync(tmp, nativeLibPath);
      writeManifest(dir, nativeManifest, nativeKey, nativeFiles);
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
