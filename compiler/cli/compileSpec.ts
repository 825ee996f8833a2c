// Compile one dataset of a spec for a command, printing diagnostics; null on error.
import { compileFile } from "../compile.js";
import type { IrProgram } from "../ir/types.js";
import { reportDiagnostics } from "./diagnosticsOutput.js";

export function compileForCommand(
  spec: string,
  dataset: string | undefined,
  target: "batch" | "online",
): IrProgram | null {
  const r = compileFile(spec, { dataset, target });
  const failed = reportDiagnostics(r.diagnostics, r.sources);
  if (failed || !r.program) {
    process.exitCode = 1;
    return null;
  }
  return r.program;
}
