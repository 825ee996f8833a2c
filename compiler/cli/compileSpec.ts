// What the commands that read specs share: their positional arguments, and compiling one
// dataset of a spec with its diagnostics printed.
import type { Argv } from "yargs";
import { compileFile, type CompileOptions } from "../compile.js";
import type { IrProgram } from "../ir/types.js";
import { reportDiagnostics } from "./diagnosticsOutput.js";

/**
 * The limits every command compiles with: set once from the global options (`--max-state-bytes`,
 * compiler/cli/main.ts) before a command runs.
 */
export const compileLimits: Pick<CompileOptions, "maxStateBytes"> = {};

/** `<spec>` and `--dataset`, for the commands that compile one dataset of a spec. */
export function specAndDataset<T>(y: Argv<T>, dataset = "the dataset, when the file has several") {
  return y.positional("spec", { type: "string", demandOption: true }).option("dataset", {
    type: "string",
    describe: dataset,
  });
}

/** `<name..>`: the .feat files a command reads. */
export function specFiles<T, K extends string>(y: Argv<T>, name: K) {
  return y.positional(name, { type: "string", array: true, demandOption: true, describe: ".feat files" });
}

export function compileForCommand(
  spec: string,
  dataset: string | undefined,
  target: "batch" | "online",
): IrProgram | null {
  const r = compileFile(spec, { dataset, target, ...compileLimits });
  const failed = reportDiagnostics(r.diagnostics, r.sources);
  if (failed || !r.program) {
    process.exitCode = 1;
    return null;
  }
  return r.program;
}
