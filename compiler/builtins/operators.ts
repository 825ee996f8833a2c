// The table of built-in operators and functions (docs/language.md sections 6.3, 7 and 10):
// each name's parameters with their types, ranges and defaults, its result type, the state it
// owns and its documentation. The checker binds and types calls from it, the typed tree's
// `TemporalOp` and the IR's state kinds come from it, `featc explain` and the language
// reference's operator table are derived from it (test/docs/operators.test.ts keeps the
// reference in step), and so can an editor's completion and hover.
//
// Adding an operator: an entry here (and a state kind in ./states.ts if it owns a new kind of
// state), a codegen entry per backend, a runtime helper per runtime, the reference, the tests.

import type { BaseType, IrType } from "../ir/types.js";
import type { StateKind } from "./states.js";

/** The accepted values of a constant parameter of one type. */
export type ConstantRange =
  /** Integers and durations (in ns), folded exactly. */
  | { min: bigint; max: bigint; unit: "steps" | "ns" }
  /** An f64 constant between `min` and `max` inclusive. */
  | { min: number; max: number; unit: "" };

/** Where a constant argument lives in the typed tree's `temporal` node. */
export type ConstantSlot = "window" | "capacity" | "q";

export type BuiltinParam =
  /** The value the operator takes at every step. */
  | { name: string; role: "input"; accepts: readonly BaseType[] }
  /** A compile-time constant: its value fixes the state's size or constants. */
  | {
      name: string;
      role: "constant";
      slot: ConstantSlot;
      types: Readonly<Partial<Record<"i64" | "duration" | "f64", ConstantRange>>>;
      /** How messages name it, e.g. "window of `rolling_sum`". */
      what: string;
    };

/** How a well-typed call is spelled in the typed tree. */
export type BuiltinForm =
  /** A `temporal` node of this operator (one state; `ema` by time becomes `ema_time`). */
  | { kind: "state"; op: TemporalOp }
  /** `x - prev(x)` (docs/language.md section 7.2). */
  | { kind: "delta" }
  /** `time_since(trade.count > 0)`. */
  | { kind: "timeSinceTrade" };

export interface TemporalBuiltin {
  kind: "temporal";
  /** Positional order; the input first. Omitted trailing parameters take their defaults. */
  params: readonly BuiltinParam[];
  /** The number of leading parameters a call must give. */
  required: number;
  /** Parameters of which a call gives exactly one (`ema`'s span `n` or its `half_life`). */
  exactlyOne?: readonly [string, string];
  /** Fixed constants the surface name implies: `rolling_median` is `rolling_quantile` at 0.5. */
  fixed?: Readonly<Partial<Record<ConstantSlot, number>>>;
  form: BuiltinForm;
  /** The result type for a given input type (the input's for operators without one). */
  result: (input: IrType) => IrType;
  usage: string;
  /** The reference's row (docs/language.md section 7): how it is written, its input, its type, its meaning. */
  doc: { written: string; input: string; type: string; meaning: string };
}

/** Built-ins without state: conversions, elementary functions and `future`, typed by the checker's own rules. */
export interface PlainBuiltin {
  kind: "conversion" | "elementary" | "future";
  usage: string;
  doc: { written: string; meaning: string; section: string };
}

export type Builtin = TemporalBuiltin | PlainBuiltin;

/** The operators that own a state in the typed tree (docs/language.md section 7). */
export type TemporalOp = Exclude<StateKind, "ema_time">;

const anyValue: readonly BaseType[] = ["f64", "i64", "bool", "timestamp", "duration"];
const numeric: readonly BaseType[] = ["f64", "i64"];
const input = (accepts: readonly BaseType[]): BuiltinParam => ({ name: "x", role: "input", accepts });

/** Events in a window: the ring buffer is this long. */
export const EVENT_WINDOW_RANGE: ConstantRange = { min: 1n, max: 1_000_000n, unit: "steps" };
/** The span `n` of `ema` (alpha = 2 / (n + 1)). */
export const EMA_SPAN_RANGE: ConstantRange = { min: 1n, max: 2n ** 53n - 1n, unit: "steps" };
/** Durations of windows, half-lives and horizons: positive, and exact as an f64 (below 2^53 ns). */
export const DURATION_RANGE: ConstantRange = { min: 1n, max: 2n ** 53n - 1n, unit: "ns" };
/** `max_events` of a time window. */
export const CAPACITY_RANGE: ConstantRange = { min: 1n, max: 1_000_000n, unit: "steps" };
/** `max_events` when a time window does not give one. */
export const DEFAULT_TIME_WINDOW_CAPACITY = 10_000n;
/** The probability of a quantile. */
export const QUANTILE_RANGE: ConstantRange = { min: 0, max: 1, unit: "" };

function rollingParams(name: string): BuiltinParam[] {
  return [
    {
      name: "window",
      role: "constant",
      slot: "window",
      types: { i64: EVENT_WINDOW_RANGE, duration: DURATION_RANGE },
      what: `window of \`${name}\``,
    },
    {
      name: "max_events",
      role: "constant",
      slot: "capacity",
      types: { i64: CAPACITY_RANGE },
      what: `\`max_events\` of \`${name}\``,
    },
  ];
}

const sameNullable = (t: IrType): IrType => ({ base: t.base, nullable: true });
const f64Nullable = (): IrType => ({ base: "f64", nullable: true });

/** An operator of one input `x`: its usage is `name(book.mid)`. */
function oneInput(
  form: BuiltinForm,
  accepts: readonly BaseType[],
  result: (input: IrType) => IrType,
  doc: TemporalBuiltin["doc"],
): TemporalBuiltin {
  const name = /^`(\w+)\(/.exec(doc.written)![1];
  return {
    kind: "temporal",
    params: [input(accepts)],
    required: 1,
    form,
    result,
    usage: `e.g. \`${name}(book.mid)\``,
    doc,
  };
}

function sinceEmit(op: TemporalOp, written: string, meaning: string): TemporalBuiltin {
  return oneInput({ kind: "state", op }, numeric, sameNullable, {
    written: `\`${written}(x)\``,
    input: "`f64`, `i64`",
    type: "`T?`",
    meaning,
  });
}

function rolling(
  op: Extract<TemporalOp, `rolling_${string}`>,
  accepts: readonly BaseType[],
  result: IrType,
  meaning: string,
): TemporalBuiltin {
  return {
    kind: "temporal",
    params: [input(accepts), ...rollingParams(op)],
    required: 2,
    form: { kind: "state", op },
    result: () => result,
    usage: `e.g. \`${op}(book.mid, 100)\` (steps) or \`${op}(book.mid, 30s, max_events = 10000)\` (time)`,
    doc: {
      written: `\`${op}(x, W)\``,
      input: accepts.map((t) => `\`${t}\``).join(", "),
      type: `\`${result.base}${result.nullable ? "?" : ""}\``,
      meaning,
    },
  };
}

function quantileParams(name: string): BuiltinParam[] {
  return [
    input(["f64"]),
    { name: "q", role: "constant", slot: "q", types: { f64: QUANTILE_RANGE }, what: `\`q\` of \`${name}\`` },
    ...rollingParams(name),
  ];
}

export const builtins = {
  prev: oneInput({ kind: "state", op: "prev" }, anyValue, sameNullable, {
    written: "`prev(x)`",
    input: "any",
    type: "`T?`",
    meaning: "the value `x` had at the previous step; `null` on the first step",
  }),
  delta: oneInput({ kind: "delta" }, numeric, sameNullable, {
    written: "`delta(x)`",
    input: "`f64`, `i64`",
    type: "`T?`",
    meaning: "`x - prev(x)`",
  }),
  // Null inputs are skipped and an empty sum is 0, so the sum is never null (section 7).
  sum_since_emit: oneInput(
    { kind: "state", op: "sum_since_emit" },
    numeric,
    // An f64 sum is never null; an i64 sum is null once it leaves ±(2^53-1), as i64 arithmetic is.
    (t) => ({ base: t.base, nullable: t.base === "i64" }),
    {
      written: "`sum_since_emit(x)`",
      input: "`f64`, `i64`",
      type: "`f64` or `i64?`",
      meaning:
        "sum of `x` over the steps since the last emitted row; null inputs are skipped; `0` when there were none; an `i64` sum is `null` from the step it leaves `[-(2^53-1), 2^53-1]` until the next row",
    },
  ),
  // A count is never null: 0 without values.
  count_since_emit: oneInput(
    { kind: "state", op: "count_since_emit" },
    ["f64", "i64", "bool", "timestamp"],
    () => ({ base: "i64", nullable: false }),
    {
      written: "`count_since_emit(x)`",
      input: "any",
      type: "`i64`",
      meaning: "steps since the last row where `x` was not null",
    },
  ),
  first_since_emit: sinceEmit("first_since_emit", "first_since_emit", "first non-null `x` since the last row"),
  last_since_emit: sinceEmit("last_since_emit", "last_since_emit", "last non-null `x` since the last row"),
  min_since_emit: sinceEmit("min_since_emit", "min_since_emit", "smallest non-null `x` since the last row"),
  max_since_emit: sinceEmit("max_since_emit", "max_since_emit", "largest non-null `x` since the last row"),
  open: sinceEmit("first_since_emit", "open", "the bar's first non-null `x`: `first_since_emit(x)`"),
  high: sinceEmit("max_since_emit", "high", "the bar's largest non-null `x`: `max_since_emit(x)`"),
  low: sinceEmit("min_since_emit", "low", "the bar's smallest non-null `x`: `min_since_emit(x)`"),
  close: sinceEmit("last_since_emit", "close", "the bar's last non-null `x`: `last_since_emit(x)`"),
  ema: {
    kind: "temporal",
    params: [
      input(["f64"]),
      { name: "n", role: "constant", slot: "window", types: { i64: EMA_SPAN_RANGE }, what: "span `n` of `ema`" },
      {
        name: "half_life",
        role: "constant",
        slot: "window",
        types: { duration: DURATION_RANGE },
        what: "`half_life` of `ema`",
      },
    ],
    required: 1,
    exactlyOne: ["n", "half_life"],
    form: { kind: "state", op: "ema" },
    result: f64Nullable,
    usage: "e.g. `ema(book.mid, 20)` (by steps) or `ema(book.mid, half_life = 5s)` (by time)",
    doc: {
      written: "`ema(x, n)`, `ema(x, half_life = D)`",
      input: "`f64`",
      type: "`f64?`",
      meaning: "exponential moving average by steps, `alpha = 2 / (n + 1)`, or by exchange time with half-life `D`",
    },
  },
  rolling_sum: rolling(
    "rolling_sum",
    ["f64"],
    { base: "f64", nullable: false },
    "sum over the window; `0` when it holds no value",
  ),
  rolling_mean: rolling("rolling_mean", ["f64"], { base: "f64", nullable: true }, "mean over the window"),
  rolling_min: rolling("rolling_min", ["f64"], { base: "f64", nullable: true }, "smallest over the window"),
  rolling_max: rolling("rolling_max", ["f64"], { base: "f64", nullable: true }, "largest over the window"),
  rolling_std: rolling(
    "rolling_std",
    ["f64"],
    { base: "f64", nullable: true },
    "sample standard deviation over the window",
  ),
  rolling_count: rolling(
    "rolling_count",
    ["f64", "i64", "bool"],
    { base: "i64", nullable: false },
    "non-null inputs in the window",
  ),
  rolling_quantile: {
    kind: "temporal",
    params: quantileParams("rolling_quantile"),
    required: 3,
    form: { kind: "state", op: "rolling_quantile" },
    result: f64Nullable,
    usage: "e.g. `rolling_quantile(book.mid, 0.9, 100)` (steps) or `rolling_quantile(book.mid, 0.9, 30s)` (time)",
    doc: {
      written: "`rolling_quantile(x, q, W)`",
      input: "`f64`",
      type: "`f64?`",
      meaning: "the `q` quantile over the window, interpolated linearly between closest ranks (7.7)",
    },
  },
  rolling_median: {
    kind: "temporal",
    params: [input(["f64"]), ...rollingParams("rolling_median")],
    required: 2,
    fixed: { q: 0.5 },
    form: { kind: "state", op: "rolling_quantile" },
    result: f64Nullable,
    usage: "e.g. `rolling_median(book.mid, 100)` (steps) or `rolling_median(book.mid, 30s)` (time)",
    doc: {
      written: "`rolling_median(x, W)`",
      input: "`f64`",
      type: "`f64?`",
      meaning: "`rolling_quantile(x, 0.5, W)`",
    },
  },
  time_since: {
    ...oneInput({ kind: "state", op: "time_since" }, ["bool"], f64Nullable, {
      written: "`time_since(c)`",
      input: "`bool`",
      type: "`f64?`",
      meaning: "seconds since the last step where `c` was true",
    }),
    usage: "e.g. `time_since(trade.count > 0)`",
  },
  time_since_trade: {
    kind: "temporal",
    params: [],
    required: 0,
    form: { kind: "timeSinceTrade" },
    result: f64Nullable,
    usage: "write `time_since_trade()`",
    doc: { written: "`time_since_trade()`", input: "", type: "`f64?`", meaning: "`time_since(trade.count > 0)`" },
  },
  f64: {
    kind: "conversion",
    usage: "e.g. `f64(book.bid.levels)`",
    doc: { written: "`f64(x)`", meaning: "an `i64` as an `f64`", section: "6" },
  },
  i64: {
    kind: "conversion",
    usage: "e.g. `i64(book.mid)`",
    doc: {
      written: "`i64(x)`",
      meaning: "an `f64` truncated toward zero; null when NaN or outside ±(2^53-1)",
      section: "6",
    },
  },
  log: {
    kind: "elementary",
    usage: "e.g. `log(book.mid)`",
    doc: { written: "`log(x)`", meaning: "the natural logarithm; null when `x <= 0`", section: "6.3" },
  },
  future: {
    kind: "future",
    usage: "e.g. `future(book.mid, 1s)`",
    doc: {
      written: "`future(x, horizon)`",
      meaning: "`x` as of the row's time plus `horizon`; only in a label",
      section: "10",
    },
  },
} as const satisfies Record<string, Builtin>;

export type BuiltinName = keyof typeof builtins;

export const builtinNames = Object.keys(builtins) as BuiltinName[];

export function isBuiltin(name: string): name is BuiltinName {
  return Object.hasOwn(builtins, name);
}

/** The entry of `name` as its general type (the table's literal types are narrower). */
export function builtinOf(name: BuiltinName): Builtin {
  return builtins[name];
}

export function temporalBuiltin(name: string): TemporalBuiltin | undefined {
  if (!isBuiltin(name)) return undefined;
  const entry = builtinOf(name);
  return entry.kind === "temporal" ? entry : undefined;
}
