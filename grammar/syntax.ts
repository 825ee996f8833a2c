// The syntax tree: what the source says, before any name is resolved or type checked.
// Every node carries the span of the text it came from, for diagnostics and a formatter.

import type { SourceComment } from "./tokens.js";

/** A range of source text. `end` is exclusive; `line` and `col` (1-based) locate `start`. */
export interface Span {
  start: number;
  end: number;
  line: number;
  col: number;
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or" | "??";

export type Expr =
  | { kind: "int"; text: string; span: Span }
  | { kind: "float"; text: string; span: Span }
  /** `250ms`: the text is kept; the checker turns it into whole nanoseconds. */
  | { kind: "duration"; text: string; span: Span }
  | { kind: "bps"; text: string; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "null"; span: Span }
  /** A bare name: a `let`, a parameter, or the roots `book`, `event`, `trade`. */
  | { kind: "name"; name: string; span: Span }
  /** `object.name`, e.g. `book.bid`. */
  | { kind: "field"; object: Expr; name: string; nameSpan: Span; span: Span }
  /** `callee(args)`; the callee is a name (`prev(x)`) or a field (`book.bid.level(2)`). */
  | { kind: "call"; callee: Expr; args: Argument[]; span: Span }
  | { kind: "unary"; op: "-" | "not"; operand: Expr; opSpan: Span; span: Span }
  | { kind: "binary"; op: BinaryOperator; left: Expr; right: Expr; opSpan: Span; span: Span }
  | { kind: "isNull"; operand: Expr; span: Span }
  | { kind: "if"; condition: Expr; then: Expr; else: Expr; span: Span }
  /** `match subject { pattern [or pattern]... => value, ... }`. */
  | { kind: "match"; subject: Expr; arms: MatchArm[]; span: Span }
  | { kind: "paren"; inner: Expr; span: Span };

export interface MatchArm {
  patterns: MatchPattern[];
  value: Expr;
  span: Span;
}

export type MatchPattern =
  /** An event kind name (`add`, `trade`, ...) or `_`. */
  | { kind: "name"; name: string; span: Span }
  /** An integer, its text with any leading `-`. */
  | { kind: "int"; text: string; span: Span };

/** A call argument, positional or named (`depth = 5`). */
export interface Argument {
  name?: string;
  nameSpan?: Span;
  value: Expr;
  span: Span;
}

/** `f64`, `i64?`: the name is resolved by the checker. */
export interface TypeRef {
  name: string;
  nullable: boolean;
  span: Span;
}

export interface Param {
  name: string;
  nameSpan: Span;
  type: TypeRef;
  default?: Expr;
  span: Span;
}

export interface LetBinding {
  name: string;
  nameSpan: Span;
  value: Expr;
  span: Span;
}

export interface FnDecl {
  kind: "fn";
  name: string;
  nameSpan: Span;
  params: Param[];
  returnType: TypeRef;
  lets: LetBinding[];
  result: Expr;
  doc?: string;
  span: Span;
}

export type TriggerCondition =
  | { kind: "event"; span: Span }
  | { kind: "trade"; span: Span }
  | { kind: "everyEvents"; countText: string; countSpan: Span; span: Span }
  | { kind: "everyDuration"; durationText: string; durationSpan: Span; span: Span }
  /** `book_change(5)`. */
  | { kind: "bookChange"; levelsText: string; levelsSpan: Span; span: Span }
  /** `every 500 volume`; `unit` is the word after the number, checked to be `volume`. */
  | { kind: "everyVolume"; volumeText: string; volumeSpan: Span; unit: string; unitSpan: Span; span: Span }
  /** Any other word: kept so the checker can say what it might have meant. */
  | { kind: "unknown"; name: string; span: Span };

export interface TriggerDecl {
  conditions: TriggerCondition[];
  /** `when <expr>`: rows are emitted only where it is true. */
  filter?: Expr;
  span: Span;
}

export interface ColumnDecl {
  name: string;
  nameSpan: Span;
  value: Expr;
  doc?: string;
  span: Span;
}

export interface DatasetDecl {
  kind: "dataset";
  name: string;
  nameSpan: Span;
  triggers: TriggerDecl[];
  columns: ColumnDecl[];
  /** `label name = expr` statements, in order (docs/language.md section 10); absent when none. */
  labels?: ColumnDecl[];
  doc?: string;
  span: Span;
}

export interface ImportDecl {
  kind: "import";
  /** The path as written, without quotes, relative to the importing file. */
  path: string;
  pathSpan: Span;
  span: Span;
}

export type Item = FnDecl | DatasetDecl | ImportDecl;

export interface SourceFile {
  /** The file name as given to the compiler. */
  file: string;
  items: Item[];
  /** `//` comments with their positions, for a formatter. */
  comments: SourceComment[];
}
