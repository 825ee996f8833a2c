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

interface PlacedLabel extends LabelledSpan {
  primary: boolean;
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  return diagnostics.map((diagnostic) => renderDiagnostic(diagnostic, sources)).join("\n");
}

export function renderDiagnostic(diagnostic: Diagnostic, sources: ReadonlyMap<string, string>): string {
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
    out.push(...renderSnippet(source, inFile, gutterWidth));
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

function renderSnippet(source: string, labels: PlacedLabel[], gutterWidth: number): string[] {
  const sourceLines = source.split("\n");
  const lineNumbers = [...new Set(labels.map((label) => label.span.line))].sort((a, b) => a - b);
  const out: string[] = [];
  let previous: number | undefined;
  for (const lineNumber of lineNumbers) {
    if (previous !== undefined && lineNumber > previous + 1) out.push("...");
    previous = lineNumber;
    const text = (sourceLines[lineNumber - 1] ?? "").replace(/\r$/, "");
    out.push(`${String(lineNumber).padStart(gutterWidth)} | ${text}`.trimEnd());
    const onLine = labels.filter((label) => label.span.line === lineNumber);
    for (const label of onLine) out.push(`${" ".repeat(gutterWidth)} | ${underline(text, label)}`.trimEnd());
  }
  return out;
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
