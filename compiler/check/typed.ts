// The typed tree: the checker's output and the lowering's input. Names are resolved, every
// expression carries its type (an IrType), implicit conversions are explicit nodes, and call
// arguments are matched to parameters with defaults filled in.

import type { Span } from "../../grammar/syntax.js";
import type { TemporalOp } from "../builtins/operators.js";
import type { IrType, Side } from "../ir/types.js";

export type LevelField = "price" | "size" | "count";
export type DerivedBookField = "mid" | "spread" | "microprice";
export type EventField = "exchange_ts" | "ingest_ts" | "price" | "size" | "side" | "kind";
export type TradeField = "count" | "size" | "signed_size" | "price";
/** `row.ts`, `row.trigger`: the row being emitted (docs/language.md section 4). */
export type RowField = "ts" | "trigger";
/**
 * `quality.crossed` and the other data-quality flags (docs/language.md section 5.1): the book's
 * state now, or what the records since the last row said about the feed.
 */
export type QualityField = "crossed" | "locked" | "gap" | "bad_book" | "bad_ts" | "reset";
/** `flow.adds.bid` and the like: a group (`adds`, `cancels`) and a side (docs/language.md section 5). */
export type FlowField = "adds.bid" | "adds.ask" | "cancels.bid" | "cancels.ask";
export type ArithmeticOp = "add" | "sub" | "mul" | "div";
export type ComparisonOp = "lt" | "le" | "gt" | "ge" | "eq" | "ne";
/** Temporal operators that own a state (docs/language.md section 7): the table of built-ins
 * (compiler/builtins/operators.ts) spells every temporal call as one of these. */
export type { TemporalOp };

export type ConstValue =
  | { kind: "f64"; value: number }
  | { kind: "i64"; value: bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "duration"; ns: bigint }
  | { kind: "null" };

export type TypedExpr = { type: IrType; span: Span } & (
  | { kind: "const"; value: ConstValue }
  /** `book.bid.price` is level 1; `level` is checked to fold to a constant >= 1. */
  | { kind: "bookLevel"; side: Side; field: LevelField; level: TypedExpr }
  | { kind: "bookDepth"; side: Side; levels: TypedExpr }
  | { kind: "bookLevels"; side: Side }
  | { kind: "bookDerived"; field: DerivedBookField }
  | { kind: "event"; field: EventField }
  | { kind: "trade"; field: TradeField }
  | { kind: "flow"; field: FlowField }
  | { kind: "row"; field: RowField }
  | { kind: "quality"; field: QualityField }
  | { kind: "arithmetic"; op: ArithmeticOp; left: TypedExpr; right: TypedExpr }
  | { kind: "neg"; operand: TypedExpr }
  | { kind: "compare"; op: ComparisonOp; left: TypedExpr; right: TypedExpr }
  | { kind: "logic"; op: "and" | "or"; left: TypedExpr; right: TypedExpr }
  | { kind: "not"; operand: TypedExpr }
  | { kind: "isNull"; operand: TypedExpr }
  | { kind: "if"; condition: TypedExpr; then: TypedExpr; else: TypedExpr }
  | { kind: "coalesce"; left: TypedExpr; right: TypedExpr }
  /** i64 to f64: written `f64(x)`, or implied by `/` (docs/language.md section 6). */
  | { kind: "toF64"; operand: TypedExpr }
  /** f64 to i64, written `i64(x)`: truncation toward zero, null when NaN or out of range. */
  | { kind: "toI64"; operand: TypedExpr }
  /** `log(x)`, the natural logarithm: null when `x` is null or `x <= 0` (docs/language.md section 6.3). */
  | { kind: "log"; operand: TypedExpr }
  /**
   * `window`: for `ema` the span (an i64 count of steps, or a `duration` half-life); for the
   * rolling operators the window (an i64 count of steps, or a `duration`). `capacity`: the
   * `max_events` of a time window; `q`: an f64 constant such as a quantile's probability. All fold to
   * constants after inlining (the slots of compiler/builtins/operators.ts `ConstantSlot`).
   */
  | {
      kind: "temporal";
      op: TemporalOp;
      input: TypedExpr;
      window?: TypedExpr;
      capacity?: TypedExpr;
      q?: TypedExpr;
    }
  /**
   * `future(x, horizon)`, only in a label (docs/language.md section 10): `x` as of the row's
   * time plus `horizon`, a `duration` constant.
   */
  | { kind: "future"; input: TypedExpr; horizon: TypedExpr }
  | { kind: "param"; name: string }
  | { kind: "let"; name: string }
  /** A user function call; `args[i]` is parameter i's value, a default where omitted. */
  | { kind: "call"; fn: string; args: TypedExpr[] }
);

export interface TypedParam {
  name: string;
  type: IrType;
  span: Span;
}

export interface TypedLet {
  name: string;
  value: TypedExpr;
  span: Span;
}

export interface TypedFunction {
  name: string;
  params: TypedParam[];
  /** In source order; a `let` sees the parameters and the `let`s before it. */
  lets: TypedLet[];
  result: TypedExpr;
  returnType: IrType;
  doc?: string;
  span: Span;
  /** The file the function is defined in. */
  file: string;
}

export interface TypedTrigger {
  everyEvent: boolean;
  trade: boolean;
  /** 0 = off. */
  everyEvents: number;
  /** 0n = off. */
  barNs: bigint;
  /** `book_change(n)`: n levels a side; 0 = off. */
  bookChange: number;
  /** `every V volume`: V in size units; 0 = off. */
  everyVolume: number;
  /** `when <expr>`: a `bool` (`bool?`, null counting as false). */
  filter?: TypedExpr;
}

export interface TypedColumn {
  name: string;
  type: IrType;
  value: TypedExpr;
  doc?: string;
  span: Span;
}

export interface TypedDataset {
  name: string;
  trigger: TypedTrigger;
  columns: TypedColumn[];
  /** `label` columns, after the columns in the schema; always nullable (section 10). */
  labels: TypedColumn[];
  doc?: string;
  span: Span;
  file: string;
}

export interface TypedProgram {
  functions: Map<string, TypedFunction>;
  datasets: TypedDataset[];
}
