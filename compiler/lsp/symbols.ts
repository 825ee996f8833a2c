// What a name refers to and where else it is written, across the files of a workspace: the
// declarations come from the syntax trees, the uses from the checker's resolutions
// (compiler/check/observer.ts), so a reference is exactly what the compiler binds.

import type { Location } from "vscode-languageserver";
import { locate, touches } from "../../grammar/locate.js";
import type { Span } from "../../grammar/syntax.js";
import type { Analysis, AnalyzedFile } from "./analysis.js";
import { locationOf } from "./ranges.js";

export type SymbolKind = "fn" | "param" | "let" | "column" | "label" | "dataset";

/** A declared name, identified across analyses by its file's real path and its offset. */
export interface Target {
  key: string;
  name: string;
  kind: SymbolKind;
  file: AnalyzedFile;
  /** The declaration's name. */
  span: Span;
  /** Where the name was found at the position asked: the declaration or a use. */
  at: Span;
}

function target(kind: SymbolKind, name: string, file: AnalyzedFile, span: Span, at: Span = span): Target {
  return { key: `${file.realPath}#${span.start}`, name, kind, file, span, at };
}

/** The declared name at `offset` of the document, written there or used there. */
export function targetAt(analysis: Analysis, offset: number): Target | undefined {
  const root = analysis.root;
  for (const resolution of analysis.resolutions) {
    if (resolution.file !== root.name || !touches(resolution.use, offset)) continue;
    const file = analysis.files.get(resolution.definition.file);
    const { kind, name, span } = resolution.definition;
    if (file) return target(kind, name, file, span, resolution.use);
  }
  if (!root.tree) return undefined;
  const { part } = locate(root.tree, offset);
  switch (part?.kind) {
    case "fnName":
      return target("fn", part.item.name, root, part.item.nameSpan);
    case "param":
      return touches(part.param.nameSpan, offset)
        ? target("param", part.param.name, root, part.param.nameSpan)
        : undefined;
    case "let":
      return touches(part.binding.nameSpan, offset)
        ? target("let", part.binding.name, root, part.binding.nameSpan)
        : undefined;
    case "column":
      return touches(part.column.nameSpan, offset)
        ? target(part.label ? "label" : "column", part.column.name, root, part.column.nameSpan)
        : undefined;
    case "datasetName":
      return target("dataset", part.item.name, root, part.item.nameSpan);
    default:
      return undefined;
  }
}

/** Every place `target` is written in `analyses`, its declaration first. */
export function referencesOf(target: Target, analyses: readonly Analysis[], includeDeclaration = true): Location[] {
  const found = new Map<string, Location>();
  const add = (file: AnalyzedFile, span: Span) => {
    const key = `${file.realPath}#${span.start}`;
    if (!found.has(key)) found.set(key, locationOf(file, span));
  };
  if (includeDeclaration) add(target.file, target.span);
  for (const analysis of analyses) {
    for (const resolution of analysis.resolutions) {
      const declared = analysis.files.get(resolution.definition.file);
      if (!declared || `${declared.realPath}#${resolution.definition.span.start}` !== target.key) continue;
      const file = analysis.files.get(resolution.file);
      if (file) add(file, resolution.use);
    }
  }
  return [...found.values()];
}
