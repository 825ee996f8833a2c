// The document's outline: imports, functions with their parameters and `let`s, datasets with
// their trigger, columns and labels.
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { Span } from "../../grammar/syntax.js";
import type { AnalyzedFile } from "./analysis.js";
import { rangeOf } from "./ranges.js";

export function documentSymbols(file: AnalyzedFile): DocumentSymbol[] {
  const tree = file.tree;
  if (!tree) return [];
  const symbol = (
    name: string,
    detail: string,
    kind: SymbolKind,
    span: Span,
    nameSpan: Span,
    children?: DocumentSymbol[],
  ): DocumentSymbol => ({
    name,
    detail,
    kind,
    range: rangeOf(file, span),
    selectionRange: rangeOf(file, nameSpan),
    ...(children ? { children } : {}),
  });
  const slice = (span: Span) => file.text.slice(span.start, span.end).replace(/\s+/g, " ");
  return tree.items.map((item) => {
    if (item.kind === "import") return symbol(item.path, "import", SymbolKind.Module, item.span, item.pathSpan);
    if (item.kind === "fn") {
      const returns = `${item.returnType.name}${item.returnType.nullable ? "?" : ""}`;
      return symbol(item.name, `-> ${returns}`, SymbolKind.Function, item.span, item.nameSpan, [
        ...item.params.map((p) =>
          symbol(p.name, `${p.type.name}${p.type.nullable ? "?" : ""}`, SymbolKind.Variable, p.span, p.nameSpan),
        ),
        ...item.lets.map((b) => symbol(b.name, "let", SymbolKind.Variable, b.span, b.nameSpan)),
      ]);
    }
    return symbol(item.name, "dataset", SymbolKind.Struct, item.span, item.nameSpan, [
      ...item.triggers.map((t) =>
        symbol("trigger", slice(t.span).replace(/^trigger\s*/, ""), SymbolKind.Event, t.span, t.span),
      ),
      ...item.columns.map((c) => symbol(c.name, "column", SymbolKind.Field, c.span, c.nameSpan)),
      ...(item.labels ?? []).map((c) => symbol(c.name, "label", SymbolKind.Field, c.span, c.nameSpan)),
    ]);
  });
}
