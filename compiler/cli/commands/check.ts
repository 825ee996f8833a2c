// featc check SPEC...: parse and type-check; diagnostics with spans; exit 1 on any error. A
// spec that checks prints `ok` with each dataset's state per symbol; `--json` prints one
// document with every spec's datasets and diagnostics.
import { compileFile } from "../../compile.js";
import { totalStateBytes } from "../../ir/analysis/stateBytes.js";
import { bytesText } from "../../ir/analysis/stateLimit.js";
import type { ArgsOf } from "../command.js";
import { compileLimits } from "../compileLimits.js";
import { diagnosticJson, reportDiagnostics } from "../diagnosticsOutput.js";
import type { checkOptions } from "../options.js";

export function runCheck(argv: ArgsOf<typeof checkOptions>): void {
  let failed = 0;
  const results = [];
  for (const spec of argv.specs as string[]) {
    const r = compileFile(spec, { target: argv.online ? "online" : "batch", allDatasets: true, ...compileLimits });
    const ok = !r.diagnostics.some((d) => d.severity === "error");
    if (!ok) failed++;
    // Each dataset's state per symbol: what a run keeps in memory for every symbol.
    const datasets = (r.programs ?? []).map((p) => ({ name: p.name, stateBytes: totalStateBytes(p) ?? 0 }));
    if (argv.json) {
      results.push({ spec, ok, datasets, diagnostics: r.diagnostics.map((d) => diagnosticJson(d, r.sources)) });
      continue;
    }
    reportDiagnostics(r.diagnostics, r.sources);
    if (!ok) continue;
    const states = datasets.map((d) => `dataset \`${d.name}\`: ${bytesText(d.stateBytes)} of state per symbol`);
    process.stdout.write(`${spec}: ok${states.length ? ` (${states.join("; ")})` : ""}\n`);
  }
  if (argv.json) process.stdout.write(JSON.stringify({ specs: results }, null, 2) + "\n");
  if (failed) process.exitCode = 1;
}
