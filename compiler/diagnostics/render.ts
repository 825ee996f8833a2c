// Renders diagnostics as text in the manner of rustc and Elm:
//
//   error[E0003]: cannot add `f64?` and `bool`
//    --> spec.feat:3:18
//     |
//   3 |   x = book.mid + true
//     |                  ^^^^ this is `bool`
//     |       -------- this is `f64?`
//     |
//     = help: ...
//
// Primary spans are underlined with `^`, secondary spans with `-`. A span running over
// several lines is underlined to the end of its first line.

import type { Diagnostic, LabelledSpan } from "./diagnostic.js";

/**
 * Control characters and bidirectional overrides from a spec are shown as U+FFFD: a hostile
 * spec's diagnostics cannot drive the terminal (escape sequences) or reorder what it shows.
 * One character for one, so the underlines stay aligned; tabs are kept for the same reason.
 */
const UNSHOWABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function showable(text: string): string {
  return text.replace(UNSHOWABLE, "\ufffd");
}

interface PlacedLabel extends LabelledSpan {
  primary: boolean;
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  // Each source is split into lines once, however many diagnostics it has.
  const lines = new Map<string, string[]>();
  return diagnostics.map((diagnostic) => renderDiagnostic(diagnostic, sources, lines)).join("\n");
}

export function renderDiagnostic(
  diagnostic: Diagnostic,
  sources: ReadonlyMap<string, string>,
  lineCache: Map<string, string[]> = new Map(),
): string {
  return showable(renderUnsafe(diagnostic, sources, lineCache));
}

function renderUnsafe(
  diagnostic: Diagnostic,
  sources: ReadonlyMap<string, string>,
  lineCache: Map<string, string[]>,
): string {
  const labels: PlacedLabel[] = [
    { ...diagnostic.primary, file: diagnostic.file, primary: true },
    ...diagnostic.secondary.map((label) => ({ ...label, file: label.file ?? diagnostic.file, primary: false })),
  ];
  const gutterWidth = Math.max(...labels.map((label) => String(label.span.line).length));
  const gutter = " ".repeat(gutterWidth);
  const out: string[] = [`${diagnostic.severity}[${diagnostic.code}]: ${diagnostic.message}`];

  const files = [
    diagnostic.file,
    ...new Set(labels.map((label) => label.file!).filter((file) => file !== diagnostic.file)),
  ];
  files.forEach((file, index) => {
    const inFile = labels.filter((label) => label.file === file);
    const anchor = inFile[0].span;
    out.push(`${gutter}${index === 0 ? "-->" : ":::"} ${file}:${anchor.line}:${anchor.col}`);
    out.push(`${gutter} |`);
    const source = sources.get(file);
    if (source === undefined) return;
    let lines = lineCache.get(file);
    if (lines === undefined) lineCache.set(file, (lines = source.split("\n")));
    out.push(...renderSnippet(lines, inFile, gutterWidth));
  });

  const trailer = [
    ...diagnostic.notes.map((note) => `note: ${note}`),
    ...(diagnostic.hint ? [`help: ${diagnostic.hint}`] : []),
  ];
  if (trailer.length > 0) {
    out.push(`${gutter} |`);
    for (const line of trailer) out.push(`${gutter} = ${line.replace(/\n/g, `\n${gutter}   `)}`);
  }
  return out.join("\n") + "\n";
}

function renderSnippet(sourceLines: readonly string[], labels: PlacedLabel[], gutterWidth: number): string[] {
  const lineNumbers = [...new Set(labels.map((label) => label.span.line))].sort((a, b) => a - b);
  const out: string[] = [];
  let previous: number | undefined;
  for (const lineNumber of lineNumbers) {
    if (previous !== undefined && lineNumber > previous + 1) out.push("...");
    previous = lineNumber;
    const { text, onLine } = shownPart(
      (sourceLines[lineNumber - 1] ?? "").replace(/\r$/, ""),
      labels.filter((label) => label.span.line === lineNumber),
    );
    out.push(`${String(lineNumber).padStart(gutterWidth)} | ${text}`.trimEnd());
    for (const label of onLine) out.push(`${" ".repeat(gutterWidth)} | ${underline(text, label)}`.trimEnd());
  }
  return out;
}

/** The most characters of a source line a snippet shows. */
const SHOWN_LINE = 160;

/**
 * A long line (a minified or hostile spec may be one line of a megabyte) is shown as the part
 * around its first label, marked with `...`, and the labels' columns moved to match.
 */
function shownPart(line: string, labels: PlacedLabel[]): { text: string; onLine: PlacedLabel[] } {
  if (line.length <= SHOWN_LINE) return { text: line, onLine: labels };
  const firstColumn = Math.min(...labels.map((label) => label.span.col - 1));
  const from = Math.max(0, Math.min(firstColumn - 40, line.length - SHOWN_LINE));
  const to = Math.min(line.length, from + SHOWN_LINE);
  const before = from > 0 ? "..." : "";
  const text = before + line.slice(from, to) + (to < line.length ? "..." : "");
  const onLine = labels.map((label) => {
    const col = Math.max(1, label.span.col - from + before.length);
    const end = Math.min(label.span.end, label.span.start + (to - (label.span.col - 1)));
    return { ...label, span: { ...label.span, col, end: Math.max(end, label.span.start + 1) } };
  });
  return { text, onLine };
}

function underline(lineText: string, label: PlacedLabel): string {
  const startColumn = label.span.col - 1;
  // Keep tabs as tabs so the marks line up under the source however tabs are displayed.
  const indent = [...lineText.slice(0, startColumn)].map((ch) => (ch === "\t" ? "\t" : " ")).join("");
  const lineEnd = lineText.length;
  const spanLength = label.span.end - label.span.start;
  const width = Math.max(1, Math.min(spanLength, lineEnd - startColumn));
  const mark = (label.primary ? "^" : "-").repeat(width);
  return label.label ? `${indent}${mark} ${label.label}` : `${indent}${mark}`;
}
