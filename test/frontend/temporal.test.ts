// The temporal operators of docs/language.md section 7: their type rules, their diagnostics,
// and the IR states they lower to.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import type { IrProgram } from "../../compiler/ir/types.js";

function dataset(columns: string, prelude = ""): string {
  return `${prelude}\ndataset d {\n  trigger trade or every 1s\n${columns}\n}\n`;
}

function compile(columns: string, prelude = ""): IrProgram {
  const compiled = compileSource(dataset(columns, prelude), "t.feat");
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compiled.program!;
}

function errors(columns: string, prelude = ""): { code: string; message: string; hint?: string }[] {
  const compiled = compileSource(dataset(columns, prelude), "t.feat");
  return compiled.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}) }));
}

const show = (t: { base: string; nullable: boolean }) => `${t.base}${t.nullable ? "?" : ""}`;

describe("temporal operators: types", () => {
  it("gives each operator its documented result type", () => {
    const program = compile(
      [
        "a = delta(book.mid)",
        "b = delta(book.bid.levels)",
        "c = ema(book.mid, 10)",
        "e = ema(book.mid, half_life = 5s)",
        "f = rolling_sum(trade.size, 100)",
        "g = rolling_mean(book.mid, 30s)",
        "h = rolling_count(trade.price, 10)",
        "i = rolling_std(book.mid, window = 20)",
        "j = count_since_emit(trade.price)",
        "k = first_since_emit(event.side)",
        "l = high(book.mid)",
        "m = time_since_trade()",
        "n = time_since(event.side == 1)",
      ].join("\n"),
    );
    expect(program.columns.map((c) => [c.name, show(c.type)])).toEqual([
      ["a", "f64?"],
      ["b", "i64?"],
      ["c", "f64?"],
      ["e", "f64?"],
      ["f", "f64"],
      ["g", "f64?"],
      ["h", "i64"],
      ["i", "f64?"],
      ["j", "i64"],
      ["k", "i64?"],
      ["l", "f64?"],
      ["m", "f64?"],
      ["n", "f64?"],
    ]);
  });

  it("lowers each to a state with its constant attributes", () => {
    const program = compile(
      [
        "c = ema(book.mid, 19)",
        "e = ema(book.mid, half_life = 250ms)",
        "f = rolling_sum(trade.size, 100)",
        "g = rolling_mean(book.mid, 30s, max_events = 500)",
        "h = rolling_max(book.mid, 1m)",
        "o = open(book.mid)",
        "p = first_since_emit(book.mid)",
      ].join("\n"),
    );
    expect(
      (program.states as unknown as Record<string, unknown>[]).map(
        ({ kind, alpha, halfLifeNs, capacity, windowNs, resetOnEmit }) => ({
          kind,
          alpha,
          halfLifeNs,
          capacity,
          windowNs,
          resetOnEmit,
        }),
      ),
    ).toEqual([
      { kind: "ema", alpha: 0.1, halfLifeNs: undefined, capacity: undefined, windowNs: undefined, resetOnEmit: false },
      {
        kind: "ema_time",
        alpha: undefined,
        halfLifeNs: "250000000",
        capacity: undefined,
        windowNs: undefined,
        resetOnEmit: false,
      },
      {
        kind: "rolling_sum",
        alpha: undefined,
        halfLifeNs: undefined,
        capacity: 100,
        windowNs: undefined,
        resetOnEmit: false,
      },
      {
        kind: "rolling_mean",
        alpha: undefined,
        halfLifeNs: undefined,
        capacity: 500,
        windowNs: "30000000000",
        resetOnEmit: false,
      },
      {
        kind: "rolling_max",
        alpha: undefined,
        halfLifeNs: undefined,
        capacity: 10000,
        windowNs: "60000000000",
        resetOnEmit: false,
      },
      // `open` is `first_since_emit`: one state for both columns.
      {
        kind: "first_since_emit",
        alpha: undefined,
        halfLifeNs: undefined,
        capacity: undefined,
        windowNs: undefined,
        resetOnEmit: true,
      },
    ]);
  });

  it("delta(x) is x - prev(x) and shares the prev state", () => {
    const program = compile("a = delta(book.mid)\nb = prev(book.mid)");
    expect(program.states.map((s) => s.kind)).toEqual(["prev"]);
    expect(program.emit[program.columns[0].value].op).toBe("sub");
  });

  it("folds windows passed through function parameters at each call site", () => {
    const program = compile(
      "a = vol(book.mid)\nb = vol(book.mid, 20)",
      "fn vol(x: f64?, n: i64 = 50) -> f64? { rolling_std(x, n) }",
    );
    expect(program.states.map((s) => ("capacity" in s ? s.capacity : undefined))).toEqual([50, 20]);
  });
});

describe("temporal operators: diagnostics", () => {
  it("rejects an i64 input where an f64 is needed, with a conversion hint", () => {
    expect(errors("a = ema(book.bid.levels, 10)")).toEqual([
      { code: "E0008", message: "`ema` needs an `f64` input, found `i64`", hint: "convert it: `f64(book.bid.levels)`" },
    ]);
  });

  it("rejects a window that is not a constant", () => {
    expect(errors("a = rolling_sum(book.mid, book.bid.levels)")).toMatchObject([
      { code: "E0031", message: "the window of `rolling_sum` must be a constant" },
    ]);
  });

  it("rejects windows, spans and capacities out of range", () => {
    expect(errors("a = rolling_sum(trade.size, 0)")).toMatchObject([{ code: "E0032" }]);
    expect(errors("a = ema(book.mid, 0)")).toMatchObject([{ code: "E0032" }]);
    expect(errors("a = rolling_sum(trade.size, 1s, max_events = 0)")).toMatchObject([{ code: "E0032" }]);
    expect(errors("a = vol(book.mid)", "fn vol(x: f64?, n: i64 = 0) -> f64? { rolling_std(x, n) }")).toMatchObject([
      { code: "E0032" },
    ]);
  });

  it("rejects max_events on a window of steps", () => {
    expect(errors("a = rolling_sum(trade.size, 10, max_events = 5)")).toMatchObject([
      { code: "E0010", message: "`max_events` applies only to a time window" },
    ]);
  });

  it("rejects a missing window, a missing span and both spans at once", () => {
    expect(errors("a = rolling_sum(trade.size)")).toMatchObject([
      { code: "E0009", message: "`rolling_sum` is missing its `window`" },
    ]);
    expect(errors("a = ema(book.mid)")).toMatchObject([
      { code: "E0009", message: "`ema` is missing a span `n` or a `half_life`" },
    ]);
    expect(errors("a = ema(book.mid, 5, half_life = 1s)")).toMatchObject([{ code: "E0011" }]);
  });

  it("rejects unknown named arguments and extra arguments", () => {
    expect(errors("a = ema(book.mid, span = 5)")).toMatchObject([
      { code: "E0010", message: "`ema` has no parameter named `span`" },
    ]);
    expect(errors("a = time_since_trade(1)")).toMatchObject([{ code: "E0009" }]);
  });

  it("rejects a half-life given as a count and a non-bool time_since condition", () => {
    expect(errors("a = ema(book.mid, half_life = 5)")).toMatchObject([{ code: "E0008" }]);
    expect(errors("a = time_since(trade.count)")).toMatchObject([
      { code: "E0008", message: "`time_since` needs a `bool` input, found `i64`" },
    ]);
  });

  it("compiles rolling_quantile and rolling_median to one quantile state per (q, window, input)", () => {
    const program = compile(
      [
        "a = rolling_quantile(book.mid, 0.9, 100)",
        "b = rolling_median(book.mid, 30s)",
        "c = rolling_quantile(book.mid, 0.5, 30s, max_events = 10000)",
        "d = rolling_quantile(book.mid, 1, 100)",
        "e = upper(book.mid)",
      ].join("\n"),
      "fn upper(x: f64?, q: f64 = 0.9) -> f64? { rolling_quantile(x, q, 100) }",
    );
    const states = program.states as unknown as Record<string, unknown>[];
    expect(states.map(({ kind, capacity, windowNs, q }) => ({ kind, capacity, windowNs, q }))).toEqual([
      { kind: "rolling_quantile", capacity: 100, windowNs: undefined, q: 0.9 },
      { kind: "rolling_quantile", capacity: 10000, windowNs: "30000000000", q: 0.5 },
      { kind: "rolling_quantile", capacity: 100, windowNs: undefined, q: 1 },
    ]);
    expect(program.columns.map((c) => show(c.type))).toEqual(["f64?", "f64?", "f64?", "f64?", "f64?"]);
  });

  it("rejects a quantile's q outside [0, 1], not constant, or not an f64", () => {
    expect(errors("a = rolling_quantile(book.mid, 1.5, 100)")).toMatchObject([
      { code: "E0032", message: "the `q` of `rolling_quantile` must be between 0 and 1, found 1.5" },
    ]);
    expect(errors("a = rolling_quantile(book.mid, -0.1, 100)")).toMatchObject([{ code: "E0032" }]);
    expect(errors("a = rolling_quantile(book.mid, book.mid, 100)")).toMatchObject([{ code: "E0008" }]);
    expect(errors("a = rolling_quantile(book.mid, 0.5)")).toMatchObject([
      { code: "E0009", message: "`rolling_quantile` is missing its `window`" },
    ]);
    expect(
      errors("a = q(book.mid)", "fn q(x: f64?, p: f64 = 2.0) -> f64? { rolling_quantile(x, p, 10) }"),
    ).toMatchObject([{ code: "E0032" }]);
    expect(errors("a = rolling_median(book.mid, 10, q = 0.5)")).toMatchObject([
      { code: "E0010", message: "`rolling_median` has no parameter named `q`" },
    ]);
  });
});
