// Shared by the commands that compile a spec: print its diagnostics, say whether it failed.
// With `--json` (outputMode.json) diagnostics are data: one JSON document, on stdout when the
// command failed (nothing else is printed there), on stderr beside a result.
import { renderDiagnostic, renderDiagnostics } from "../diagnostics/render.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** Set from `--json` before a command runs (compiler/cli/main.ts). */
export const outputMode = { json: false };

/** A diagnostic as JSON: its fields, where it is, and the text `featc check` would print. */
export function diagnosticJson(diagnostic: Diagnostic, sources: ReadonlyMap<string, string>) {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    file: diagnostic.file,
    line: diagnostic.primary.span.line,
    col: diagnostic.primary.span.col,
    span: { start: diagnostic.primary.span.start, end: diagnostic.primary.span.end },
    label: diagnostic.primary.label,
    secondary: diagnostic.secondary.map((label) => ({
      file: label.file ?? diagnostic.file,
      line: label.span.line,
      col: label.span.col,
      span: { start: label.span.start, end: label.span.end },
      label: label.label,
    })),
    notes: diagnostic.notes,
    ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
    rendered: renderDiagnostic(diagnostic, sources),
  };
}

export function reportDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): boolean {
  const failed = diagnostics.some((d) => d.severity === "error");
  if (diagnostics.length === 0) return failed;
  if (outputMode.json) {
    const document =
      JSON.stringify({ diagnostics: diagnostics.map((d) => diagnosticJson(d, sources)) }, null, 2) + "\n";
    (failed ? process.stdout : process.stderr).write(document);
  } else process.stderr.write(renderDiagnostics(diagnostics, sources) + "\n");
  return failed;
}
