// The featc IR: the only input of both code generators. Documented in docs/ir.md.
// Versioned JSON; every instruction states its type; evaluation order is the array order.

import type { RollingAttributes, RollingKind, StateAttributes, StateKind } from "../builtins/states.js";

export const IR_VERSION = 1;

export type BaseType = "f64" | "i64" | "bool" | "timestamp" | "duration";

export interface IrType {
  base: BaseType;
  nullable: boolean;
}

export type Side = "bid" | "ask";

/** Operations an instruction may perform. Semantics: docs/ir.md, "Operations". */
export type IrOp =
  | { op: "const"; value: number | boolean | string | null } // i64/timestamp/duration as decimal strings; f64 as number (NaN/Infinity as strings "NaN", "Infinity", "-Infinity")
  | { op: "book.price"; side: Side; level: number } // level >= 1
  | { op: "book.size"; side: Side; level: number }
  | { op: "book.count"; side: Side; level: number }
  | { op: "book.depth"; side: Side; levels: number }
  | { op: "book.levels"; side: Side }
  | { op: "event.exchange_ts" }
  | { op: "event.ingest_ts" }
  | { op: "event.price" }
  | { op: "event.size" }
  | { op: "event.side" }
  | { op: "event.kind" }
  | { op: "trade.count" }
  | { op: "trade.size" }
  | { op: "trade.signed_size" }
  | { op: "trade.price" }
  | { op: "flow.adds.bid" }
  | { op: "flow.adds.ask" }
  | { op: "flow.cancels.bid" }
  | { op: "flow.cancels.ask" }
  | { op: "row.ts" } // emit, filter and label-now programs only: the row's time (docs/language.md section 4)
  | { op: "row.trigger" } // the same: the code of the condition that emitted the row
  | { op: "quality.crossed" } // best bid > best ask, raw prices; false when a side is empty (docs/language.md section 5.1)
  | { op: "quality.locked" } // best bid == best ask, raw prices; false when a side is empty
  | { op: "quality.gap" } // emit, filter and label-now programs only: a record since the last row had flag GAP
  | { op: "quality.bad_book" } // the same, flag BAD_BOOK
  | { op: "quality.bad_ts" } // the same, flag BAD_TS
  | { op: "quality.reset" } // the same: the stream was reset since the last row (docs/language.md section 4.1)
  | { op: "add"; args: [number, number] }
  | { op: "sub"; args: [number, number] }
  | { op: "mul"; args: [number, number] }
  | { op: "div"; args: [number, number] } // f64 only; null when the divisor is zero
  | { op: "neg"; args: [number] }
  | { op: "lt" | "le" | "gt" | "ge" | "eq" | "ne"; args: [number, number] }
  | { op: "and" | "or"; args: [number, number] }
  | { op: "not"; args: [number] }
  | { op: "if"; args: [number, number, number] } // cond, then, else
  | { op: "coalesce"; args: [number, number] }
  | { op: "is_null"; args: [number] }
  | { op: "i2f"; args: [number] }
  | { op: "f2i"; args: [number] } // truncation toward zero; null when NaN or outside ±(2^53-1)
  | { op: "log"; args: [number] } // f64 natural logarithm (featc's own, both backends); null when <= 0
  | { op: "state.update"; state: number; args: [number] } // step program only; yields the state's read value after the update
  | { op: "state.read"; state: number } // emit, filter, label-now and future programs
  | { op: "label.now"; slot: number } // label program only: a value the label-now program captured at the row
  | { op: "label.future"; slot: number }; // label program only: a future's captured value

/** One SSA instruction: `%id = op(args) : type`. Ids are unique within a program. */
export type IrInstr = IrOp & { id: number; type: IrType };

export type { RollingAttributes, RollingKind, StateAttributes, StateKind };

interface IrStateCommon {
  id: number;
  /** Type of the state's read value. */
  type: IrType;
  /** Type of the input value fed to the state at each step. */
  inputType: IrType;
  /** Reset to the empty value after every emitted row. */
  resetOnEmit: boolean;
  /** Human-readable origin, e.g. `prev(book.bid.price)`, for printers and comments. */
  label: string;
}

/** The state of one kind: its common fields and its kind's constants. */
export type IrStateOf<K extends StateKind> = IrStateCommon & { kind: K } & StateAttributes[K];

/** One state of the program, keyed by `kind`; update, read and reset rules: docs/ir.md, "States". */
export type IrState = { [K in StateKind]: IrStateOf<K> }[StateKind];

export interface IrTrigger {
  everyEvent: boolean;
  trade: boolean;
  /** Emit every N packets since the last row; 0 = off. */
  everyEvents: number;
  /** Clock-aligned bar period in ns, decimal string; "0" = off. */
  barNs: string;
  /** `book_change(n)`: emit when the best n levels of either side changed; absent = off. */
  bookChange?: number;
  /** `every V volume`: emit when the traded size since the last firing reaches V; absent = off. */
  everyVolume?: number;
}

/** The `when` of a trigger: a program run at each firing before `emit`; a row is emitted only when `value` is true. */
export interface IrFilter {
  program: IrInstr[];
  /** Id of the `program` instruction holding the bool. */
  value: number;
}

export interface IrColumn {
  name: string;
  type: IrType;
  /** Id of the emit-program instruction holding the value. */
  value: number;
  doc?: string;
}

/**
 * One `future(x, horizon)` (docs/language.md section 10): `program` evaluates `x` (like a
 * column, `state.read` allowed) when the driver captures it, at the row's time plus `horizonNs`.
 */
export interface IrFuture {
  /** Index in `IrLabels.futures`; the `slot` of the `label.future` that reads it. */
  slot: number;
  /** The horizon in ns, a decimal string. */
  horizonNs: string;
  type: IrType;
  program: IrInstr[];
  /** Id of the `program` instruction holding the value. */
  value: number;
  /** Human-readable origin, e.g. `future(book.mid, 1000000000ns)`. */
  label: string;
}

/** A label column: `value` is the id of a label-program instruction. */
export interface IrLabelColumn extends IrColumn {
  /** The future slots the label reads: it is null when any of them was never captured. */
  futures: number[];
}

/** Labels of a batch dataset (docs/language.md section 10); absent when the dataset has none. */
export interface IrLabels {
  /**
   * Run at each row that is delivered, after `filter` and before `emit`: the parts of the
   * label expressions that read the present. `nowValues[k]` is the instruction of slot k.
   */
  now: IrInstr[];
  nowValues: { type: IrType; value: number }[];
  futures: IrFuture[];
  /** Run when a row's futures are known (or the log ended): `label.now`/`label.future` and pure ops only. */
  program: IrInstr[];
  /** In the schema after `columns`, in declaration order; always nullable. */
  columns: IrLabelColumn[];
}

export interface IrProgram {
  irVersion: typeof IR_VERSION;
  /** Dataset name. */
  name: string;
  /** Spec file the dataset came from, as given to the compiler. */
  source: string;
  trigger: IrTrigger;
  states: IrState[];
  /** Run once per packet, in order. */
  step: IrInstr[];
  /** Run once per emitted row, in order; then states with resetOnEmit are reset. */
  emit: IrInstr[];
  /** Absent when the trigger has no `when`. */
  filter?: IrFilter;
  columns: IrColumn[];
  /** Absent without labels, so specs without them keep their IR (and hash). */
  labels?: IrLabels;
}
