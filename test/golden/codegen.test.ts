// Golden files for everything the compiler prints besides diagnostics: the IR text, the
// generated Rust and the generated TypeScript of every example, standard-library and parity spec.
// UPDATE_GOLDEN=1 rewrites them; the diff is reviewed like code.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { compileFile } from "../../compiler/compile.js";
import { emitRustKernel } from "../../compiler/codegen/rust/emitKernel.js";
import { emitTsKernel } from "../../compiler/codegen/ts/emitKernel.js";
import { irHash } from "../../compiler/ir/hash.js";
import { printProgram } from "../../compiler/ir/printer.js";
import { REPO } from "../support/paths.js";

const GOLDEN = join(REPO, "test", "golden", "codegen");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function specs(): string[] {
  const dirs = [join(REPO, "examples"), join(REPO, "specs", "std"), join(REPO, "test", "parity", "specs"), join(REPO, "test", "parity", "labels")];
  return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".feat")).map((f) => join(d, f)) : []));
}

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`golden file ${name} was missing and has been written; review it and run again`);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** Type-check a generated kernel against runtime/kernel.ts with the strict compiler settings. */
function typeErrors(source: string): string[] {
  const fileName = join(REPO, "test", "golden", "codegen", "__generated__.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    baseUrl: REPO,
    paths: { "featc/kernel": ["runtime/kernel.ts"] },
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === fileName ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === fileName || exists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => (f === fileName ? ts.createSourceFile(f, source, lang) : getSourceFile(f, lang));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("codegen golden files", () => {
  for (const spec of specs()) {
    const name = basename(spec, ".feat");
    it(`${name}: IR, Rust and TypeScript`, () => {
      const compiled = compileFile(spec.slice(REPO.length + 1));
      expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const program = compiled.program!;
      const header = { hash: irHash(program), featcVersion: "golden" };
      golden(`${name}.ir.txt`, printProgram(program));
      golden(`${name}.rs`, emitRustKernel(program, header).libRs);
      const tsKernel = emitTsKernel(program, header);
      golden(`${name}.ts`, tsKernel.ts);
      expect(typeErrors(tsKernel.ts)).toEqual([]);
    });
  }
});
