// featc check SPEC...: parse and type-check; diagnostics with spans; exit 1 on any error.
import type { Argv } from "yargs";
import { compileFile } from "../../compile.js";
import { totalStateBytes } from "../../ir/analysis/stateBytes.js";
import { bytesText } from "../../ir/analysis/stateLimit.js";
import { compileLimits, specFiles } from "../compileSpec.js";
import { reportDiagnostics } from "../diagnosticsOutput.js";

export function checkCommand(y: Argv) {
  return y.command(
    "check <specs..>",
    "Parse and type-check specs; print diagnostics",
    (a) =>
      specFiles(a, "specs").option("online", {
        type: "boolean",
        default: false,
        describe: "check for the online engine (labels are errors)",
      }),
    (argv) => {
      let failed = 0;
      for (const spec of argv.specs as string[]) {
        const r = compileFile(spec, { target: argv.online ? "online" : "batch", allDatasets: true, ...compileLimits });
        if (reportDiagnostics(r.diagnostics, r.sources)) failed++;
        else {
          // Each dataset's state per symbol: what a run keeps in memory for every symbol.
          const states = (r.programs ?? []).map(
            (p) => `dataset \`${p.name}\`: ${bytesText(totalStateBytes(p) ?? 0)} of state per symbol`,
          );
          process.stdout.write(`${spec}: ok${states.length ? ` (${states.join("; ")})` : ""}\n`);
        }
      }
      if (failed) process.exitCode = 1;
    },
  );
}
