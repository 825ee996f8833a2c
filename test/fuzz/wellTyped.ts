// Random well-typed `.feat` specs for the engines' parity fuzzing (docs/reliability.md, "Random
// specs"): every spec this module makes must compile without an error, so that the only thing
// left to find is a difference between the native, TypeScript-batch and online rows.
//
// A dataset draws its trigger (event, trade, every N events, every duration, book_change(n),
// every V volume, up to three joined by `or`, sometimes with `when`), a handful of columns and
// sometimes labels, out of expressions typed as the checker types them (docs/language.md
// sections 3 to 10): book fields and levels, event, trade and flow fields, row and quality
// fields where they may be read, arithmetic with nulls and `??`, `if`, `match`, conversions,
// `log`, every temporal operator of compiler/builtins/operators.ts with windows of steps and of
// time, and calls of functions with `let`s, defaults and constant parameters. Every node is
// parenthesised, so the text means what the generator meant whatever the precedence.

import fc from "fast-check";

/** The random choices a spec is made of; backed by fast-check's `gen`, so a seed replays a spec. */
export interface Draw {
  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function drawFrom(g: fc.GeneratorValue): Draw {
  return {
    int: (lo, hi) => g(fc.integer, { min: lo, max: hi - 1 }),
    pick: (items) => items[g(fc.integer, { min: 0, max: items.length - 1 })],
    chance: (p) => g(fc.integer, { min: 0, max: 999 }) < p * 1000,
  };
}

/** The value types expressions are drawn for; `ts` is `timestamp`. */
type Base = "f64" | "i64" | "bool" | "ts";

/**
 * Where an expression is read (docs/language.md sections 4, 5.1 and 10): `column` (a column or
 * the `when` filter: everything but `future`), `step` (a temporal operator's input, `future`'s
 * input and function bodies: no `row.*` nor the since-the-last-row `quality.*` fields) and
 * `label` (a column's reach plus `future`).
 */
type Place = "column" | "step" | "label";

interface Param {
  name: string;
  /** A value parameter, or a constant one: a window of steps or a duration. */
  kind: "value" | "steps" | "duration";
  base: Base;
  /** Written `name: T = default` when given. */
  fallback?: string;
}

interface Fn {
  name: string;
  params: Param[];
  result: Base;
  /** Uses `future` with a duration parameter: callable from labels only. */
  future: boolean;
  text: string;
}

interface Scope {
  /** Parameters and lets visible here, by type. */
  values: { name: string; base: Base }[];
  /** Constant parameters of the enclosing function, usable as windows and horizons. */
  steps?: string;
  duration?: string;
}

const SIDES = ["bid", "ask"] as const;
const F64_LITERALS = ["0.0", "-0.0", "1.5", "2.0", "100.0", "0.1", "-3.25", "1e8", "1e300", "1e-310", "5bps", "2.5e-3"];
const I64_LITERALS = [
  "0",
  "1",
  "-1",
  "2",
  "3",
  "7",
  "100",
  "9007199254740991",
  "-9007199254740991",
  "4503599627370496",
];
const STEP_WINDOWS = ["1", "2", "5", "10", "50", "200", "1000"];
const DURATIONS = ["1ms", "10ms", "250ms", "1s", "5s", "30s", "2m"];
const HORIZONS = ["1ms", "100ms", "1s", "5s", "30s"];
const EVENT_KINDS = ["add", "cancel", "delete", "modify", "execute", "trade", "level", "clear", "status"];
const ROW_TRIGGERS = ["event", "events", "trade", "book_change", "volume", "bar"];

/** One dataset's text (with its functions) and what the parity check needs to know of it. */
export interface GeneratedDataset {
  name: string;
  /** Its functions, then the dataset. */
  text: string;
  /** Labels make it batch only: the online engine refuses it (E0037). */
  labels: boolean;
}

/** Draws the functions and the dataset `name`. */
export class DatasetWriter {
  private readonly fns: Fn[] = [];
  /** Temporal operators left to draw: keeps a dataset's state and cost small. */
  private temporalBudget: number;

  constructor(
    private readonly d: Draw,
    private readonly name: string,
  ) {
    this.temporalBudget = d.int(2, 9);
  }

  dataset(): GeneratedDataset {
    const d = this.d;
    const fnCount = d.pick([0, 0, 1, 1, 2, 3]);
    for (let k = 0; k < fnCount; k++) this.fns.push(this.function(`${this.name}_f${k}`));
    const withLabels = d.chance(0.2);
    if (withLabels && d.chance(0.5)) this.fns.push(this.futureFunction(`${this.name}_fwd`));
    const lines = [`dataset ${this.name} {`, `  trigger ${this.trigger()}`];
    const columns = d.int(2, 6);
    for (let c = 0; c < columns; c++) lines.push(`  c${c} = ${this.column()}`);
    if (withLabels) {
      const labels = d.int(1, 3);
      for (let l = 0; l < labels; l++) lines.push(`  label l${l} = ${this.label()}`);
    }
    lines.push("}");
    return {
      name: this.name,
      text: [...this.fns.map((f) => f.text), lines.join("\n")].join("\n\n") + "\n",
      labels: withLabels,
    };
  }

  private trigger(): string {
    const d = this.d;
    const all = [
      () => "event",
      () => "trade",
      () => `every ${d.pick(["1", "3", "10", "50", "200"])} events`,
      () => `every ${d.pick(["10ms", "100ms", "250ms", "1s", "5s"])}`,
      () => `book_change(${d.pick(["1", "2", "5"])})`,
      () => `every ${d.pick(["0.01", "0.5", "1", "10", "100", "300", "5000"])} volume`,
    ];
    const count = d.pick([1, 1, 2, 2, 3]);
    const chosen: string[] = [];
    const left = all.slice();
    for (let k = 0; k < count; k++) chosen.push(left.splice(d.int(0, left.length), 1)[0]());
    // A random filter keeps no row as often as not (`quality.gap` on a clean log): half the
    // filters are widened so that most datasets still emit.
    const filter = () => this.expr("bool", 2, "column", { values: [] });
    const when = d.chance(0.3)
      ? ` when ${d.pick([filter, filter, () => `(not ${filter()})`, () => `(${filter()} ?? true)`, () => `(${filter()} or ${filter()})`])()}`
      : "";
    return chosen.join(" or ") + when;
  }

  private column(): string {
    const d = this.d;
    const base = d.pick<Base>(["f64", "f64", "f64", "i64", "i64", "bool", "bool", "ts"]);
    return this.expr(base, d.int(1, 4), "column", { values: [] });
  }

  /** A label: an expression over at least one `future` (docs/language.md section 10). */
  private label(): string {
    const d = this.d;
    const base = d.pick<Base>(["f64", "f64", "i64", "bool"]);
    const future = this.future(base, 2, { values: [] });
    if (d.chance(0.3)) return future;
    if (base === "f64") return `(${future} ${d.pick(["-", "/", "+"])} ${this.expr("f64", 2, "label", { values: [] })})`;
    if (base === "i64") return `(${future} ?? ${this.expr("i64", 1, "label", { values: [] })})`;
    return `(${future} ${d.pick(["and", "or", "=="])} ${this.expr("bool", 2, "label", { values: [] })})`;
  }

  private future(base: Base, depth: number, scope: Scope): string {
    const d = this.d;
    const callable = this.fns.filter((f) => f.future && f.result === base);
    if (callable.length > 0 && d.chance(0.5)) return this.call(d.pick(callable), depth, scope);
    const horizon = scope.duration && d.chance(0.5) ? scope.duration : d.pick(HORIZONS);
    return `future(${this.expr(base, depth, "step", { values: [] })}, ${horizon})`;
  }

  /** A function callable anywhere: its body reads what a step may read. */
  private function(name: string): Fn {
    const d = this.d;
    const result = d.pick<Base>(["f64", "f64", "i64", "bool"]);
    const params: Param[] = [];
    for (let k = 0, n = d.int(0, 3); k < n; k++) {
      const base = d.pick<Base>(["f64", "f64", "i64", "bool"]);
      params.push({ name: `p${k}`, kind: "value", base, fallback: d.chance(0.3) ? this.literal(base) : undefined });
    }
    // Defaults come after every parameter without one.
    params.sort((a, b) => Number(a.fallback !== undefined) - Number(b.fallback !== undefined));
    if (d.chance(0.4)) params.push({ name: "w", kind: "steps", base: "i64", fallback: d.pick(STEP_WINDOWS) });
    if (d.chance(0.3)) params.push({ name: "h", kind: "duration", base: "ts", fallback: d.pick(DURATIONS) });
    const scope: Scope = {
      values: params.filter((p) => p.kind === "value").map((p) => ({ name: p.name, base: p.base })),
      steps: params.find((p) => p.kind === "steps")?.name,
      duration: params.find((p) => p.kind === "duration")?.name,
    };
    const lets: string[] = [];
    for (let k = 0, n = d.int(0, 3); k < n; k++) {
      const base = d.pick<Base>(["f64", "i64", "bool"]);
      lets.push(`  let v${k} = ${this.expr(base, d.int(1, 3), "step", scope)}`);
      scope.values.push({ name: `v${k}`, base });
    }
    const body = this.expr(result, d.int(1, 4), "step", scope);
    return this.fnText(name, params, result, false, [...lets, `  ${body}`]);
  }

  /** A function with `future` and a duration parameter, as labels call them (docs/language.md section 10). */
  private futureFunction(name: string): Fn {
    const d = this.d;
    const params: Param[] = [
      { name: "x", kind: "value", base: "f64" },
      { name: "h", kind: "duration", base: "ts", fallback: d.pick(HORIZONS) },
    ];
    const body = d.chance(0.5) ? "(future(x, h) - x)" : "future(x, h)";
    return this.fnText(name, params, "f64", true, [`  ${body}`]);
  }

  private fnText(name: string, params: Param[], result: Base, future: boolean, body: string[]): Fn {
    const typeOf = (p: Param) => (p.kind === "steps" ? "i64" : p.kind === "duration" ? "duration" : `${p.base}?`);
    const list = params.map((p) => `${p.name}: ${typeOf(p)}${p.fallback ? ` = ${p.fallback}` : ""}`).join(", ");
    const text = `fn ${name}(${list}) -> ${result}? {\n${body.join("\n")}\n}`;
    return { name, params, result, future, text };
  }

  /** A call of `fn`: positional or named arguments, a defaulted one sometimes left out. */
  private call(fn: Fn, depth: number, scope: Scope): string {
    const d = this.d;
    const named = d.chance(0.3);
    const args: string[] = [];
    let omitted = false;
    for (const p of fn.params) {
      if (p.fallback !== undefined && d.chance(0.4)) {
        omitted = true;
        continue;
      }
      const value =
        p.kind === "steps"
          ? scope.steps && d.chance(0.3)
            ? scope.steps
            : d.pick(STEP_WINDOWS)
          : p.kind === "duration"
            ? scope.duration && d.chance(0.3)
              ? scope.duration
              : d.pick(p.name === "h" && fn.future ? HORIZONS : DURATIONS)
            : // Arguments are read where the body reads its parameters: in steps.
              this.expr(p.base, depth - 1, "step", fn.future ? { values: [] } : scope);
      // After an omitted parameter, the rest must be named.
      args.push(named || omitted ? `${p.name} = ${value}` : value);
    }
    return `${fn.name}(${args.join(", ")})`;
  }

  private literal(base: Base): string {
    if (base === "f64") return this.d.pick(F64_LITERALS.filter((l) => !l.startsWith("-")));
    if (base === "i64") return this.d.pick(["0", "1", "2", "7", "100"]);
    return this.d.pick(["true", "false"]);
  }

  /** An expression of type `base` (or `base?`), at most `depth` levels deep, readable at `place`. */
  expr(base: Base, depth: number, place: Place, scope: Scope): string {
    const d = this.d;
    if (depth <= 0 || d.chance(0.2)) return this.leaf(base, place, scope);
    const options: (() => string)[] = [];
    const sub = (b: Base, p: Place = place) => this.expr(b, depth - 1, p, scope);
    const cond = () => sub("bool");
    const arm = (b: Base) => (b !== "ts" && b !== "bool" && d.chance(0.15) ? "null" : sub(b));
    // `if` and `??` for every type but timestamps, whose only operators are comparisons.
    if (base !== "ts") {
      options.push(() => {
        const [a, b] = [arm(base), arm(base)];
        return `(if ${cond()} then ${a} else ${b === "null" && a === "null" ? sub(base) : b})`;
      });
      options.push(() => `(${sub(base)} ?? ${sub(base)})`);
      const fns = this.fns.filter((f) => !f.future && f.result === base);
      if (fns.length > 0) options.push(() => this.call(d.pick(fns), depth, scope));
    }
    if (base === "f64" || base === "i64") options.push(() => this.match(base, depth, place, scope));
    if (base === "f64") {
      options.push(() => `(${sub("f64")} ${d.pick(["+", "-", "*", "/"])} ${sub("f64")})`);
      options.push(() => `(${sub("i64")} / ${sub("i64")})`);
      options.push(() => `f64(${sub("i64")})`);
      options.push(() => `(- ${sub("f64")})`);
      options.push(() => `log(${sub("f64")})`);
    } else if (base === "i64") {
      options.push(() => `(${sub("i64")} ${d.pick(["+", "-", "*"])} ${sub("i64")})`);
      options.push(() => `(- ${sub("i64")})`);
      options.push(() => `i64(${sub("f64")})`);
    } else if (base === "bool") {
      options.push(() => {
        const t = d.pick<Base>(["f64", "f64", "i64", "bool", "ts"]);
        const ops = t === "bool" ? ["==", "!="] : ["<", "<=", ">", ">=", "==", "!="];
        return `(${sub(t)} ${d.pick(ops)} ${sub(t)})`;
      });
      options.push(() => `(${sub("bool")} ${d.pick(["and", "or"])} ${sub("bool")})`);
      options.push(() => `(not ${sub("bool")})`);
      options.push(() => `(${sub(d.pick<Base>(["f64", "i64", "bool"]))} is null)`);
    }
    if (this.temporalBudget > 0) {
      const temporal = this.temporal(base, depth, scope);
      if (temporal) options.push(temporal, temporal);
    }
    if (place === "label" && base !== "ts" && d.chance(0.3)) options.push(() => this.future(base, depth - 1, scope));
    // Timestamps have no operator of their own but `prev`: a leaf once the budget is spent.
    return options.length === 0 ? this.leaf(base, place, scope) : d.pick(options)();
  }

  private match(base: "f64" | "i64", depth: number, place: Place, scope: Scope): string {
    const d = this.d;
    const sub = (b: Base) => this.expr(b, depth - 1, place, scope);
    const arm = () => (d.chance(0.15) ? "null" : sub(base));
    const subjects: (() => [string, readonly string[]])[] = [
      () => ["event.kind", EVENT_KINDS],
      () => ["event.side", ["1", "-1", "0"]],
      () => [sub("i64"), ["0", "1", "-1", "2", "3", "7"]],
    ];
    if (place !== "step") subjects.push(() => ["row.trigger", ROW_TRIGGERS]);
    const [subject, names] = d.pick(subjects)();
    const left = names.slice();
    const arms: string[] = [];
    for (let k = 0, n = d.int(1, Math.min(4, left.length)); k < n; k++) {
      const patterns: string[] = [];
      for (let p = 0, m = d.int(1, 3); p < m && left.length > 1; p++)
        patterns.push(left.splice(d.int(0, left.length), 1)[0]);
      if (patterns.length > 0) arms.push(`${patterns.join(" or ")} => ${arm()}`);
    }
    // A default arm that is not null, so the match has a type of its own.
    arms.push(`_ => ${sub(base)}`);
    return `(match ${subject} { ${arms.join(", ")} })`;
  }

  /** A temporal operator whose result is a `base`, or nothing when none gives one. */
  private temporal(base: Base, depth: number, scope: Scope): (() => string) | undefined {
    const d = this.d;
    const input = (b: Base) => this.expr(b, depth - 1, "step", scope);
    const window = () => {
      if (d.chance(0.5)) return scope.steps && d.chance(0.3) ? scope.steps : d.pick(STEP_WINDOWS);
      const span = scope.duration && d.chance(0.3) ? scope.duration : d.pick(DURATIONS);
      // A small bound over a long span stops the run with WINDOW_OVERFLOW in every engine alike.
      return d.chance(0.3) ? `${span}, max_events = ${d.pick(["20000", "5000", "60"])}` : span;
    };
    const spend = (make: () => string) => () => {
      this.temporalBudget--;
      return make();
    };
    const sinceEmit = ["sum_since_emit", "first_since_emit", "last_since_emit", "min_since_emit", "max_since_emit"];
    const bars = ["open", "high", "low", "close"];
    if (base === "f64")
      return spend(() =>
        d.pick([
          () => `prev(${input("f64")})`,
          () => `delta(${input("f64")})`,
          () => `${d.pick([...sinceEmit, ...bars])}(${input("f64")})`,
          () => `ema(${input("f64")}, ${d.pick(["1", "5", "20", "1000"])})`,
          () => `ema(${input("f64")}, half_life = ${d.pick(DURATIONS)})`,
          () =>
            `${d.pick(["rolling_sum", "rolling_mean", "rolling_min", "rolling_max", "rolling_std"])}(${input("f64")}, ${window()})`,
          () => `rolling_quantile(${input("f64")}, ${d.pick(["0", "0.1", "0.5", "0.9", "1", "0.333"])}, ${window()})`,
          () => `rolling_median(${input("f64")}, ${window()})`,
          () => `time_since(${input("bool")})`,
          () => "time_since_trade()",
        ])(),
      );
    if (base === "i64")
      return spend(() =>
        d.pick([
          () => `prev(${input("i64")})`,
          () => `delta(${input("i64")})`,
          () => `${d.pick([...sinceEmit, ...bars])}(${input("i64")})`,
          () => `count_since_emit(${input(d.pick<Base>(["f64", "i64", "bool", "ts"]))})`,
          () => `rolling_count(${input(d.pick<Base>(["f64", "i64", "bool"]))}, ${window()})`,
        ])(),
      );
    if (base === "bool") return spend(() => `prev(${input("bool")})`);
    return spend(() => `prev(${input("ts")})`);
  }

  private leaf(base: Base, place: Place, scope: Scope): string {
    const d = this.d;
    const vars = scope.values.filter((v) => v.base === base).map((v) => v.name);
    if (vars.length > 0 && d.chance(0.5)) return d.pick(vars);
    const side = () => d.pick(SIDES);
    const level = () => d.pick(["1", "2", "3", "5", "10"]);
    const rowToo = place !== "step";
    switch (base) {
      case "f64":
        return d.pick([
          () => d.pick(["book.mid", "book.spread", "book.microprice"]),
          () => `book.${side()}.${d.pick(["price", "size"])}`,
          () => `book.${side()}.level(${level()}).${d.pick(["price", "size"])}`,
          () => `book.${side()}.depth(${level()})`,
          () => d.pick(["event.price", "event.size", "trade.size", "trade.signed_size", "trade.price"]),
          () => d.pick(F64_LITERALS),
        ])();
      case "i64":
        return d.pick([
          () => `book.${side()}.${d.pick(["levels", "count"])}`,
          () => `book.${side()}.level(${level()}).count`,
          () => d.pick(["event.side", "event.kind", "trade.count"]),
          () => `flow.${d.pick(["adds", "cancels"])}.${side()}`,
          () => (rowToo ? "row.trigger" : "trade.count"),
          () => d.pick(I64_LITERALS),
        ])();
      case "bool":
        return d.pick([
          () => d.pick(["quality.crossed", "quality.locked"]),
          () => (rowToo ? `quality.${d.pick(["gap", "bad_book", "bad_ts", "reset"])}` : "quality.crossed"),
          () => d.pick(["true", "false"]),
        ])();
      case "ts":
        return d.pick(["event.exchange_ts", "event.ingest_ts", rowToo ? "row.ts" : "event.exchange_ts"]);
    }
  }
}

/** A spec of `count` random datasets and their functions in one file, for one compile. */
export interface GeneratedSpec {
  text: string;
  datasets: GeneratedDataset[];
}

/** Datasets named `<prefix>_<k>`: fast-check replays the same spec from the same seed. */
export function wellTypedSpec(count: number, prefix = "r"): fc.Arbitrary<GeneratedSpec> {
  return fc.gen().map((g) => {
    const d = drawFrom(g);
    const datasets = Array.from({ length: count }, (_, k) => new DatasetWriter(d, `${prefix}_${k}`).dataset());
    return { text: datasets.map((ds) => ds.text).join("\n"), datasets };
  });
}
