// The `.feat` lexer (docs/language.md section 2).
//
// Chevrotain produces every token including newlines; `significantNewlines` then keeps only
// the newlines that end a statement, so the parser can treat `Newline` as a plain separator.

import type { IToken, ILexingError, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

const identifierPattern = /[A-Za-z_][A-Za-z0-9_]*/;

export const Identifier = createToken({ name: "Identifier", pattern: identifierPattern, label: "a name" });

function keyword(word: string): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `\`${word}\``,
  });
}

export const Fn = keyword("fn");
export const Dataset = keyword("dataset");
export const Trigger = keyword("trigger");
export const Let = keyword("let");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");
export const Every = keyword("every");
export const Events = keyword("events");
export const Trade = keyword("trade");
export const Event = keyword("event");
export const Import = keyword("import");
export const Label = keyword("label");
export const When = keyword("when");
export const Match = keyword("match");
// `is` only appears in `x is null` but is reserved too, so `is` can never be a name.
export const Is = keyword("is");

// Keywords must be tried before Identifier; longer keywords sharing a prefix come first
// (`events` before `event`).
export const keywords = [
  Fn,
  Dataset,
  Trigger,
  Let,
  If,
  Then,
  Else,
  And,
  Or,
  Not,
  True,
  False,
  Null,
  Every,
  Events,
  Event,
  Trade,
  Import,
  Label,
  When,
  Match,
  Is,
];

const unitSuffixEnd = "(?![A-Za-z0-9_])";

/** `250ms`, `1s`, `1.5m`: a duration; whether it is a whole number of ns is checked later. */
export const DurationLiteral = createToken({
  name: "DurationLiteral",
  pattern: new RegExp(`\\d+(?:\\.\\d+)?(?:ns|us|ms|s|m|h)${unitSuffixEnd}`),
  start_chars_hint: [..."0123456789"],
  label: "a duration",
});
/** `5bps` is the f64 `0.0005`. */
export const BpsLiteral = createToken({
  name: "BpsLiteral",
  pattern: new RegExp(`\\d+(?:\\.\\d+)?bps${unitSuffixEnd}`),
  start_chars_hint: [..."0123456789"],
  label: "a bps literal",
});
export const FloatLiteral = createToken({
  name: "FloatLiteral",
  pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  label: "a number",
});
export const IntLiteral = createToken({ name: "IntLiteral", pattern: /\d+/, label: "an integer" });
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n]|\\.)*"/,
  label: "a string",
});

export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/[^\n]*/, label: "a doc comment" });
/** Plain comments leave the token stream but are kept (group "comments") for a formatter. */
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n]*/, group: "comments" });
export const Newline = createToken({ name: "Newline", pattern: /\n/, label: "end of line", line_breaks: true });
export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\r]+/, group: Lexer.SKIPPED });

// Operator categories let the parser consume "any additive operator" as one CST child list,
// which keeps operands and operators in source order for the tree builder.
export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA, label: "`+` or `-`" });
export const MultiplicativeOperator = createToken({
  name: "MultiplicativeOperator",
  pattern: Lexer.NA,
  label: "`*` or `/`",
});
export const ComparisonOperator = createToken({ name: "ComparisonOperator", pattern: Lexer.NA, label: "a comparison" });

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return createToken({ name, pattern: new RegExp(escaped), label: `\`${text}\``, categories });
}

export const Arrow = punctuation("Arrow", "->");
/** `=>` of a `match` arm; before `==` and `=`, which share its first character. */
export const FatArrow = punctuation("FatArrow", "=>");
export const Coalesce = punctuation("Coalesce", "??");
export const LessEqual = punctuation("LessEqual", "<=", [ComparisonOperator]);
export const GreaterEqual = punctuation("GreaterEqual", ">=", [ComparisonOperator]);
export const EqualEqual = punctuation("EqualEqual", "==", [ComparisonOperator]);
export const NotEqual = punctuation("NotEqual", "!=", [ComparisonOperator]);
export const Less = punctuation("Less", "<", [ComparisonOperator]);
export const Greater = punctuation("Greater", ">", [ComparisonOperator]);
export const Equals = punctuation("Equals", "=");
export const Plus = punctuation("Plus", "+", [AdditiveOperator]);
export const Minus = punctuation("Minus", "-", [AdditiveOperator]);
export const Star = punctuation("Star", "*", [MultiplicativeOperator]);
export const Slash = punctuation("Slash", "/", [MultiplicativeOperator]);
export const Question = punctuation("Question", "?");
export const LParen = punctuation("LParen", "(");
export const RParen = punctuation("RParen", ")");
export const LCurly = punctuation("LCurly", "{");
export const RCurly = punctuation("RCurly", "}");
export const Comma = punctuation("Comma", ",");
export const Colon = punctuation("Colon", ":");
export const Dot = punctuation("Dot", ".");

/**
 * Text no other token matches: a run of characters the language does not use, or a single
 * character left over (a lone `!` or `"`). Last, so every other token is tried first; never
 * given to the parser: `lex` turns each into a lexing error. Matching a run in one token keeps
 * a file of garbage as fast to read as any other (Chevrotain's own error path retries every
 * token at every character).
 */
export const Unknown = createToken({
  name: "Unknown",
  pattern: /[^A-Za-z0-9_\s"\/().,:{}=<>!?+*\-]+|[\s\S]/,
  line_breaks: false,
  label: "an unexpected character",
});

export const allTokens: TokenType[] = [
  Whitespace,
  Newline,
  DocComment,
  LineComment,
  DurationLiteral,
  BpsLiteral,
  FloatLiteral,
  IntLiteral,
  StringLiteral,
  Arrow,
  FatArrow,
  Coalesce,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Question,
  LParen,
  RParen,
  LCurly,
  RCurly,
  Comma,
  Colon,
  Dot,
  AdditiveOperator,
  MultiplicativeOperator,
  ComparisonOperator,
  ...keywords,
  Identifier,
  Unknown,
];

/**
 * The lexer. Chevrotain's checks of a token set (unreachable patterns, conflicting groups)
 * take about half the lexer's construction, on every start of featc; they are skipped here
 * and run by the grammar's own test (test/frontend/grammarChecks.test.ts, `createLexer(true)`).
 */
export function createLexer(validate: boolean): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, skipValidations: !validate });
}

const featLexer = createLexer(false);

/** A line comment kept beside the token stream, for a formatter. */
export interface SourceComment {
  text: string;
  startOffset: number;
  endOffset: number;
  line: number;
  col: number;
}

export interface LexResult {
  /** Tokens for the parser: statement-ending newlines only. */
  tokens: IToken[];
  comments: SourceComment[];
  errors: ILexingError[];
}

export function lex(text: string): LexResult {
  const result = featLexer.tokenize(text);
  const errors: ILexingError[] = result.errors;
  const tokens: IToken[] = [];
  for (const token of result.tokens) {
    if (token.tokenType !== Unknown) {
      tokens.push(token);
      continue;
    }
    errors.push({
      offset: token.startOffset,
      length: token.image.length,
      line: token.startLine,
      column: token.startColumn,
      message: `unexpected character ${token.image}`,
    });
  }
  const comments = (result.groups.comments ?? []).map((token) => ({
    text: token.image,
    startOffset: token.startOffset,
    endOffset: token.endOffset ?? token.startOffset,
    line: token.startLine ?? 1,
    col: token.startColumn ?? 1,
  }));
  return { tokens: significantNewlines(tokens), comments, errors };
}

/**
 * The binary operators a line may break before or after (section 2). `-` is not one of them:
 * it continues only the line it ends, since a function's result expression may start with a
 * unary minus.
 */
const binaryOperators: TokenType[] = [
  Plus,
  Star,
  Slash,
  Coalesce,
  And,
  Or,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  Is,
];

/** A line ending in one of these continues onto the next line (section 2). */
const continuesAfter = new Set<TokenType>([
  ...binaryOperators,
  Minus,
  Not,
  Equals,
  Comma,
  Colon,
  Dot,
  Arrow,
  FatArrow,
  Then,
  Else,
  If,
  LParen,
  LCurly,
  DocComment,
]);

/**
 * A line starting with one of these continues the previous one. No statement can begin with
 * them, so this never merges two statements; it is what lets an `if` put each `else` on its
 * own line, as the examples in docs/language.md do.
 */
const continuesBefore = new Set<TokenType>([
  ...binaryOperators,
  Else,
  Then,
  Dot,
  RParen,
  RCurly,
  Arrow,
  FatArrow,
  LCurly,
]);

const statementBoundary = new Set<TokenType>([LCurly, RCurly, Let, Fn, Dataset, Trigger, Import]);

/**
 * Drops the newlines that do not end a statement: inside parentheses, after a token that
 * needs more, before a token that cannot start a statement, and runs of blank lines.
 */
export function significantNewlines(tokens: IToken[]): IToken[] {
  // The first token after each run of newlines, found in one pass from the end, so a file of
  // blank lines costs its length, not its length squared.
  const nextNonNewline = new Array<number>(tokens.length);
  for (let i = tokens.length - 1, next = tokens.length; i >= 0; i--) {
    nextNonNewline[i] = next;
    if (tokens[i].tokenType !== Newline) next = i;
  }
  const kept: IToken[] = [];
  let parenDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const type = token.tokenType;
    if (type === LParen) parenDepth++;
    if (type === RParen && parenDepth > 0) parenDepth--;
    // Parentheses never contain a block or a statement, so an unclosed `(` is forgotten at
    // the next block boundary or statement keyword instead of swallowing the rest of the file.
    if (statementBoundary.has(type)) parenDepth = 0;
    if (type !== Newline) {
      kept.push(token);
      continue;
    }
    const previous = kept[kept.length - 1];
    const next: IToken | undefined = tokens[nextNonNewline[i]];
    const insignificant =
      (parenDepth > 0 && !(next !== undefined && statementBoundary.has(next.tokenType))) ||
      previous === undefined ||
      previous.tokenType === Newline ||
      continuesAfter.has(previous.tokenType) ||
      next === undefined ||
      continuesBefore.has(next.tokenType);
    if (!insignificant) kept.push(token);
  }
  return kept;
}
