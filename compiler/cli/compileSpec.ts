// What the commands that compile a spec share: compiling one dataset of a spec with its
// diagnostics printed. (Their positionals are declared in ./options.ts, the limits they
// compile with in ./compileLimits.ts; both are re-exported here for older importers.)
import { compileFile } from "../compile.js";
import type { IrProgram } from "../ir/types.js";
import { compileLimits } from "./compileLimits.js";
import { reportDiagnostics } from "./diagnosticsOutput.js";

export { compileLimits } from "./compileLimits.js";
export { specAndDataset, specFiles } from "./options.js";

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
