// The compiler's diagnostics (compiler/diagnostics/) as the editor's: code, severity, the
// primary label, notes and hint in the message, secondary spans as related information, and a
// link to the code's explanation (the `featc.explainError` command, ./explainError.ts).
// Problems inside an imported file are shown on the `import` that reads it.

import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from "vscode-languageserver";
import type { Span } from "../../grammar/syntax.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Analysis, AnalyzedFile } from "./analysis.js";
import { EXPLAIN_ERROR_COMMAND } from "./explainError.js";
import { locationOf, rangeOf } from "./ranges.js";

/** What a diagnostic carries for the code actions (./codeActions.ts): the compiler's own object. */
export interface DiagnosticData {
  featc: Diagnostic;
}

/** The link a diagnostic's code opens: `featc explain-error CODE` as an editor command. */
export function explanationUri(code: string): string {
  return `command:${EXPLAIN_ERROR_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`;
}

function message(diagnostic: Diagnostic): string {
  return [
    diagnostic.message,
    ...(diagnostic.primary.label ? [diagnostic.primary.label] : []),
    ...diagnostic.notes.map((note) => `note: ${note}`),
    ...(diagnostic.hint ? [`help: ${diagnostic.hint}`] : []),
  ].join("\n");
}

function related(diagnostic: Diagnostic, analysis: Analysis): DiagnosticRelatedInformation[] {
  return diagnostic.secondary.flatMap((label) => {
    const file = analysis.files.get(label.file ?? diagnostic.file);
    return file ? [{ location: locationOf(file, label.span), message: label.label || "related" }] : [];
  });
}

function severity(diagnostic: Diagnostic): DiagnosticSeverity {
  return diagnostic.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
}

export function toLspDiagnostic(diagnostic: Diagnostic, file: AnalyzedFile, analysis: Analysis): LspDiagnostic {
  return {
    range: rangeOf(file, diagnostic.primary.span),
    severity: severity(diagnostic),
    code: diagnostic.code,
    codeDescription: { href: explanationUri(diagnostic.code) },
    source: "featc",
    message: message(diagnostic),
    relatedInformation: related(diagnostic, analysis),
    data: { featc: diagnostic } satisfies DiagnosticData,
  };
}

/** The `import` of the document through which the file `name` was read, directly or not. */
function importReaching(analysis: Analysis, name: string): Span | undefined {
  const rootName = analysis.root.name;
  const visited = new Set<string>();
  for (let file = analysis.files.get(name); file?.importedBy && !visited.has(file.name);) {
    visited.add(file.name);
    if (file.importedBy.file === rootName) return file.importedBy.pathSpan;
    file = analysis.files.get(file.importedBy.file);
  }
  return undefined;
}

/** The diagnostics to show in the document itself. */
export function documentDiagnostics(analysis: Analysis): LspDiagnostic[] {
  const root = analysis.root;
  const own: LspDiagnostic[] = [];
  const elsewhere = new Map<number, { span: Span; diagnostics: Diagnostic[] }>();
  for (const diagnostic of analysis.diagnostics) {
    if (diagnostic.file === root.name) {
      own.push(toLspDiagnostic(diagnostic, root, analysis));
      continue;
    }
    const span = importReaching(analysis, diagnostic.file);
    if (!span) continue;
    const entry = elsewhere.get(span.start) ?? { span, diagnostics: [] };
    entry.diagnostics.push(diagnostic);
    elsewhere.set(span.start, entry);
  }
  for (const { span, diagnostics } of elsewhere.values()) own.push(importSummary(span, diagnostics, analysis));
  return own.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** One diagnostic on an `import` for the problems of the files it reads. */
function importSummary(span: Span, diagnostics: Diagnostic[], analysis: Analysis): LspDiagnostic {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  const first = errors[0] ?? diagnostics[0];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const counts = [
    ...(errors.length ? [count(errors.length, "error")] : []),
    ...(diagnostics.length > errors.length ? [count(diagnostics.length - errors.length, "warning")] : []),
  ].join(" and ");
  return {
    range: rangeOf(analysis.root, span),
    severity: severity(first),
    code: first.code,
    codeDescription: { href: explanationUri(first.code) },
    source: "featc",
    message: `the imported \`${first.file}\` has ${counts}: ${first.message}`,
    relatedInformation: diagnostics.flatMap((diagnostic) => {
      const file = analysis.files.get(diagnostic.file);
      return file ? [{ location: locationOf(file, diagnostic.primary.span), message: diagnostic.message }] : [];
    }),
  };
}
