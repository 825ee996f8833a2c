// How the TypeScript kernel keeps, updates, reads and resets each kind of state (docs/ir.md,
// "States"). One entry per state kind: the table is complete, so a kind added to the IR fails
// to compile here until it is spelled. The twin of compiler/codegen/rust/states.ts, statement
// for statement; the runtime helpers the entries call are runtime/kernel/ (window.ts, numerics.ts).

import type { IrStateOf, IrType, RollingAttributes, StateKind } from "../../ir/types.js";
import { I64_MAX, isTs, numberLiteral, splitI64, zero } from "./values.js";

/** A field of the generated kernel class. */
export interface Field {
  name: string;
  type: string;
  init: string;
}

/** A time as the (hi, lo) words of its int64. */
export type WordPair = readonly [hi: string, lo: string];

export interface TsStateCodegen<S> {
  fields(s: S): Field[];
  /** Statements after an emitted row (resetOnEmit kinds only). */
  reset(s: S): string[];
  /** Statements feeding input `%a` to the state; binds `v<n>`/`k<n>` when `used` or when the kind always does. */
  update(s: S, a: number, n: number, used: boolean): string[];
  /** Statements binding `v<n>`, `k<n>` to the state's value at time `now`. */
  read(s: S, n: number, now: WordPair): string[];
}

type Table = { [K in StateKind]: TsStateCodegen<IrStateOf<K>> };

const noReset = () => [];
const stepTime: WordPair = ["ctx.exchangeTsHi", "ctx.exchangeTsLo"];
const bind = (n: number, value: string, valid: string) => [`const v${n} = ${value};`, `const k${n} = ${valid};`];

/**
 * A state whose update has an effect and whose value is an expression: the update binds the
 * value only when a later step instruction uses it, and a read binds it at the read's time.
 */
function effectThenValue<S extends { id: number }>(parts: {
  fields(s: S): Field[];
  reset?(s: S): string[];
  effect(s: S, x: string, ok: string): string[];
  read(s: S, n: number, now: WordPair): string[];
}): TsStateCodegen<S> {
  return {
    fields: parts.fields,
    reset: parts.reset ?? noReset,
    update: (s, a, n, used) => [...parts.effect(s, `v${a}`, `k${a}`), ...(used ? parts.read(s, n, stepTime) : [])],
    read: parts.read,
  };
}

const timeFields = (id: number): Field[] => [
  { name: `s${id}_tHi`, type: "number", init: "0" },
  { name: `s${id}_tLo`, type: "number", init: "0" },
];

/** An int64 difference of (hi, lo) words as f64: exact word differences, one rounding (= Rust's `as f64`). */
function nsDifference(aHi: string, aLo: string, bHi: string, bLo: string): string {
  return `((${aHi} - ${bHi}) * 4294967296 + (${aLo} - ${bLo}))`;
}

/** A value and its validity flag, the layout of the since-emit and ema states. */
function valueAndFlag<S extends { id: number }>(
  effect: (s: S, x: string, ok: string) => string[],
  reset?: (s: S) => string[],
  extraFields: (s: S) => Field[] = () => [],
): TsStateCodegen<S> {
  return effectThenValue({
    fields: (s) => [
      { name: `s${s.id}_v`, type: "number", init: "0" },
      { name: `s${s.id}_ok`, type: "boolean", init: "false" },
      ...extraFields(s),
    ],
    reset,
    effect,
    read: (s, n) => bind(n, `this.s${s.id}_v`, `this.s${s.id}_ok`),
  });
}

const resetValue = (s: { id: number }) => [`this.s${s.id}_v = 0;`, `this.s${s.id}_ok = false;`];

function minMax(kind: "min" | "max") {
  return valueAndFlag<IrStateOf<"min_since_emit" | "max_since_emit">>((s, x, ok) => {
    const id = s.id;
    const beats = kind === "min" ? `${x} < this.s${id}_v` : `${x} > this.s${id}_v`;
    // A NaN, once taken, stays (docs/language.md section 7).
    const take =
      s.inputType.base === "f64"
        ? `!this.s${id}_ok || (this.s${id}_v === this.s${id}_v && (${x} !== ${x} || ${beats}))`
        : `!this.s${id}_ok || ${beats}`;
    return [`if (${ok}) {`, `  if (${take}) this.s${id}_v = ${x};`, `  this.s${id}_ok = true;`, `}`];
  }, resetValue);
}

/**
 * A rolling window (runtime/kernel/window.ts `Window`), read by `aggregate` after expiring the
 * steps outside the window; `bare` aggregates return a value that is never null.
 */
function rolling<S extends RollingAttributes & { id: number; inputType: IrType }>(
  aggregate: (s: S) => string,
  bare: boolean,
  sorted = false,
): TsStateCodegen<S> {
  return effectThenValue<S>({
    fields: (s) => {
      const [hi, lo] = splitI64(BigInt(s.windowNs ?? "0"));
      return [
        { name: `s${s.id}`, type: "Window", init: `new Window(${s.capacity}, ${hi}, ${lo}${sorted ? ", true" : ""})` },
      ];
    },
    effect: (s, x, ok) => [
      `this.s${s.id}.push(ctx.exchangeTsHi, ctx.exchangeTsLo, ${s.inputType.base === "bool" ? "0" : x}, ${ok});`,
    ],
    read: (s, n, [hi, lo]) => [
      `this.s${s.id}.expire(${hi}, ${lo});`,
      ...bind(n, `this.s${s.id}.${aggregate(s)}`, bare ? "true" : `this.s${s.id}.ok`),
    ],
  });
}

export const tsStates: Table = {
  prev: {
    fields: (s) => {
      const value = (name: string): Field[] =>
        isTs(s.type)
          ? [
              { name: `${name}_hi`, type: "number", init: "0" },
              { name: `${name}_lo`, type: "number", init: "0" },
            ]
          : [{ name, type: s.type.base === "bool" ? "boolean" : "number", init: zero(s.type) }];
      return [
        ...value(`s${s.id}_held`),
        { name: `s${s.id}_held_ok`, type: "boolean", init: "false" },
        ...value(`s${s.id}_out`),
        { name: `s${s.id}_out_ok`, type: "boolean", init: "false" },
      ];
    },
    reset: noReset,
    // The update yields the held (previous) value and holds the new one.
    update: (s, a, n) => {
      const id = s.id;
      if (isTs(s.type)) {
        return [
          `const v${n}_hi = this.s${id}_held_hi;`,
          `const v${n}_lo = this.s${id}_held_lo;`,
          `const k${n} = this.s${id}_held_ok;`,
          `this.s${id}_held_hi = v${a}_hi;`,
          `this.s${id}_held_lo = v${a}_lo;`,
          `this.s${id}_held_ok = k${a};`,
          `this.s${id}_out_hi = v${n}_hi;`,
          `this.s${id}_out_lo = v${n}_lo;`,
          `this.s${id}_out_ok = k${n};`,
        ];
      }
      return [
        `const v${n} = this.s${id}_held;`,
        `const k${n} = this.s${id}_held_ok;`,
        `this.s${id}_held = v${a};`,
        `this.s${id}_held_ok = k${a};`,
        `this.s${id}_out = v${n};`,
        `this.s${id}_out_ok = k${n};`,
      ];
    },
    read: (s, n) =>
      isTs(s.type)
        ? [
            `const v${n}_hi = this.s${s.id}_out_hi;`,
            `const v${n}_lo = this.s${s.id}_out_lo;`,
            `const k${n} = this.s${s.id}_out_ok;`,
          ]
        : bind(n, `this.s${s.id}_out`, `this.s${s.id}_out_ok`),
  },
  sum_since_emit: {
    fields: (s) => [
      { name: `s${s.id}_acc`, type: "number", init: "0" },
      { name: `s${s.id}_ok`, type: "boolean", init: "true" },
    ],
    reset: (s) => [`this.s${s.id}_acc = 0;`, `this.s${s.id}_ok = true;`],
    update: (s, a, n) => {
      const id = s.id;
      if (s.type.base !== "f64") {
        return [
          `if (k${a}) {`,
          `  const sum = this.s${id}_acc + v${a} + 0;`,
          `  const ok = sum <= ${I64_MAX} && sum >= -${I64_MAX};`,
          `  this.s${id}_acc = ok ? sum : 0;`,
          `  this.s${id}_ok = this.s${id}_ok && ok;`,
          `}`,
          `const v${n} = this.s${id}_acc;`,
          `const k${n} = this.s${id}_ok;`,
        ];
      }
      return [
        `if (k${a}) this.s${id}_acc += v${a};`,
        `const v${n} = this.s${id}_acc;`,
        `const k${n} = this.s${id}_ok;`,
      ];
    },
    read: (s, n) => bind(n, `this.s${s.id}_acc`, `this.s${s.id}_ok`),
  },
  count_since_emit: effectThenValue({
    fields: (s) => [{ name: `s${s.id}_n`, type: "number", init: "0" }],
    reset: (s) => [`this.s${s.id}_n = 0;`],
    effect: (s, _x, ok) => [`if (${ok}) this.s${s.id}_n += 1;`],
    read: (s, n) => bind(n, `this.s${s.id}_n`, "true"),
  }),
  first_since_emit: valueAndFlag(
    (s, x, ok) => [`if (${ok} && !this.s${s.id}_ok) {`, `  this.s${s.id}_v = ${x};`, `  this.s${s.id}_ok = true;`, `}`],
    resetValue,
  ),
  last_since_emit: valueAndFlag(
    (s, x, ok) => [`if (${ok}) {`, `  this.s${s.id}_v = ${x};`, `  this.s${s.id}_ok = true;`, `}`],
    resetValue,
  ),
  min_since_emit: minMax("min"),
  max_since_emit: minMax("max"),
  ema: valueAndFlag((s, x, ok) => [
    `if (${ok}) {`,
    `  if (this.s${s.id}_ok) this.s${s.id}_v = this.s${s.id}_v + ${numberLiteral(s.alpha)} * (${x} - this.s${s.id}_v);`,
    `  else {`,
    `    this.s${s.id}_v = ${x};`,
    `    this.s${s.id}_ok = true;`,
    `  }`,
    `}`,
  ]),
  ema_time: valueAndFlag(
    (s, x, ok) => [
      `if (${ok}) {`,
      `  if (this.s${s.id}_ok) {`,
      `    const dt = ${nsDifference("ctx.exchangeTsHi", "ctx.exchangeTsLo", `this.s${s.id}_tHi`, `this.s${s.id}_tLo`)};`,
      `    const decay = exp2NonPositive(-(dt / ${numberLiteral(Number(s.halfLifeNs))}));`,
      `    this.s${s.id}_v = ${x} + decay * (this.s${s.id}_v - ${x});`,
      `  } else {`,
      `    this.s${s.id}_v = ${x};`,
      `    this.s${s.id}_ok = true;`,
      `  }`,
      `  this.s${s.id}_tHi = ctx.exchangeTsHi;`,
      `  this.s${s.id}_tLo = ctx.exchangeTsLo;`,
      `}`,
    ],
    undefined,
    (s) => timeFields(s.id),
  ),
  rolling_sum: rolling(() => "sum()", true),
  rolling_mean: rolling(() => "mean()", false),
  rolling_min: rolling(() => "extreme(false)", false),
  rolling_max: rolling(() => "extreme(true)", false),
  rolling_std: rolling(() => "std()", false),
  rolling_count: rolling(() => "count()", true),
  rolling_quantile: rolling((s) => `quantile(${numberLiteral(s.q)})`, false, true),
  time_since: effectThenValue({
    fields: (s) => [...timeFields(s.id), { name: `s${s.id}_ok`, type: "boolean", init: "false" }],
    effect: (s, x, ok) => [
      `if (${ok} && ${x}) {`,
      `  this.s${s.id}_tHi = ctx.exchangeTsHi;`,
      `  this.s${s.id}_tLo = ctx.exchangeTsLo;`,
      `  this.s${s.id}_ok = true;`,
      `}`,
    ],
    read: (s, n, [hi, lo]) =>
      bind(
        n,
        `this.s${s.id}_ok ? ${nsDifference(hi, lo, `this.s${s.id}_tHi`, `this.s${s.id}_tLo`)} / 1e9 : 0`,
        `this.s${s.id}_ok`,
      ),
  }),
};

/** The entry of a state's kind, typed for that state. */
export function tsStateOf<S extends { kind: StateKind }>(s: S): TsStateCodegen<S> {
  return tsStates[s.kind] as unknown as TsStateCodegen<S>;
}
