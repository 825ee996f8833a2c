// featc explain SPEC: the IR in its text form, then per column the state it keeps (bytes per
// symbol) and its warm-up horizon (compiler/ir/analysis).
import { printColumnReport } from "../../ir/analysis/columnReport.js";
import { irHash } from "../../ir/hash.js";
import { printProgram } from "../../ir/printer.js";
import type { ArgsOf } from "../command.js";
import { compileForCommand } from "../compileSpec.js";
import type { explainOptions } from "../options.js";

export function runExplain(argv: ArgsOf<typeof explainOptions>): void {
  const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
  if (!program) return;
  if (argv.json) process.stdout.write(JSON.stringify(program, null, 2) + "\n");
  else process.stdout.write(`// ir hash ${irHash(program)}\n` + printProgram(program) + printColumnReport(program));
}
