// Compiler spans (UTF-16 offsets into a file's text, as the lexer counts) as editor ranges.
import type { Location, Range } from "vscode-languageserver";
import type { Span } from "../../grammar/syntax.js";
import type { AnalyzedFile } from "./analysis.js";

export function rangeOf(file: AnalyzedFile, span: Span): Range {
  return { start: file.doc.positionAt(span.start), end: file.doc.positionAt(span.end) };
}

export function locationOf(file: AnalyzedFile, span: Span): Location {
  return { uri: file.uri, range: rangeOf(file, span) };
}
