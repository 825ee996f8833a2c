// The summary and the rendering of a preview on columns made to hold the edge cases: nulls,
// NaN, infinities, -0, int64 values past 2^53 (summed exactly), timestamps before 1970 (the mean
// floored), an all-null column; JSON that keeps every value exactly, a table that aligns them.
import { describe, expect, it } from "vitest";
import type { ColumnData } from "../../runtime/batch/columnarRows.js";
import type { PreviewResult } from "../../compiler/preview/preview.js";
import { jsonFloat, previewJson, previewTable } from "../../compiler/preview/render.js";
import { summarizeColumn } from "../../compiler/preview/summary.js";

const f64 = (name: string, xs: (number | null)[]): ColumnData => ({
  name,
  type: "f64",
  values: Float64Array.from(xs, (x) => x ?? 0),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});
const int = (name: string, type: "i64" | "timestamp", xs: (bigint | null)[]): ColumnData => ({
  name,
  type,
  values: BigInt64Array.from(xs, (x) => x ?? 0n),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});
const bool = (name: string, xs: (boolean | null)[]): ColumnData => ({
  name,
  type: "bool",
  values: Uint8Array.from(xs, (x) => (x ? 1 : 0)),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});

describe("column summaries", () => {
  it("counts floats' nulls and NaNs apart and leaves NaN out of min, max and mean", () => {
    expect(summarizeColumn(f64("x", [1.5, null, NaN, -2, 4, null]))).toEqual({
      name: "x",
      type: "f64",
      count: 4,
      nulls: 2,
      nan: 1,
      min: -2,
      max: 4,
      mean: 3.5 / 3,
    });
  });

  it("gives infinities as the mean when they are there, NaN when both are", () => {
    expect(summarizeColumn(f64("x", [1, Infinity, 2])).mean).toBe(Infinity);
    expect(summarizeColumn(f64("x", [-Infinity, 1])).min).toBe(-Infinity);
    expect(summarizeColumn(f64("x", [-Infinity, Infinity])).mean).toBeNaN();
  });

  it("sums floats with compensation: a million 0.1 give 0.1 exactly, where a plain sum drifts", () => {
    const xs = Array.from({ length: 1_000_000 }, () => 0.1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).not.toBe(0.1);
    expect(summarizeColumn(f64("x", xs)).mean).toBe(0.1);
  });

  it("gives an all-null or all-NaN column no min, max or mean", () => {
    expect(summarizeColumn(f64("x", [null, null]))).toMatchObject({
      count: 0,
      nulls: 2,
      min: null,
      max: null,
      mean: null,
    });
    expect(summarizeColumn(f64("x", [NaN]))).toMatchObject({ count: 1, nan: 1, min: null, mean: null });
    expect(summarizeColumn(int("t", "timestamp", []))).toMatchObject({ count: 0, nulls: 0, mean: null });
  });

  it("sums int64 exactly past 2^53", () => {
    const big = 2n ** 62n;
    const s = summarizeColumn(int("n", "i64", [big, big - 1n, null, -3n]));
    expect(s).toEqual({
      name: "n",
      type: "i64",
      count: 3,
      nulls: 1,
      min: -3n,
      max: big,
      sum: 2n * big - 4n,
      mean: Number((2n * big - 4n) / 3n) + 2 / 3,
    });
  });

  it("floors a timestamp mean to the nanosecond, before 1970 too", () => {
    expect(summarizeColumn(int("t", "timestamp", [1n, 2n])).mean).toBe(1n);
    expect(summarizeColumn(int("t", "timestamp", [-1n, -2n])).mean).toBe(-2n);
    expect(summarizeColumn(int("t", "timestamp", [-3n, -3n])).mean).toBe(-3n);
  });

  it("counts true values, with min and max as booleans", () => {
    expect(summarizeColumn(bool("b", [true, null, false, true]))).toEqual({
      name: "b",
      type: "bool",
      count: 3,
      nulls: 1,
      trues: 2,
      min: false,
      max: true,
      mean: 2 / 3,
    });
    expect(summarizeColumn(bool("b", [true, true]))).toMatchObject({ min: true, max: true, mean: 1 });
  });
});

describe("rendering", () => {
  const columns = [
    int("ts", "timestamp", [1340285400015105074n, 1340285401000000000n, null]),
    f64("x", [-0, NaN, 1 / 3]),
    int("n", "i64", [2n ** 60n + 1n, null, -5n]),
    bool("b", [true, false, null]),
  ];
  const result: PreviewResult = {
    dataset: "d",
    irHash: "h",
    source: "/logs",
    symbol: "S",
    files: ["/logs/S/2012-06-21.q"],
    sample: false,
    window: { fromNs: 1340285400000000000n },
    records: 10,
    packets: 9,
    rows: 3,
    columns,
    head: 2,
    summary: columns.map(summarizeColumn),
    kernelCached: true,
    timings: { kernelMs: 1, runMs: 2, totalMs: 3 },
  };

  it("keeps every value exactly in JSON", () => {
    const json = JSON.parse(JSON.stringify(previewJson(result)));
    expect(json.head).toEqual([
      { ts: "2012-06-21T13:30:00.015105074Z", x: "-0", n: "1152921504606846977", b: true },
      { ts: "2012-06-21T13:30:01.000000000Z", x: "NaN", n: null, b: false },
    ]);
    expect(json.window).toEqual({ from: "2012-06-21T13:30:00.000000000Z", to: null });
    expect(json.summary[2]).toEqual({
      name: "n",
      type: "i64",
      count: 2,
      nulls: 1,
      min: "-5",
      max: "1152921504606846977",
      sum: "1152921504606846972",
      mean: 576460752303423500,
    });
    expect(json.summary[0].mean).toBe("2012-06-21T13:30:00.507552537Z");
    expect([jsonFloat(Infinity), jsonFloat(-Infinity), jsonFloat(0.1)]).toEqual(["Infinity", "-Infinity", 0.1]);
  });

  it("aligns the table's columns and shows nulls as null", () => {
    const text = previewTable(result);
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l.trim().startsWith("ts "));
    const rows = lines.slice(header, header + 3);
    expect(rows[1]).toMatch(/^ {2}2012-06-21T13:30:00\.015105074Z +-0 +1152921504606846977 +true$/);
    expect(rows[2]).toMatch(/NaN +null +false$/);
    // Right-aligned numbers end where their header ends.
    expect(rows[1].indexOf(" -0 ") + 3).toBe(rows[0].indexOf(" x ") + 2);
    expect(text).toMatch(/first 2 of 3 rows/);
    expect(text).toMatch(/ n +i64 +2 +1 +-5 +1152921504606846977 +576460752300000000$/m);
    expect(text).toMatch(/ x +f64 +3 \(1 NaN\) +0 +-0 +0\.3333333333 +0\.1666666667$/m);
  });
});
