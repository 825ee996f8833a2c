// The text `featc explain-error CODE` prints: the code's title, its explanation, and the
// broken and fixed examples, with the diagnostic the broken one really produces.
import { compileSource } from "./compile.js";
import { diagnosticCodes, type DiagnosticCode } from "./diagnostics/codes.js";
import { explanations } from "./diagnostics/explanations/index.js";
import { renderDiagnostics } from "./diagnostics/render.js";

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(diagnosticCodes, code);
}

function indented(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n");
}

/** The explanation of `code`, or undefined when the code has none. */
export function explainCode(code: DiagnosticCode): string | undefined {
  const explanation = explanations[code];
  if (!explanation) return undefined;
  if (explanation.broken === undefined || explanation.fixed === undefined)
    return [`${code}: ${diagnosticCodes[code]}`, "", explanation.text, ""].join("\n");
  const file = "example.feat";
  const compiled = compileSource(explanation.broken, file, explanation.options);
  const produced = compiled.diagnostics.filter((diagnostic) => diagnostic.code === code);
  return [
    `${code}: ${diagnosticCodes[code]}`,
    "",
    explanation.text,
    "",
    "For example, this spec:",
    "",
    indented(explanation.broken),
    "",
    "gives",
    "",
    indented(renderDiagnostics(produced, compiled.sources)),
    "",
    "Fixed:",
    "",
    indented(explanation.fixed),
    "",
  ].join("\n");
}
