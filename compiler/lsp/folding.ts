// Folding: functions, datasets, `match` blocks and multi-line expressions, runs of imports and
// of comment lines. Read from the tokens, so a file folds while it does not parse.
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { DocComment, Import, LCurly, LParen, RCurly, RParen, lex } from "../../grammar/tokens.js";

export function foldingRanges(doc: TextDocument): FoldingRange[] {
  const text = doc.getText();
  const { tokens, comments } = lex(text);
  const ranges: FoldingRange[] = [];
  const open: { line: number; kind: "curly" | "paren" }[] = [];
  const lineOf = (offset: number) => doc.positionAt(offset).line;
  for (const token of tokens) {
    if (token.tokenType === LCurly || token.tokenType === LParen)
      open.push({ line: lineOf(token.startOffset), kind: token.tokenType === LCurly ? "curly" : "paren" });
    if (token.tokenType === RCurly || token.tokenType === RParen) {
      const kind = token.tokenType === RCurly ? "curly" : "paren";
      while (open.length && open[open.length - 1].kind !== kind) open.pop();
      const start = open.pop();
      const end = lineOf(token.startOffset) - 1;
      if (start && end > start.line) ranges.push({ startLine: start.line, endLine: end });
    }
  }
  // Runs of comment lines (`//` and `///`) and of imports.
  const commentLines = [
    ...comments.map((c) => c.line - 1),
    ...tokens.filter((t) => t.tokenType === DocComment).map((t) => (t.startLine ?? 1) - 1),
  ];
  ranges.push(...runs(commentLines, FoldingRangeKind.Comment));
  ranges.push(
    ...runs(
      tokens.filter((t) => t.tokenType === Import).map((t) => (t.startLine ?? 1) - 1),
      FoldingRangeKind.Imports,
    ),
  );
  return ranges;
}

function runs(lines: number[], kind: FoldingRangeKind): FoldingRange[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: FoldingRange[] = [];
  let start = -1;
  sorted.forEach((line, i) => {
    if (start < 0) start = line;
    if (sorted[i + 1] !== line + 1) {
      if (line > start) out.push({ startLine: start, endLine: line, kind });
      start = -1;
    }
  });
  return out;
}
