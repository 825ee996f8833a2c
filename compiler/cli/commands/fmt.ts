// featc fmt FILE... [--check]: rewrite specs in the canonical layout, keeping every comment.
// With --check nothing is written: the files that would change are listed and the exit code
// is 1, for CI.
//
// featc fmt --stdin [--stdin-filepath PATH] [--check], for editors and pre-commit hooks: the
// spec on stdin, formatted, on stdout; with --check nothing is written and the exit code is 1
// when it would change. Diagnostics name the spec PATH (default `<stdin>`); nothing is written
// to stdout when the spec does not parse, so an editor never replaces a buffer with nothing.
import { renameSync, writeFileSync } from "node:fs";
import { FeatcError } from "../../../runtime/errors.js";
import { formatSource } from "../../format/format.js";
import { renderDiagnostics } from "../../diagnostics/render.js";
import { MAX_SOURCE_BYTES, readSourceFile, readSourceStream, type SourceRefusal } from "../../sources.js";
import { syntaxDiagnostic } from "../../diagnostics/syntax.js";
import type { ArgsOf } from "../command.js";
import type { fmtOptions } from "../options.js";

/** The name diagnostics give the spec read from stdin when --stdin-filepath does not name it. */
export const STDIN_NAME = "<stdin>";

/** Why `file` was not read, as `featc fmt` tells it. */
function cannotRead(file: string, refusal: SourceRefusal): void {
  process.stderr.write(`error[${refusal.code}]: cannot read \`${file}\`: ${refusal.reason}\n`);
}

/** `text` formatted, or undefined (its diagnostics printed) when it does not parse. */
function formatted(text: string, file: string): { formatted: string; changed: boolean } | undefined {
  const result = formatSource(text, file);
  if (result.ok) return result;
  const diagnostics = result.problems.map((problem) => syntaxDiagnostic(problem, file));
  process.stderr.write(renderDiagnostics(diagnostics, new Map([[file, text]])) + "\n");
  return undefined;
}

export async function runFmt(argv: ArgsOf<typeof fmtOptions>): Promise<void> {
  const files = (argv.files as string[] | undefined) ?? [];
  const bad = (message: string) => new FeatcError("BAD_ARGUMENT", message);
  if (argv.stdin && files.length > 0) throw bad("--stdin formats the spec on stdin: give no files with it");
  if (!argv.stdin && files.length === 0) throw bad("name the .feat files to format, or give --stdin");
  if (!argv.stdin && argv["stdin-filepath"] !== undefined) throw bad("--stdin-filepath goes with --stdin");
  if (argv.stdin) return formatStdin(argv["stdin-filepath"] ?? STDIN_NAME, argv.check);
  formatFiles(files, argv.check);
}

async function formatStdin(name: string, check: boolean): Promise<void> {
  // Read as a spec file is: at most MAX_SOURCE_BYTES (compiler/sources.ts).
  const read = await readSourceStream(process.stdin, MAX_SOURCE_BYTES);
  if (!("text" in read)) {
    cannotRead(name, read);
    process.exitCode = 1;
    return;
  }
  const result = formatted(read.text, name);
  if (!result) {
    process.exitCode = 1;
    return;
  }
  if (!check) {
    process.stdout.write(result.formatted);
    return;
  }
  if (result.changed) {
    process.stdout.write(`would reformat ${name}\n`);
    process.exitCode = 1;
  }
}

function formatFiles(files: string[], check: boolean): void {
  let failed = false;
  const unformatted: string[] = [];
  for (const file of files) {
    // A spec is read as the compiler reads it: a regular file of bounded size (compiler/sources.ts).
    const read = readSourceFile(file, MAX_SOURCE_BYTES);
    if (!("text" in read)) {
      cannotRead(file, read);
      failed = true;
      continue;
    }
    const result = formatted(read.text, file);
    if (!result) {
      failed = true;
      continue;
    }
    if (!result.changed) continue;
    if (check) {
      unformatted.push(file);
      continue;
    }
    // Temp file then rename: an interrupted run never leaves a half-written spec.
    const temporary = `${file}.fmt-${process.pid}`;
    writeFileSync(temporary, result.formatted);
    renameSync(temporary, file);
    process.stdout.write(`formatted ${file}\n`);
  }
  if (unformatted.length > 0) {
    process.stdout.write(`${unformatted.map((file) => `would reformat ${file}`).join("\n")}\n`);
    process.stderr.write(
      `${unformatted.length} file${unformatted.length === 1 ? "" : "s"} not formatted; run \`featc fmt\` on ${unformatted.length === 1 ? "it" : "them"}\n`,
    );
  }
  if (failed || unformatted.length > 0) process.exitCode = 1;
}
