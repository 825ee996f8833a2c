// Semantic tokens: every token of the lexer (grammar/tokens.ts), its kind made precise by the
// syntax tree and the checker's resolutions: a name is a parameter, a `let`, a function of the
// document or a built-in, a field, a field root; `trade` in `trade.size` is a root, not the
// trigger keyword.

import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type { IToken, TokenType } from "chevrotain";
import { allExpressions } from "../../grammar/locate.js";
import type { SourceFile } from "../../grammar/syntax.js";
import * as T from "../../grammar/tokens.js";
import { isBuiltin } from "../builtins/operators.js";
import { roots } from "../check/fields.js";
import type { Analysis } from "./analysis.js";

const TYPES = [
  "keyword",
  "number",
  "string",
  "comment",
  "function",
  "method",
  "parameter",
  "variable",
  "property",
  "namespace",
  "type",
  "operator",
  "enumMember",
] as const;
const MODIFIERS = ["declaration", "documentation", "defaultLibrary"] as const;
type TokenKind = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Classified {
  kind: TokenKind;
  modifiers?: Modifier[];
}

const keywordTypes = new Set<TokenType>(T.keywords);
const numberTypes = new Set<TokenType>([T.IntLiteral, T.FloatLiteral, T.DurationLiteral, T.BpsLiteral]);
const operatorTypes = new Set<TokenType>([
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Less,
  T.LessEqual,
  T.Greater,
  T.GreaterEqual,
  T.EqualEqual,
  T.NotEqual,
  T.Coalesce,
  T.Question,
  T.Arrow,
  T.FatArrow,
  T.Equals,
]);

/** What the tree and the checker say of the names of `tree`, by offset. */
function classify(tree: SourceFile, analysis: Analysis): Map<number, Classified> {
  const at = new Map<number, Classified>();
  const declare = (offset: number, kind: TokenKind) => at.set(offset, { kind, modifiers: ["declaration"] });
  for (const item of tree.items) {
    if (item.kind === "fn") {
      declare(item.nameSpan.start, "function");
      for (const param of item.params) {
        declare(param.nameSpan.start, "parameter");
        at.set(param.type.span.start, { kind: "type" });
      }
      at.set(item.returnType.span.start, { kind: "type" });
      for (const binding of item.lets) declare(binding.nameSpan.start, "variable");
    } else if (item.kind === "dataset") {
      declare(item.nameSpan.start, "type");
      for (const column of [...item.columns, ...(item.labels ?? [])]) declare(column.nameSpan.start, "property");
      for (const trigger of item.triggers)
        for (const condition of trigger.conditions) {
          if (condition.kind === "bookChange" || condition.kind === "unknown")
            at.set(condition.span.start, { kind: "keyword" });
          if (condition.kind === "everyVolume") at.set(condition.unitSpan.start, { kind: "keyword" });
        }
    }
  }
  const resolved = new Map(
    analysis.resolutions.filter((r) => r.file === analysis.root.name).map((r) => [r.use.start, r.definition.kind]),
  );
  for (const { expr } of allExpressions(tree)) {
    if (expr.kind === "name") {
      const kind = resolved.get(expr.span.start);
      if (kind === "param") at.set(expr.span.start, { kind: "parameter" });
      else if (kind === "let") at.set(expr.span.start, { kind: "variable" });
      else if ((roots as readonly string[]).includes(expr.name)) at.set(expr.span.start, { kind: "namespace" });
    } else if (expr.kind === "field") {
      at.set(expr.nameSpan.start, { kind: "property" });
    } else if (expr.kind === "call") {
      if (expr.callee.kind === "field") at.set(expr.callee.nameSpan.start, { kind: "method" });
      else if (expr.callee.kind === "name") {
        const { name, span } = expr.callee;
        if (resolved.get(span.start) === "fn") at.set(span.start, { kind: "function" });
        else if (isBuiltin(name)) at.set(span.start, { kind: "function", modifiers: ["defaultLibrary"] });
      }
      for (const arg of expr.args) if (arg.nameSpan) at.set(arg.nameSpan.start, { kind: "parameter" });
    } else if (expr.kind === "match") {
      for (const arm of expr.arms)
        for (const pattern of arm.patterns)
          if (pattern.kind === "name") at.set(pattern.span.start, { kind: "enumMember" });
    }
  }
  return at;
}

function lexical(token: IToken): Classified | undefined {
  const type = token.tokenType;
  if (type === T.DocComment) return { kind: "comment", modifiers: ["documentation"] };
  if (keywordTypes.has(type)) return { kind: "keyword" };
  if (numberTypes.has(type)) return { kind: "number" };
  if (type === T.StringLiteral) return { kind: "string" };
  if (operatorTypes.has(type)) return { kind: "operator" };
  if (type === T.Identifier) return { kind: "variable" };
  return undefined;
}

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const file = analysis.root;
  const { tokens, comments } = T.lex(file.text);
  const named = file.tree ? classify(file.tree, analysis) : new Map<number, Classified>();
  const spans: { start: number; length: number; kind: TokenKind; modifiers: Modifier[] }[] = [];
  for (const token of tokens) {
    if (token.tokenType === T.Newline) continue;
    const found = named.get(token.startOffset) ?? lexical(token);
    if (found)
      spans.push({
        start: token.startOffset,
        length: token.image.length,
        kind: found.kind,
        modifiers: found.modifiers ?? [],
      });
  }
  for (const comment of comments)
    spans.push({ start: comment.startOffset, length: comment.text.length, kind: "comment", modifiers: [] });
  spans.sort((a, b) => a.start - b.start);
  const builder = new SemanticTokensBuilder();
  for (const span of spans) {
    const position = file.doc.positionAt(span.start);
    const modifiers = span.modifiers.reduce((bits, m) => bits | (1 << MODIFIERS.indexOf(m)), 0);
    builder.push(position.line, position.character, span.length, TYPES.indexOf(span.kind), modifiers);
  }
  return builder.build();
}
