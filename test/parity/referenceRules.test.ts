// Three rules of docs/language.md that the checker and the runtimes once disagreed on, each
// held in the native engine, the TypeScript engine and the online engine on the LOBSTER GOOG
// day: an integer literal is an f64 where an operator takes only f64s (section 3); an i64
// `sum_since_emit` is `i64?`, null from the step the sum leaves ±(2^53-1) until the next row,
// like any i64 arithmetic (sections 6 and 7); a `duration` column is an INT64 of nanoseconds
// (docs/formats/parquet.md, "Columns").
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { importGoogDay, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { scratchDir } from "../support/paths.js";

const SPEC = `dataset rules {
  trigger every 1s
  std_int    = rolling_std(1, 10)
  std_float  = rolling_std(1.0, 10)
  ema_int    = ema(2, 10)
  ema_float  = ema(2.0, 10)
  big_sum    = sum_since_emit(i64(book.mid * 10000000000000.0))
  adds       = sum_since_emit(flow.adds.bid)
  flow_sum   = sum_since_emit(trade.size)
  wait       = if trade.size > 0.0 then 250ms else 5s
}
`;

function typeOf(source: string, column: string): string {
  const compiled = compileSource(source, "rules.feat");
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const c = compiled.program!.columns.find((c) => c.name === column)!;
  return `${c.type.base}${c.type.nullable ? "?" : ""}`;
}

describe("the checker keeps the reference's rules", () => {
  it("takes an integer literal as the f64 input of an operator that takes only f64s", () => {
    const wrap = (column: string) => `dataset d {\n  trigger trade\n  x = ${column}\n}\n`;
    for (const call of ["rolling_std(1, 10)", "ema(1, 10)", "rolling_mean(3, 5s)", "rolling_quantile(2, 0.5, 10)"])
      expect(typeOf(wrap(call), "x"), call).toBe("f64?");
    // Where an i64 is also taken, an integer literal stays an i64.
    expect(typeOf(wrap("rolling_count(1, 10)"), "x")).toBe("i64");
    expect(typeOf(wrap("first_since_emit(1)"), "x")).toBe("i64?");
    // And the same literal written as a float compiles to the same IR.
    const hash = (call: string) => compileSource(wrap(call), "d.feat").program!.columns[0];
    expect(hash("rolling_std(1, 10)")).toEqual(hash("rolling_std(1.0, 10)"));
  });

  it("types an i64 sum_since_emit as i64? and an f64 one as f64", () => {
    expect(typeOf(SPEC, "big_sum")).toBe("i64?");
    expect(typeOf(SPEC, "adds")).toBe("i64?");
    expect(typeOf(SPEC, "flow_sum")).toBe("f64");
    expect(typeOf(SPEC, "wait")).toBe("duration");
  });
});

describe("the reference's rules in the rows of every engine (GOOG 2012-06-21, every 1s)", () => {
  let run: NativeRun;
  beforeAll(async () => {
    const dir = scratchDir("reference-rules");
    mkdirSync(join(dir, "q"), { recursive: true });
    const logPath = importGoogDay(join(dir, "q"));
    const spec = join(dir, "rules.feat");
    writeFileSync(spec, SPEC);
    run = await runNative(spec, dir, "GOOG", logPath);
  }, 300_000);

  const column = (name: string) => run.rows.columns[run.rows.names.indexOf(name)];

  it("gives an integer literal's window the rows of the float literal's", () => {
    expect(column("std_int")).toEqual(column("std_float"));
    expect(column("ema_int")).toEqual(column("ema_float"));
    expect(column("std_int").some((v) => v !== null)).toBe(true);
  });

  it("makes an i64 sum null past 2^53 - 1, until the next row", () => {
    const sums = column("big_sum");
    const nulls = sums.filter((v) => v === null).length;
    // Two steps of a mid near 580 times 1e13 leave the range; a second with one step or none does not.
    expect(nulls).toBeGreaterThan(0);
    expect(nulls).toBeLessThan(sums.length);
    const afterNull = sums.findIndex((v, i) => i > 0 && sums[i - 1] === null && v !== null);
    expect(afterNull).toBeGreaterThan(0);
    for (const v of sums) if (v !== null) expect((v as bigint) <= 2n ** 53n - 1n).toBe(true);
    expect(column("adds").every((v) => v !== null)).toBe(true);
  });

  it("writes a duration column as INT64 nanoseconds", () => {
    expect(run.rows.types[run.rows.names.indexOf("wait")]).toBe("Int64");
    expect(new Set(column("wait"))).toEqual(new Set([250_000_000n, 5_000_000_000n]));
  });

  itMatchesNativeRows(() => run);
});
