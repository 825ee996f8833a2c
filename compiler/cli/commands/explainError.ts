// featc explain-error CODE: the long explanation of a diagnostic code, with an example spec
// that makes the mistake and the same spec fixed. Without a code: the list of codes.
import type { Argv } from "yargs";
import { diagnosticCodes } from "../../diagnostics/codes.js";
import { explainCode, isDiagnosticCode } from "../../explainCode.js";

export function explainErrorCommand(y: Argv) {
  return y.command(
    "explain-error [code]",
    "Explain a diagnostic code (E0003, W0002, ...) with an example and its fix; no code lists them",
    (a) => a.positional("code", { type: "string", describe: "a code as printed in a diagnostic, e.g. E0003" }),
    (argv) => {
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
    },
  );
}
