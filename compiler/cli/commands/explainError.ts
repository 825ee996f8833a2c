// featc explain-error CODE: the long explanation of a diagnostic code, with an example spec
// that makes the mistake and the same spec fixed. Without a code: the list of codes.
import { diagnosticCodes } from "../../diagnostics/codes.js";
import { explainCode, isDiagnosticCode } from "../../explainCode.js";
import type { ArgsOf } from "../command.js";
import type { explainErrorOptions } from "../options.js";

export function runExplainError(argv: ArgsOf<typeof explainErrorOptions>): void {
  const asked = argv.code as string | undefined;
  if (asked === undefined) {
    const lines = Object.entries(diagnosticCodes).map(([code, title]) => `${code}  ${title}`);
    process.stdout.write(lines.join("\n") + "\n");
    return;
  }
  const code = asked.toUpperCase();
  const text = isDiagnosticCode(code) ? explainCode(code) : undefined;
  if (text === undefined) {
    process.stderr.write(`error: \`${asked}\` is not a featc diagnostic code (featc explain-error lists them)\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(text);
}
