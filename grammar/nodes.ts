// Syntax-tree nodes from tokens, for the parser's actions (./parser.ts): spans, string
// literals, doc comments, operator chains, trigger conditions and function bodies.

import type { IToken } from "chevrotain";
import type {
  Argument,
  BinaryOperator,
  Expr,
  FnDecl,
  LetBinding,
  Param,
  Span,
  TriggerCondition,
  TypeRef,
} from "./syntax.js";

/** A well-formed token sequence that still is not a valid program, e.g. a body without a result. */
export interface TreeProblem {
  message: string;
  label: string;
  span: Span;
  hint?: string;
}

export function tokenSpan(token: IToken): Span {
  return {
    start: token.startOffset,
    end: (token.endOffset ?? token.startOffset) + 1,
    line: token.startLine ?? 1,
    col: token.startColumn ?? 1,
  };
}

export function join(first: Span, last: Span): Span {
  return { start: first.start, end: last.end, line: first.line, col: first.col };
}

/** From `first` to the end of `last`: the span of a construct. */
export function spanOf(first: IToken | Span, last: IToken | Span): Span {
  const begin = "image" in first ? tokenSpan(first) : first;
  const end = "image" in last ? tokenSpan(last) : last;
  return join(begin, end);
}

export function docText(docTokens: IToken[]): string | undefined {
  if (docTokens.length === 0) return undefined;
  return docTokens.map((t) => t.image.replace(/^\/\/\/ ?/, "")).join("\n");
}

/** Operands with the operators between them, folded to the left (`a - b - c` is `(a - b) - c`). */
export function leftFold(operands: Expr[], operators: IToken[]): Expr {
  let result = operands[0];
  operators.forEach((operator, index) => {
    const right = operands[index + 1];
    result = {
      kind: "binary",
      op: operator.image as BinaryOperator,
      left: result,
      right,
      opSpan: tokenSpan(operator),
      span: join(result.span, right.span),
    };
  });
  return result;
}

/** `operand` under the prefix operator `operator`. */
export function prefixed(op: "-" | "not", operator: IToken, operand: Expr): Expr {
  return { kind: "unary", op, operand, opSpan: tokenSpan(operator), span: join(tokenSpan(operator), operand.span) };
}

export function nameExpr(token: IToken, name = token.image): Expr {
  return { kind: "name", name, span: tokenSpan(token) };
}

export function callOf(callee: Expr, args: { args: Argument[]; span: Span }): Expr {
  return { kind: "call", callee, args: args.args, span: join(callee.span, args.span) };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };

/**
 * The text of a string literal (`"..."`, the lexer's StringLiteral): JSON's escapes, `\uXXXX`
 * included. An unknown escape is a problem at its place, never an exception.
 */
export function stringValue(literal: IToken, problems: TreeProblem[]): string {
  const image = literal.image;
  const span = tokenSpan(literal);
  let value = "";
  for (let i = 1; i < image.length - 1; i++) {
    const ch = image[i];
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const escape = image[i + 1];
    const hex = image.slice(i + 2, i + 6);
    if (escape === "u" && /^[0-9A-Fa-f]{4}$/.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else if (Object.hasOwn(ESCAPES, escape)) {
      value += ESCAPES[escape];
      i += 1;
    } else {
      const text = escape === "u" ? `\\u${hex}` : `\\${escape}`;
      const at = span.start + i;
      problems.push({
        message: `unknown escape \`${text}\` in a string`,
        label: "not an escape",
        span: { start: at, end: at + text.length, line: span.line, col: span.col + i },
        hint: 'the escapes are `\\"`, `\\\\`, `\\/`, `\\n`, `\\t`, `\\r`, `\\b`, `\\f` and `\\uXXXX`; write a `\\` as `\\\\`',
      });
      i += 1;
    }
  }
  return value;
}

/** One line of a function body: a `let` or an expression. */
export type FnStatement = { binding: LetBinding } | { expr: Expr };

/** A `fn` from its parts; a body must end with its result and have no other bare expression. */
export function fnDecl(
  parts: {
    name: IToken;
    params: Param[];
    returnType: TypeRef;
    statements: FnStatement[];
    doc: string | undefined;
    first: IToken;
    last: IToken;
  },
  problems: TreeProblem[],
): FnDecl {
  const { name, statements } = parts;
  const lets: LetBinding[] = [];
  let result: Expr | undefined;
  const span = spanOf(parts.first, parts.last);
  statements.forEach((statement, index) => {
    const isLast = index === statements.length - 1;
    if ("binding" in statement) {
      const binding = statement.binding;
      lets.push(binding);
      if (isLast) {
        problems.push({
          message: `function \`${name.image}\` ends with a \`let\` instead of its result`,
          label: "the last line of a function body must be its result expression",
          span: binding.span,
          hint: `add the result on its own line, e.g. \`${binding.name}\``,
        });
      }
    } else if (isLast) result = statement.expr;
    else {
      problems.push({
        message: "an expression can only be the last line of a function body",
        label: "this value is never used",
        span: statement.expr.span,
        hint: "bind it with `let name = ...` or move it to the end",
      });
    }
  });
  return {
    kind: "fn",
    name: name.image,
    nameSpan: tokenSpan(name),
    params: parts.params,
    returnType: parts.returnType,
    lets,
    result: result ?? { kind: "null", span },
    doc: parts.doc,
    span,
  };
}

/** The tokens of one trigger condition, by the alternative of the grammar they matched. */
export type ConditionTokens =
  | { kind: "event"; token: IToken }
  | { kind: "trade"; token: IToken }
  /** A word, with the parenthesised levels of `book_change(5)`: `trades`, `evry 1s`. */
  | { kind: "word"; name: IToken; levels?: IToken; close?: IToken }
  | {
      kind: "every";
      every: IToken;
      count?: IToken;
      events?: IToken;
      unit?: IToken;
      volume?: IToken;
      duration?: IToken;
    };

export function triggerCondition(c: ConditionTokens): TriggerCondition {
  if (c.kind === "event") return { kind: "event", span: tokenSpan(c.token) };
  if (c.kind === "trade") return { kind: "trade", span: tokenSpan(c.token) };
  if (c.kind === "word") {
    if (c.name.image === "book_change" && c.levels && c.close) {
      return {
        kind: "bookChange",
        levelsText: c.levels.image,
        levelsSpan: tokenSpan(c.levels),
        span: spanOf(c.name, c.close),
      };
    }
    return { kind: "unknown", name: c.name.image, span: tokenSpan(c.name) };
  }
  const last = c.events ?? c.unit ?? c.duration ?? c.count ?? c.volume ?? c.every;
  const span = spanOf(c.every, last);
  const volume = c.volume ?? (c.unit ? c.count : undefined);
  if (volume && c.unit) {
    return {
      kind: "everyVolume",
      volumeText: volume.image,
      volumeSpan: tokenSpan(volume),
      unit: c.unit.image,
      unitSpan: tokenSpan(c.unit),
      span,
    };
  }
  if (c.count) return { kind: "everyEvents", countText: c.count.image, countSpan: tokenSpan(c.count), span };
  return { kind: "everyDuration", durationText: c.duration!.image, durationSpan: tokenSpan(c.duration!), span };
}
