// How the Rust kernel keeps, updates, reads and resets each kind of state (docs/ir.md,
// "States"). One entry per state kind: the table is complete, so a kind added to the IR fails
// to compile here until it is spelled. The twin of compiler/codegen/ts/states.ts; the runtime
// helpers the entries call are native/core/src/kernel/ (window.rs, numerics.rs).

import type { IrStateOf, IrType, RollingAttributes, StateKind } from "../../ir/types.js";
import { f64Literal, rustType, zero } from "./values.js";

/** What an update may bind: `v<n>`/`k<n>`, the state's value after the update, when `used`. */
export interface UpdateResult {
  n: number;
  /** The Rust type of the value. */
  type: string;
  /** A later step instruction reads the value after the update. */
  used: boolean;
}

export interface RustStateCodegen<S> {
  /** Fields of the kernel struct (without the doc line). */
  fields(s: S): string[];
  /** Their initial values, as `name: value`. */
  init(s: S): string[];
  /** Statements after an emitted row (resetOnEmit kinds only). */
  reset(s: S): string[];
  /** Statements feeding input `%a` to the state in the step program. */
  update(s: S, a: number, result: UpdateResult): string[];
  /** Statements binding `v<n>`, `k<n>` to the state's value at time `now`. */
  read(s: S, n: number, type: string, now: string): string[];
}

type Table = { [K in StateKind]: RustStateCodegen<IrStateOf<K>> };

const noReset = () => [];

/**
 * A state whose update has an effect and whose value is an expression: the update binds the
 * value only when a later step instruction uses it, and a read binds it at the read's time.
 */
function effectThenValue<S extends { id: number }>(parts: {
  fields(s: S): string[];
  init(s: S): string[];
  reset?(s: S): string[];
  effect(s: S, x: string, ok: string): string[];
  value(s: S, now: string): string;
}): RustStateCodegen<S> {
  return {
    fields: parts.fields,
    init: parts.init,
    reset: parts.reset ?? noReset,
    update: (s, a, { n, type, used }) => [
      ...parts.effect(s, `v${a}`, `k${a}`),
      ...(used ? [`let (v${n}, k${n}): (${type}, bool) = ${parts.value(s, "ctx.exchange_ts")};`] : []),
    ],
    read: (s, n, type, now) => [`let (v${n}, k${n}): (${type}, bool) = ${parts.value(s, now)};`],
  };
}

/** A value and its validity flag, the layout of the since-emit and ema states. */
function valueAndFlag<S extends { id: number; type: IrType }>(
  effect: (s: S, x: string, ok: string) => string[],
  reset?: (s: S) => string[],
): RustStateCodegen<S> {
  return effectThenValue({
    fields: (s) => [`    s${s.id}_v: ${rustType(s.type)},`, `    s${s.id}_ok: bool,`],
    init: (s) => [`s${s.id}_v: ${zero(s.type)}`, `s${s.id}_ok: false`],
    reset,
    effect,
    value: (s) => `(self.s${s.id}_v, self.s${s.id}_ok)`,
  });
}

const resetValue = (s: { id: number; type: IrType }) => [
  `self.s${s.id}_v = ${zero(s.type)};`,
  `self.s${s.id}_ok = false;`,
];

function minMax(kind: "min" | "max") {
  return valueAndFlag<IrStateOf<"min_since_emit" | "max_since_emit">>((s, x, ok) => {
    const id = s.id;
    const beats = kind === "min" ? `${x} < self.s${id}_v` : `${x} > self.s${id}_v`;
    // A NaN, once taken, stays (docs/language.md section 7).
    const take =
      s.inputType.base === "f64"
        ? `!self.s${id}_ok || (!self.s${id}_v.is_nan() && (${x}.is_nan() || ${beats}))`
        : `!self.s${id}_ok || ${beats}`;
    return [`if ${ok} {`, `    if ${take} { self.s${id}_v = ${x}; }`, `    self.s${id}_ok = true;`, `}`];
  }, resetValue);
}

/**
 * A rolling window (featc_core::kernel::Window), read by `aggregate` after expiring the
 * steps outside the window; `bare` aggregates return a value that is never null.
 */
function rolling<S extends RollingAttributes & { id: number; inputType: IrType }>(
  aggregate: (s: S) => string,
  bare: boolean,
  constructor = "new",
): RustStateCodegen<S> {
  return effectThenValue<S>({
    fields: (s) => [`    s${s.id}: featc_core::kernel::Window,`],
    init: (s) => [
      `s${s.id}: featc_core::kernel::Window::${constructor}(${s.capacity}, ${BigInt(s.windowNs ?? "0").toString()})`,
    ],
    effect: (s, x, ok) => {
      const value = s.inputType.base === "f64" ? x : s.inputType.base === "i64" ? `${x} as f64` : "0.0";
      return [`self.s${s.id}.push(ctx.exchange_ts, ${value}, ${ok});`];
    },
    value: (s, now) =>
      bare
        ? `{ self.s${s.id}.expire(${now}); (self.s${s.id}.${aggregate(s)}, true) }`
        : `{ self.s${s.id}.expire(${now}); self.s${s.id}.${aggregate(s)} }`,
  });
}

export const rustStates: Table = {
  prev: {
    fields: (s) => [
      `    s${s.id}_held: ${rustType(s.type)},`,
      `    s${s.id}_held_ok: bool,`,
      `    s${s.id}_out: ${rustType(s.type)},`,
      `    s${s.id}_out_ok: bool,`,
    ],
    init: (s) => {
      const z = zero(s.type);
      return [`s${s.id}_held: ${z}`, `s${s.id}_held_ok: false`, `s${s.id}_out: ${z}`, `s${s.id}_out_ok: false`];
    },
    reset: noReset,
    // The update yields the held (previous) value and holds the new one.
    update: (s, a, { n, type }) => [
      `let v${n}: ${type} = self.s${s.id}_held;`,
      `let k${n}: bool = self.s${s.id}_held_ok;`,
      `self.s${s.id}_held = v${a};`,
      `self.s${s.id}_held_ok = k${a};`,
      `self.s${s.id}_out = v${n};`,
      `self.s${s.id}_out_ok = k${n};`,
    ],
    read: (s, n, type) => [`let v${n}: ${type} = self.s${s.id}_out;`, `let k${n}: bool = self.s${s.id}_out_ok;`],
  },
  sum_since_emit: {
    fields: (s) => [`    s${s.id}_acc: ${rustType(s.type)},`, `    s${s.id}_ok: bool,`],
    init: (s) => [`s${s.id}_acc: ${zero(s.type)}`, `s${s.id}_ok: true`],
    reset: (s) => [`self.s${s.id}_acc = ${zero(s.type)};`, `self.s${s.id}_ok = true;`],
    update: (s, a, { n }) => {
      const id = s.id;
      if (s.type.base !== "f64") {
        return [
          `if k${a} {`,
          `    let (sum, ok) = featc_core::kernel::i64_in_range(self.s${id}_acc.checked_add(v${a}));`,
          `    self.s${id}_acc = sum;`,
          `    self.s${id}_ok = self.s${id}_ok && ok;`,
          `}`,
          `let v${n}: i64 = self.s${id}_acc;`,
          `let k${n}: bool = self.s${id}_ok;`,
        ];
      }
      return [
        `if k${a} { self.s${id}_acc += v${a}; }`,
        `let v${n}: f64 = self.s${id}_acc;`,
        `let k${n}: bool = self.s${id}_ok;`,
      ];
    },
    read: (s, n, type) => [`let v${n}: ${type} = self.s${s.id}_acc;`, `let k${n}: bool = self.s${s.id}_ok;`],
  },
  count_since_emit: effectThenValue({
    fields: (s) => [`    s${s.id}_n: i64,`],
    init: (s) => [`s${s.id}_n: 0`],
    reset: (s) => [`self.s${s.id}_n = 0;`],
    effect: (s, _x, ok) => [`if ${ok} { self.s${s.id}_n += 1; }`],
    value: (s) => `(self.s${s.id}_n, true)`,
  }),
  first_since_emit: valueAndFlag(
    (s, x, ok) => [`if ${ok} && !self.s${s.id}_ok { self.s${s.id}_v = ${x}; self.s${s.id}_ok = true; }`],
    resetValue,
  ),
  last_since_emit: valueAndFlag(
    (s, x, ok) => [`if ${ok} { self.s${s.id}_v = ${x}; self.s${s.id}_ok = true; }`],
    resetValue,
  ),
  min_since_emit: minMax("min"),
  max_since_emit: minMax("max"),
  ema: valueAndFlag((s, x, ok) => [
    `if ${ok} {`,
    `    if self.s${s.id}_ok { self.s${s.id}_v = self.s${s.id}_v + ${f64Literal(s.alpha)} * (${x} - self.s${s.id}_v); }`,
    `    else { self.s${s.id}_v = ${x}; self.s${s.id}_ok = true; }`,
    `}`,
  ]),
  ema_time: effectThenValue({
    fields: (s) => [`    s${s.id}_v: f64,`, `    s${s.id}_ok: bool,`, `    s${s.id}_t: i64,`],
    init: (s) => [`s${s.id}_v: 0.0f64`, `s${s.id}_ok: false`, `s${s.id}_t: 0`],
    effect: (s, x, ok) => [
      `if ${ok} {`,
      `    if self.s${s.id}_ok {`,
      `        let dt = (ctx.exchange_ts - self.s${s.id}_t) as f64;`,
      `        let decay = featc_core::kernel::exp2_nonpositive(-(dt / ${f64Literal(Number(s.halfLifeNs))}));`,
      `        self.s${s.id}_v = ${x} + decay * (self.s${s.id}_v - ${x});`,
      `    } else { self.s${s.id}_v = ${x}; self.s${s.id}_ok = true; }`,
      `    self.s${s.id}_t = ctx.exchange_ts;`,
      `}`,
    ],
    value: (s) => `(self.s${s.id}_v, self.s${s.id}_ok)`,
  }),
  rolling_sum: rolling(() => "sum()", true),
  rolling_mean: rolling(() => "mean()", false),
  rolling_min: rolling(() => "extreme(false)", false),
  rolling_max: rolling(() => "extreme(true)", false),
  rolling_std: rolling(() => "std()", false),
  rolling_count: rolling(() => "count()", true),
  rolling_quantile: rolling((s) => `quantile(${f64Literal(s.q)})`, false, "with_sort_buffer"),
  time_since: effectThenValue({
    fields: (s) => [`    s${s.id}_t: i64,`, `    s${s.id}_ok: bool,`],
    init: (s) => [`s${s.id}_t: 0`, `s${s.id}_ok: false`],
    effect: (s, x, ok) => [`if ${ok} && ${x} { self.s${s.id}_t = ctx.exchange_ts; self.s${s.id}_ok = true; }`],
    value: (s, now) =>
      `(if self.s${s.id}_ok { featc_core::kernel::ns_to_seconds(${now} - self.s${s.id}_t) } else { 0.0 }, self.s${s.id}_ok)`,
  }),
};

/** The entry of a state's kind, typed for that state. */
export function rustStateOf<S extends { kind: StateKind }>(s: S): RustStateCodegen<S> {
  return rustStates[s.kind] as unknown as RustStateCodegen<S>;
}
