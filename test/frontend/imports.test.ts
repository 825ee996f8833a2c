// Where an `import` may reach (compiler/sources.ts, docs/security.md "Imports"): regular `.feat`
// files inside the spec's project root (the nearest folder with a package.json or .git, else the
// spec's folder) and the standard library as `std/...`; anything else is a coded diagnostic that
// never quotes what the refused file holds, and a pipe, a device or a huge file never blocks or
// fills memory.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile, type CompileResult } from "../../compiler/compile.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { loadOnlineKernel } from "../../compiler/api.js";
import { MAX_SOURCE_BYTES, resolveImport, STD_DIR } from "../../compiler/sources.js";
import { REPO, scratchDir } from "../support/paths.js";

const SECRET = "SECRET-CONTENTS-do-not-print";
const DATASET = "dataset d {\n  trigger trade\n  mid = book.mid\n}\n";

/** A project (with package.json), a file outside it, and a spec in the project importing `paths`. */
function project(imports: string[], options: { manifest?: boolean } = {}) {
  const base = scratchDir("imports");
  const root = join(base, "project");
  mkdirSync(join(root, "specs"), { recursive: true });
  mkdirSync(join(root, "lib"));
  mkdirSync(join(base, "outside"));
  if (options.manifest ?? true) writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(root, "lib", "ok.feat"), "fn doubled(x: f64) -> f64 {\n  x * 2.0\n}\n");
  // Not a valid spec: were it ever parsed, its text would be quoted in a syntax error.
  writeFileSync(join(base, "outside", "secret.feat"), `${SECRET}\n`);
  const spec = join(root, "specs", "main.feat");
  writeFileSync(spec, imports.map((path) => `import ${JSON.stringify(path)}\n`).join("") + DATASET);
  return { base, root, spec };
}

function codes(result: CompileResult): string[] {
  return result.diagnostics.map((diagnostic) => diagnostic.code);
}

function rendered(result: CompileResult): string {
  return renderDiagnostics(result.diagnostics, result.sources);
}

/** Compiles and checks that nothing of the refused file reached the diagnostics. */
function refused(spec: string, code: string): CompileResult {
  const started = performance.now();
  const result = compileFile(spec);
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(codes(result)).toEqual([code]);
  expect(result.program).toBeUndefined();
  expect(rendered(result)).not.toContain(SECRET);
  expect([...result.sources.values()].join("")).not.toContain(SECRET);
  return result;
}

const mkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

describe("imports", () => {
  it("reads .feat files inside the project, each once however it is spelled", () => {
    const { spec } = project(["../lib/ok.feat", "../lib/../lib/ok.feat", "./../lib/ok.feat"]);
    const result = compileFile(spec);
    expect(result.diagnostics).toEqual([]);
  });

  it("reads the standard library as std/...", () => {
    const { root } = project([]);
    const spec = join(root, "specs", "std_user.feat");
    writeFileSync(spec, `import "std/book.feat"\n\ndataset d {\n  trigger trade\n  spread = spread_bps()\n}\n`);
    const result = compileFile(spec);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([...result.sources.keys()]).toContain("std/book.feat");
  });

  it("reads the standard library by name, std/book, once however it is spelled", async () => {
    const { root } = project([]);
    const spec = join(root, "specs", "std_user.feat");
    const imports = ["std/book", "std/book.feat", "std/./book", "std/flow"].map((path) => `import "${path}"\n`);
    writeFileSync(spec, `${imports.join("")}\ndataset d {\n  trigger trade\n  spread = spread_bps()\n  o = ofi()\n}\n`);
    const result = compileFile(spec);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([...result.sources.keys()]).toEqual([spec, "std/book.feat", "std/flow.feat"]);
    // As the command line reads it, the library API and the resolver itself.
    const checked = spawnSync("node", [join(REPO, "bin", "featc.js"), "check", spec], { encoding: "utf8" });
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toMatch(/: ok \(dataset `d`/);
    const kernel = await loadOnlineKernel(spec, { cacheDir: join(root, ".featc") });
    expect(kernel.meta.columns.map((column) => column.name)).toEqual(["spread", "o"]);
    const zone = { dir: join(root, "specs"), root, kind: "project" as const };
    const resolved = resolveImport("std/volatility", zone, "specs/std_user.feat", MAX_SOURCE_BYTES);
    expect(resolved).toMatchObject({ realPath: join(STD_DIR, "volatility.feat"), display: "std/volatility.feat" });
  });

  it("keeps the standard library's bounds when it is named without .feat", () => {
    const leaves = (path: string) => {
      const { spec } = project([path]);
      const result = refused(spec, "E0040");
      expect(rendered(result)).toContain("it leaves the standard library");
    };
    leaves("std/../../package");
    leaves("std/../std");
    // `std/flow/..` with `.feat` added would be specs/std.feat, beside the library.
    leaves("std/flow/..");
    for (const [path, code, text] of [
      ["std/", "E0041", "it is not a `.feat` file"],
      ["std/book.txt", "E0041", "it is not a `.feat` file"],
      ["std/book/", "E0041", "it is not a `.feat` file"],
      ["std/missing", "E0024", "looked for `std/missing.feat`"],
    ]) {
      const { spec } = project([path]);
      expect(rendered(refused(spec, code)), path).toContain(text);
    }
  });

  it("refuses a path that climbs out of the project, without opening it", () => {
    const { spec, base } = project(["../../../../../../../../../../etc/shadow"]);
    refused(spec, "E0040");
    const other = project([relative(join(base, "project", "specs"), join(base, "outside", "secret.feat"))]);
    expect(rendered(refused(other.spec, "E0040"))).toContain("it is outside the spec's project");
  });

  it.each(["/proc/self/environ", "/dev/zero", "/etc/passwd"])("refuses the absolute path %s", (path) => {
    const { spec } = project([path]);
    expect(rendered(refused(spec, "E0040"))).toContain("it is an absolute path");
  });

  it("refuses a symbolic link that leads out of the project, to a file or through a folder", () => {
    const { spec, root, base } = project(["../lib/link.feat"]);
    symlinkSync(join(base, "outside", "secret.feat"), join(root, "lib", "link.feat"));
    expect(rendered(refused(spec, "E0040"))).toContain("through a symbolic link");

    const vendored = project(["../vendor/secret.feat"]);
    symlinkSync(join(vendored.base, "outside"), join(vendored.root, "vendor"));
    refused(vendored.spec, "E0040");

    const device = project(["../lib/zero.feat"]);
    symlinkSync("/dev/zero", join(device.root, "lib", "zero.feat"));
    refused(device.spec, "E0040");
  });

  it("follows a symbolic link that stays inside the project", () => {
    const { spec, root } = project(["../lib/alias.feat"]);
    symlinkSync(join(root, "lib", "ok.feat"), join(root, "lib", "alias.feat"));
    expect(compileFile(spec).diagnostics).toEqual([]);
  });

  it("refuses a directory named .feat and a file that is not .feat", () => {
    const { spec, root } = project(["../lib/folder.feat", "../package.json"]);
    mkdirSync(join(root, "lib", "folder.feat"));
    const result = compileFile(spec);
    expect(codes(result)).toEqual(["E0041", "E0041"]);
    expect(rendered(result)).toContain("it is a directory, not a regular file");
    expect(rendered(result)).toContain("it is not a `.feat` file");
  });

  it.skipIf(!mkfifo)("refuses a named pipe at once, as an import and as the spec itself", () => {
    const { spec, root } = project(["../lib/pipe.feat"]);
    expect(spawnSync("mkfifo", [join(root, "lib", "pipe.feat")]).status).toBe(0);
    expect(rendered(refused(spec, "E0041"))).toContain("FIFO");
    expect(rendered(refused(join(root, "lib", "pipe.feat"), "E0041"))).toContain("FIFO");
  });

  it("refuses a device as the spec itself", () => {
    expect(rendered(refused("/dev/zero", "E0041"))).toContain("character device");
  });

  it("refuses a file over the size limit, as an import and as the spec", () => {
    const { spec, root } = project(["../lib/big.feat"]);
    const big = join(root, "lib", "big.feat");
    writeFileSync(big, "//" + "x".repeat(MAX_SOURCE_BYTES - 1) + "\n");
    expect(rendered(refused(spec, "E0042"))).toContain("1,048,576");
    refused(big, "E0042");
    // At the limit is allowed.
    writeFileSync(big, "//" + "x".repeat(MAX_SOURCE_BYTES - 3) + "\n");
    expect(compileFile(spec).diagnostics).toEqual([]);
  });

  it("takes the nearest folder with package.json or .git as the root, else the spec's folder", () => {
    // No manifest anywhere up to / (the scratch folder is under the system's temp folder): the
    // spec's own folder is the root, so ../lib is outside.
    const bare = project(["../lib/ok.feat"], { manifest: false });
    refused(bare.spec, "E0040");
    const inFolder = join(bare.root, "specs", "lib.feat");
    writeFileSync(inFolder, "fn one() -> f64 {\n  1.0\n}\n");
    writeFileSync(bare.spec, `import "lib.feat"\n${DATASET}`);
    expect(compileFile(bare.spec).diagnostics).toEqual([]);

    const git = project(["../lib/ok.feat"], { manifest: false });
    mkdirSync(join(git.root, ".git"));
    expect(compileFile(git.spec).diagnostics).toEqual([]);
  });

  it("still says when an import inside the project does not exist", () => {
    const { spec } = project(["../lib/missing.feat"]);
    const result = compileFile(spec);
    expect(codes(result)).toEqual(["E0024"]);
    expect(rendered(result)).toContain("no such file");
  });
});
