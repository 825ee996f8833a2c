// Diagnostics are data: created by each compiler stage, rendered by ./render.ts, and the same
// objects serve the CLI, the tests and the language server.

import type { Span } from "../../grammar/syntax.js";
import type { DiagnosticCode } from "./codes.js";

export type { Span };

export type Severity = "error" | "warning";

export interface LabelledSpan {
  span: Span;
  label: string;
  /** The file the span is in, when it is not the diagnostic's own (an imported function). */
  file?: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** One line, lower case, no final period: `cannot add f64 and bool`. */
  message: string;
  primary: LabelledSpan;
  secondary: LabelledSpan[];
  notes: string[];
  hint?: string;
  /** The file `primary` is in. */
  file: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === "error");
}
