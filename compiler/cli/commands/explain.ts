// featc explain SPEC: the IR in its text form, then per column the state it keeps (bytes per
// symbol) and its warm-up horizon (compiler/ir/analysis).
import type { Argv } from "yargs";
import { printColumnReport } from "../../ir/analysis/columnReport.js";
import { irHash } from "../../ir/hash.js";
import { printProgram } from "../../ir/printer.js";
import { compileForCommand, specAndDataset } from "../compileSpec.js";

export function explainCommand(y: Argv) {
  return y.command(
    "explain <spec>",
    "Print the spec's IR (states, step and emit programs, columns), state bytes and warm-up per column",
    (a) => specAndDataset(a).option("json", { type: "boolean", default: false }),
    (argv) => {
      const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
      if (!program) return;
      if (argv.json) process.stdout.write(JSON.stringify(program, null, 2) + "\n");
      else process.stdout.write(`// ir hash ${irHash(program)}\n` + printProgram(program) + printColumnReport(program));
    },
  );
}
