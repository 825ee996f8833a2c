// The kinds of per-symbol state a temporal operator compiles to (docs/ir.md, "States"), with
// what every stage needs to know about each: the constants its IR state carries, whether it is
// reset after a row, how far back its value can depend on input (the warm-up rule of
// `featc explain`) and how many bytes it keeps. The IR's `StateKind` and `IrState`, both code
// generators' `Record<StateKind, …>` tables and the analyses are keyed by this table, so a kind
// added here fails to compile until every one of them handles it.

import type { IrType } from "../ir/types.js";

/** How far back a state's value can depend on its input (compiler/ir/analysis/warmup.ts). */
export type Lookback =
  /** The previous step only. */
  | { kind: "previousStep" }
  /** The steps since the last row: bounded by whatever bounds the gap between rows. */
  | { kind: "sinceLastRow" }
  /** The state's window: its `windowNs`, or `capacity` steps. */
  | { kind: "window" }
  | { kind: "unbounded"; reason: string };

/** A rolling window's buffer: its length in steps (the window for a window of steps). */
export interface RollingAttributes {
  capacity: number;
  /** A window over time: the window in ns, a decimal string; absent for a window of steps. */
  windowNs?: string;
}

/** What every state has, for the byte rules. */
interface StateShape {
  type: IrType;
}

export interface StateKindInfo<Attributes> {
  /** Reset to the empty value after every emitted row (docs/language.md section 7.5). */
  resetOnEmit: boolean;
  lookback: Lookback;
  /**
   * Bytes of per-symbol state, from the fields the generated kernels keep (without struct
   * padding or the pointers to a window's buffers).
   */
  bytes(state: StateShape & Attributes): number;
  /** Never read: carries the type of the constants the kind's IR state has beside the common fields. */
  attributes?: Attributes;
}

/** A value field: f64, i64, timestamp and duration are 8 bytes, bool is 1. */
export function valueBytes(type: IrType): number {
  return type.base === "bool" ? 1 : 8;
}
const validityFlag = 1;

/**
 * featc_core::kernel::Window (native/core/src/kernel/window.rs): per slot an f64 value and a
 * valid flag, plus a timestamp for a time window; head, len and span_ns. Aggregates are
 * recomputed from the buffer when read, so no running sums are kept.
 */
export function windowBytes(state: RollingAttributes): number {
  const slot = 8 + validityFlag + (state.windowNs !== undefined ? 8 : 0);
  return state.capacity * slot + 3 * 8;
}

function kind<Attributes = {}>(info: Omit<StateKindInfo<Attributes>, "attributes">): StateKindInfo<Attributes> {
  return info;
}

const emaLookback: Lookback = { kind: "unbounded", reason: "ema weighs every past step (exponential decay)" };
// value + ok (ok doubles as "seen one since the row")
const sinceEmit = kind({
  resetOnEmit: true,
  lookback: { kind: "sinceLastRow" },
  bytes: (s) => valueBytes(s.type) + validityFlag,
});
const rolling = kind<RollingAttributes>({ resetOnEmit: false, lookback: { kind: "window" }, bytes: windowBytes });

export const stateKinds = {
  // held value + held_ok, out value + out_ok: the previous step's value is read after the update.
  prev: kind({
    resetOnEmit: false,
    lookback: { kind: "previousStep" },
    bytes: (s) => 2 * (valueBytes(s.type) + validityFlag),
  }),
  // acc + ok
  sum_since_emit: sinceEmit,
  // the count (i64)
  count_since_emit: kind({ resetOnEmit: true, lookback: { kind: "sinceLastRow" }, bytes: () => 8 }),
  first_since_emit: sinceEmit,
  last_since_emit: sinceEmit,
  min_since_emit: sinceEmit,
  max_since_emit: sinceEmit,
  // the average + ok; `alpha`, the smoothing factor 2 / (n + 1) (one IEEE division), is a constant of the code
  ema: kind<{ alpha: number }>({
    resetOnEmit: false,
    lookback: emaLookback,
    bytes: (s) => valueBytes(s.type) + validityFlag,
  }),
  // the average + ok + the timestamp of the last update; `halfLifeNs`, a decimal string
  ema_time: kind<{ halfLifeNs: string }>({
    resetOnEmit: false,
    lookback: emaLookback,
    bytes: (s) => valueBytes(s.type) + validityFlag + 8,
  }),
  rolling_sum: rolling,
  rolling_mean: rolling,
  rolling_min: rolling,
  rolling_max: rolling,
  rolling_std: rolling,
  rolling_count: rolling,
  // the window, and the buffer its values are sorted in when a quantile is read
  rolling_quantile: kind<RollingAttributes & { q: number }>({
    resetOnEmit: false,
    lookback: { kind: "window" },
    bytes: (s) => windowBytes(s) + s.capacity * 8,
  }),
  // the timestamp of the last step where the condition held + ok
  time_since: kind({
    resetOnEmit: false,
    lookback: { kind: "unbounded", reason: "the condition may last have held at any time before" },
    bytes: () => 8 + validityFlag,
  }),
};

export type StateKind = keyof typeof stateKinds;

/** The constants the IR state of each kind carries beside the common fields (docs/ir.md, "States"). */
export type StateAttributes = {
  [K in StateKind]: (typeof stateKinds)[K] extends StateKindInfo<infer A> ? A : never;
};

/** The rolling kinds: a ring buffer of the last steps, aggregated when read (docs/language.md section 7.4). */
export type RollingKind = Extract<StateKind, `rolling_${string}`>;

export function isRollingKind(kind: StateKind): kind is RollingKind {
  return kind.startsWith("rolling_");
}
