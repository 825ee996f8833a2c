// A preview's rows and summary are the native kernel's: every spec below is previewed in
// process (its TypeScript kernel, no cargo) and extracted by `featc extract --engine native`
// over the same log and window, and the preview's rows equal the Parquet rows bit for bit (every
// float's bits, null, int64 and nanosecond), its summary the summary of the native rows, and its
// JSON the JSON of the native rows. On the bundled GOOG sample, whole and in windows (warm
// started from a snapshot, and replayed from the first record for an unbounded warm-up), and on
// a two-day synthetic stream.
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ColumnData } from "../../runtime/batch/columnarRows.js";
import * as native from "../../runtime/native/binding.js";
import { compileFile } from "../../compiler/compile.js";
import { runExtract } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import { LogCache } from "../../compiler/preview/logs.js";
import {
  previewProgram,
  previewSpec,
  type PreviewOptions,
  type PreviewResult,
} from "../../compiler/preview/preview.js";
import { previewJson } from "../../compiler/preview/render.js";
import { sampleLog, SAMPLE_SYMBOL } from "../../compiler/preview/sample.js";
import { summarizeColumn } from "../../compiler/preview/summary.js";
import { f64Bits, firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import { GOOG_SPEC, KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

/** The preview's columns as the Parquet reader gives them: f64 as bits, int64 as bigint, nulls as null. */
function asCells(columns: ColumnData[]): Columns {
  const rows = columns[0]?.valid.length ?? 0;
  return {
    names: columns.map((c) => c.name),
    types: columns.map((c) => c.type),
    rows,
    columns: columns.map((c) =>
      Array.from({ length: rows }, (_, r) => {
        if (c.valid[r] === 0) return null;
        if (c.type === "f64") return f64Bits((c.values as Float64Array)[r]);
        if (c.type === "bool") return (c.values as Uint8Array)[r] === 1;
        return (c.values as BigInt64Array)[r];
      }),
    ),
    metadata: new Map(),
  };
}

/** Native Parquet cells back into the engine's columns (types from the preview's), to summarize them alike. */
function asColumnData(table: Columns, like: ColumnData[]): ColumnData[] {
  return like.map((c, k) => {
    const cells = table.columns[k];
    const valid = Uint8Array.from(cells, (v) => (v === null ? 0 : 1));
    const bits = new DataView(new ArrayBuffer(8));
    const values =
      c.type === "f64"
        ? Float64Array.from(cells, (v) => {
            if (v === null) return 0;
            bits.setBigUint64(0, v as bigint, true);
            return bits.getFloat64(0, true);
          })
        : c.type === "bool"
          ? Uint8Array.from(cells, (v) => (v === true ? 1 : 0))
          : BigInt64Array.from(cells, (v) => (v === null ? 0n : (v as bigint)));
    return { name: c.name, type: c.type, values, valid };
  });
}

/** The native rows of `program` over the same logs and window, one table. */
async function nativeRows(program: IrProgram, source: string, symbol: string, o: PreviewOptions): Promise<Columns> {
  const out = await runExtract(program, {
    source,
    symbols: [symbol],
    out: scratchDir("preview-native"),
    engine: "native",
    fromNs: o.fromNs,
    toNs: o.toNs,
    cacheDir: KERNEL_CACHE,
  });
  const parts = out.results.map((r) => readParquetColumns(r.output));
  return {
    ...parts[0],
    rows: parts.reduce((n, p) => n + p.rows, 0),
    columns: parts[0].names.map((_, c) => parts.flatMap((p) => p.columns[c])),
  };
}

const withoutTimings = (j: ReturnType<typeof previewJson>) => ({ ...j, timings: undefined, kernelCached: undefined });

function itMatchesNative(
  name: string,
  spec: string,
  options: () => PreviewOptions,
  check: (preview: PreviewResult) => void = () => {},
) {
  describe(name, () => {
    let preview: PreviewResult;
    let nativeTable: Columns;

    beforeAll(async () => {
      const program = compileFile(spec).program!;
      const o = options();
      preview = await previewProgram(program, { ...o, rows: 7, cacheDir: KERNEL_CACHE });
      nativeTable = await nativeRows(program, preview.source, preview.symbol, o);
    });

    it("has the native rows, bit for bit", () => {
      expect(preview.rows).toBe(nativeTable.rows);
      expect(preview.rows).toBeGreaterThan(0);
      expect(firstDifference(asCells(preview.columns), nativeTable)).toBeNull();
    });

    it("has the summary of the native rows, and shows their first rows", () => {
      const nativeColumns = asColumnData(nativeTable, preview.columns);
      expect(preview.summary).toEqual(nativeColumns.map(summarizeColumn));
      const fromNative = previewJson({
        ...preview,
        columns: nativeColumns,
        summary: nativeColumns.map(summarizeColumn),
      });
      expect(withoutTimings(previewJson(preview))).toEqual(withoutTimings(fromNative));
      expect(previewJson(preview).head).toHaveLength(Math.min(7, preview.rows));
    });

    it("summarizes what it says", () => check(preview));
  });
}

describe("previews on the bundled GOOG sample", () => {
  const sample = () => ({ source: undefined });

  it("imports the sample once and reads it from the cache after", () => {
    const first = sampleLog(KERNEL_CACHE);
    const again = sampleLog(KERNEL_CACHE);
    expect(again).toEqual({ ...first, made: false });
    expect(again.symbol).toBe(SAMPLE_SYMBOL);
    expect(again.path.startsWith(join(KERNEL_CACHE, "samples"))).toBe(true);
  });

  itMatchesNative("goog_1s, the whole day", GOOG_SPEC, sample, (p) => {
    expect(p.sample).toBe(true);
    expect(p.records).toBe(157_136);
    const mid = p.summary.find((s) => s.name === "mid")!;
    expect(mid).toMatchObject({ type: "f64", count: p.rows, nulls: 0, nan: 0 });
    expect(mid.type === "f64" && mid.min! > 500 && mid.max! < 600).toBe(true);
    const ts = p.summary.find((s) => s.name === "ts")!;
    expect(
      ts.type === "timestamp" && ts.min! >= ns("2012-06-21T13:30:00Z") && ts.max! < ns("2012-06-21T20:00:00Z"),
    ).toBe(true);
  });

  itMatchesNative(
    "goog_1s from 14:00 to 15:30 UTC, warm-started from a snapshot",
    GOOG_SPEC,
    () => ({ fromNs: ns("2012-06-21T14:00:00Z"), toNs: ns("2012-06-21T15:30:00Z") }),
    (p) => {
      expect(p.records).toBeLessThan(157_136);
      const ts = p.summary.find((s) => s.name === "ts")!;
      expect(
        ts.type === "timestamp" && ts.min! >= ns("2012-06-21T14:00:00Z") && ts.max! < ns("2012-06-21T15:30:00Z"),
      ).toBe(true);
    },
  );

  itMatchesNative(
    "row_fields from 15:00 UTC: int64, bool and timestamp columns, replayed from the first record",
    join(REPO, "test/parity/specs/row_fields.feat"),
    () => ({ fromNs: ns("2012-06-21T15:00:00Z") }),
    (p) => {
      expect(p.warmUpNote).toMatch(/no warm start/);
      expect(p.records).toBe(157_136);
      const why = p.summary.find((s) => s.name === "why")!;
      expect(why.type).toBe("i64");
      expect(why.type === "i64" && why.sum > 0n && why.min! >= 1n && why.max! <= 6n).toBe(true);
      const bar = p.summary.find((s) => s.name === "bar_row")!;
      expect(bar.type === "bool" && bar.trues > 0 && bar.trues < p.rows).toBe(true);
    },
  );

  itMatchesNative(
    "elementary_ops on every packet: nulls and infinities",
    join(REPO, "test/parity/specs/elementary.feat"),
    sample,
    (p) => {
      expect(p.summary.some((s) => s.nulls > 0)).toBe(true);
      expect(p.summary.some((s) => s.type === "f64" && s.max === Infinity)).toBe(true);
      for (const s of p.summary) expect(s.count + s.nulls).toBe(p.rows);
    },
  );
});

describe("previewing a spec's text", () => {
  it("compiles the text at its path, imports and all, and previews it, or gives its diagnostics", async () => {
    const path = join(REPO, "examples", "unsaved.feat");
    const text = 'import "std/book"\ndataset unsaved {\n  trigger every 1m\n  imbalance = imbalance(levels = 3)\n}\n';
    const good = await previewSpec(text, path, { rows: 2, cacheDir: KERNEL_CACHE });
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    // A bar a minute closes from 13:31 to 19:59 UTC: the day's last event is before 20:00.
    expect(good.result.rows).toBe(389);
    expect(good.result.summary[0]).toMatchObject({ name: "imbalance", type: "f64", count: 389 });
    const bad = await previewSpec(text.replace("levels = 3", "levls = 3"), path, { cacheDir: KERNEL_CACHE });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.code)).toContain("E0010");
  });
});

describe("previews on a given source", () => {
  const source = scratchDir("preview-syn");
  beforeAll(() => {
    native.generateSynthetic({ symbol: "SYN", events: 30_000, seed: 5, date: "2024-03-04", days: 2, outDir: source });
  });

  itMatchesNative(
    "goog_1s over two synthetic days as one stream",
    GOOG_SPEC,
    () => ({ source }),
    (p) => {
      expect(p.symbol).toBe("SYN");
      expect(p.files.map((f) => basename(f))).toEqual(["2024-03-04.q", "2024-03-05.q"]);
      expect(p.sample).toBe(false);
    },
  );

  it("keeps an unchanged log open between previews, and serves an unchanged kernel from the cache", async () => {
    const program = compileFile(GOOG_SPEC).program!;
    const logs = new LogCache();
    const first = await previewProgram(program, { source, symbol: "SYN", cacheDir: KERNEL_CACHE, logs });
    const second = await previewProgram(program, { source, symbol: "SYN", cacheDir: KERNEL_CACHE, logs });
    expect(second.kernelCached).toBe(true);
    expect(logs.read(first.files[0])).toBe(logs.read(first.files[0]));
    expect(firstDifference(asCells(second.columns), asCells(first.columns))).toBeNull();
  });

  it("refuses a missing symbol, a window outside the logs and a window between days' events", async () => {
    const program = compileFile(GOOG_SPEC).program!;
    const at = (o: PreviewOptions) => previewProgram(program, { source, cacheDir: KERNEL_CACHE, ...o });
    await expect(at({ symbol: "NOPE" })).rejects.toMatchObject({ code: "NO_LOG", message: /no \.q logs for NOPE/ });
    await expect(at({ source: join(source, "missing") })).rejects.toMatchObject({ code: "NO_LOG" });
    await expect(at({ fromNs: ns("2024-04-01T00:00:00Z") })).rejects.toMatchObject({
      code: "EMPTY_WINDOW",
      message: /holds no day of SYN's logs .* \(2024-03-04 to 2024-03-05\)/,
    });
    await expect(at({ fromNs: ns("2024-03-04T22:00:00Z"), toNs: ns("2024-03-04T23:00:00Z") })).rejects.toMatchObject({
      code: "EMPTY_WINDOW",
      message: /holds no event of SYN's logs, which run from 2024-03-04T14:30/,
    });
  });
});
