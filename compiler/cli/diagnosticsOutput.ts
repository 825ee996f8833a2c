// Shared by the commands that compile a spec: print its diagnostics, say whether it failed.
import { renderDiagnostics } from "../diagnostics/render.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export function reportDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): boolean {
  if (diagnostics.length) process.stderr.write(renderDiagnostics(diagnostics, sources) + "\n");
  return diagnostics.some((d) => d.severity === "error");
}
