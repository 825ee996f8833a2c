// The fields of `book`, `event`, `trade`, `flow`, `row` and `quality` with their types
// (docs/language.md section 5).
// The built-in functions are the table of compiler/builtins/operators.ts.

import type { IrType } from "../ir/types.js";
import type {
  DerivedBookField,
  EventField,
  FlowField,
  LevelField,
  QualityField,
  RowField,
  TradeField,
} from "./typed.js";
import { type } from "./types.js";

export const roots = ["book", "event", "trade", "flow", "row", "quality"] as const;

export const levelFieldTypes: Readonly<Record<LevelField, IrType>> = {
  price: type("f64", true),
  size: type("f64", true),
  count: type("i64", true),
};

/** What may follow `book.bid.`: the best level's fields and the side's functions. */
export const sideMembers = ["price", "size", "count", "level", "depth", "levels"] as const;

export const derivedBookTypes: Readonly<Record<DerivedBookField, IrType>> = {
  mid: type("f64", true),
  spread: type("f64", true),
  microprice: type("f64", true),
};

export const bookMembers = ["bid", "ask", "mid", "spread", "microprice"] as const;

export const eventFieldTypes: Readonly<Record<EventField, IrType>> = {
  exchange_ts: type("timestamp"),
  ingest_ts: type("timestamp"),
  price: type("f64"),
  size: type("f64"),
  side: type("i64"),
  kind: type("i64"),
};

export const tradeFieldTypes: Readonly<Record<TradeField, IrType>> = {
  count: type("i64"),
  size: type("f64"),
  signed_size: type("f64"),
  price: type("f64", true),
};

/**
 * The row being emitted (docs/language.md section 4): its time (the boundary of a time-bar row,
 * the packet's exchange time otherwise) and the trigger condition that emitted it. Read when a
 * row is emitted, so never inside a temporal operator's input or a `future`.
 */
export const rowFieldTypes: Readonly<Record<RowField, IrType>> = {
  ts: type("timestamp"),
  trigger: type("i64"),
};

/**
 * The codes of `row.trigger`, the names a `match` on it uses (docs/language.md section 4). When
 * a packet fulfils several conditions the row names the first of this list. The runtimes carry
 * the same codes (runtime/kernel/contract.ts `ROW_TRIGGER`, native/core/src/kernel/contract.rs
 * `row_trigger`; test/parity/rowFields.test.ts keeps the three equal).
 */
export const ROW_TRIGGERS: Readonly<Record<string, number>> = {
  event: 1,
  events: 2,
  trade: 3,
  book_change: 4,
  volume: 5,
  bar: 6,
};

/**
 * The data-quality flags (docs/language.md section 5.1), all `bool` and never null.
 * `crossed` and `locked` read the book now, like any book field; the others say what happened
 * since the last row (a record flag, a reset of the stream), so like `row.*` they are read only
 * where a row is being emitted (`SINCE_ROW_QUALITY`, E0039).
 */
export const qualityFieldTypes: Readonly<Record<QualityField, IrType>> = {
  crossed: type("bool"),
  locked: type("bool"),
  gap: type("bool"),
  bad_book: type("bool"),
  bad_ts: type("bool"),
  reset: type("bool"),
};

/** The `quality.*` fields that cover the records since the last row: never in a step or a `future`. */
export const SINCE_ROW_QUALITY: ReadonlySet<QualityField> = new Set(["gap", "bad_book", "bad_ts", "reset"]);

/** What may follow `flow.`: the order-flow groups, each read by side (`flow.adds.bid`). */
export const flowGroups = ["adds", "cancels"] as const;

/** The order-flow counts of the packet, all `i64` and never null. */
export const flowFieldTypes: Readonly<Record<FlowField, IrType>> = {
  "adds.bid": type("i64"),
  "adds.ask": type("i64"),
  "cancels.bid": type("i64"),
  "cancels.ask": type("i64"),
};

export function has<K extends string>(table: Readonly<Record<K, unknown>>, key: string): key is K {
  return Object.prototype.hasOwnProperty.call(table, key);
}
