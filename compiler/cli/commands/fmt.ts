// featc fmt FILE... [--check]: rewrite specs in the canonical layout, keeping every comment.
// With --check nothing is written: the files that would change are listed and the exit code
// is 1, for CI.
import { renameSync, writeFileSync } from "node:fs";
import { formatSource } from "../../format/format.js";
import { renderDiagnostics } from "../../diagnostics/render.js";
import { syntaxDiagnostic } from "../../compile.js";
import { MAX_SOURCE_BYTES, readSourceFile } from "../../sources.js";
import type { ArgsOf } from "../command.js";
import type { fmtOptions } from "../options.js";

export function runFmt(argv: ArgsOf<typeof fmtOptions>): void {
  let failed = false;
  const unformatted: string[] = [];
  for (const file of argv.files as string[]) {
    // A spec is read as the compiler reads it: a regular file of bounded size (compiler/sources.ts).
    const read = readSourceFile(file, MAX_SOURCE_BYTES);
    if (!("text" in read)) {
      process.stderr.write(`error[${read.code}]: cannot read \`${file}\`: ${read.reason}\n`);
      failed = true;
      continue;
    }
    const text = read.text;
    const result = formatSource(text, file);
    if (!result.ok) {
      const diagnostics = result.problems.map((problem) => syntaxDiagnostic(problem, file));
      process.stderr.write(renderDiagnostics(diagnostics, new Map([[file, text]])) + "\n");
      failed = true;
      continue;
    }
    if (!result.changed) continue;
    if (argv.check) {
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
