// `featc explain-error CODE` inside the editor: the command a diagnostic's code links to
// (./diagnostics.ts), answering with the explanation's text (compiler/explainCode.ts).
import { diagnosticCodes } from "../diagnostics/codes.js";
import { explainCode, isDiagnosticCode } from "../explainCode.js";

export const EXPLAIN_ERROR_COMMAND = "featc.explainError";

/** The explanation of `code` (`E0003`, any case), or a line saying it is no code. */
export function explainError(code: unknown): string {
  const asked = String(code ?? "").toUpperCase();
  const text = isDiagnosticCode(asked) ? explainCode(asked) : undefined;
  return (
    text ??
    `\`${String(code)}\` is not a featc diagnostic code; the codes are ${Object.keys(diagnosticCodes).join(", ")}`
  );
}
