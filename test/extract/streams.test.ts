// Several day files of one symbol as one stream (docs/language.md section 4.1), on the Binance
// BTCUSDT spot capture that runs over midnight, on synthetic multi-day logs and on the CME
// ESH4 MBO pair: the rows of a multi-day run are the rows of one log holding all the days, the
// midnight bar closes the first day, gaps reset state and say so, both engines agree, and the
// bytes do not depend on --threads, --shard or the order of --symbols.
import { readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeParquetStreamTs } from "../../runtime/batch/parquetWriter.js";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel, runExtract, type RunExtractOptions } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import { LogReader } from "../../runtime/log/reader.js";
import { mergeLogs } from "../support/mergeLogs.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { concatColumns, firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const SHARED = join(REPO, "..", "shared", "data");
const SPOT = ["spot_btcusdt_20240808.gz", "spot_btcusdt_20240809.gz"].map((f) => join(SHARED, "binance", f));
const ESH4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
  join(SHARED, "databento", "cme-esh4", f),
);
const SPEC = join(REPO, "test", "extract", "specs", "stream_1m.feat");

let program: IrProgram;
beforeAll(() => {
  const compiled = compileFile(SPEC);
  expect(compiled.diagnostics).toEqual([]);
  program = compiled.program!;
});

function run(source: string, symbols: string[], out: string, more: Partial<RunExtractOptions> = {}) {
  return runExtract(program, { source, symbols, out, cacheDir: KERNEL_CACHE, ...more });
}

const rowsOf = (outputs: string[]) => concatColumns(outputs.map((o) => readParquetColumns(o)));
const iso = (ns: bigint | boolean | null) => new Date(Number((ns as bigint) / 1_000_000n)).toISOString();

describe("Binance BTCUSDT spot over midnight, 2024-08-08/09", () => {
  const dir = scratchDir("stream-binance");
  let days: string[];

  beforeAll(() => {
    days = native.importBinance({ inputs: SPOT, outDir: join(dir, "q") }).files.map((f) => f.path);
    mergeLogs(days, join(dir, "merged", "BTCUSDT", "2024-08-08.q"));
  });

  for (const engine of ["native", "ts"] as const) {
    it(`${engine}: the two days' rows are the rows of one log holding both`, async () => {
      const multi = await run(join(dir, "q"), ["BTCUSDT"], join(dir, `multi-${engine}`), { engine });
      const one = await run(join(dir, "merged"), ["BTCUSDT"], join(dir, `one-${engine}`), { engine });
      expect(multi.results.map((r) => [r.date, r.start])).toEqual([
        ["2024-08-08", "first"],
        ["2024-08-09", "continued"],
      ]);
      const rows = rowsOf(multi.results.map((r) => r.output));
      expect(firstDifference(rows, readParquetColumns(one.results[0].output))).toBeNull();
      // The bar 23:59-24:00 is the first day's last row; the second day starts at 00:01.
      const [d1, d2] = multi.results.map((r) => readParquetColumns(r.output));
      expect(iso(d1.columns[0][d1.rows - 1])).toBe("2024-08-09T00:00:00.000Z");
      expect(iso(d2.columns[0][0])).toBe("2024-08-09T00:01:00.000Z");
      expect(d2.metadata.get("featc.stream")).toBe(`continued: book and state carried from ${days[0]}`);
      expect(d1.metadata.get("featc.stream")).toMatch(/^first: /);
    });
  }

  it("a TypeScript stream hands back each day's counts, not its rows, and leaves no spill behind", async () => {
    const a = await run(join(dir, "q"), ["BTCUSDT"], join(dir, "keep-native"), { engine: "native" });
    const module = await loadTsKernel(a.kernel.jsModulePath);
    const outputs = days.map((d, k) => join(dir, "keep-ts", `day-${k}.parquet`));
    const results = await writeParquetStreamTs(
      module,
      days.map((input, k) => ({ input, output: outputs[k] })),
    );
    expect(results.map((r) => "columns" in r)).toEqual([false, false]);
    expect(readdirSync(join(dir, "keep-ts")).sort()).toEqual(["day-0.parquet", "day-1.parquet"]);
    expect(results.map((r) => r.rows)).toEqual(a.results.map((r) => r.rows));
    expect(results.map((r) => readParquetColumns(r.outputPath).rows)).toEqual(a.results.map((r) => r.rows));
    expect(results[0].rows).toBeGreaterThan(0);
  });

  it("the online engine fed both days' logs emits the same rows", async () => {
    const a = await run(join(dir, "q"), ["BTCUSDT"], join(dir, "o-native"), { engine: "native" });
    const module = await loadTsKernel(a.kernel.jsModulePath);
    const online = onlineColumns(module, days[0], (engine, reader) => {
      expect(engine.pushLog(reader).start).toBe("first");
      expect(engine.pushLog(LogReader.open(days[1])).start).toBe("continued");
      engine.flush();
    });
    expect(firstDifference(rowsOf(a.results.map((r) => r.output)), online)).toBeNull();
  });

  it("both engines write the same rows", async () => {
    const a = await run(join(dir, "q"), ["BTCUSDT"], join(dir, "p-native"), { engine: "native" });
    const b = await run(join(dir, "q"), ["BTCUSDT"], join(dir, "p-ts"), { engine: "ts" });
    for (const [x, y] of a.results.map((r, i) => [r.output, b.results[i].output])) {
      const [p, q] = [readParquetColumns(x), readParquetColumns(y)];
      expect(firstDifference(p, q)).toBeNull();
      expect(q.metadata.get("featc.stream")).toBe(p.metadata.get("featc.stream"));
    }
  });
});

describe("synthetic continuous days", () => {
  const dir = scratchDir("stream-syn");
  let paths: string[];

  beforeAll(() => {
    const made = native.generateSynthetic({
      symbol: "SYN",
      events: 40_000,
      seed: 7,
      date: "2024-03-04",
      days: 3,
      session: "continuous",
      outDir: join(dir, "q"),
    });
    paths = made.paths;
    native.generateSynthetic({
      symbol: "ALT",
      events: 20_000,
      seed: 8,
      date: "2024-03-04",
      days: 2,
      outDir: join(dir, "q"),
    });
    mergeLogs(paths, join(dir, "merged", "SYN", "2024-03-04.q"));
  }, 120_000);

  it("three days run as one log, and each day's file holds the bars it closes", async () => {
    const multi = await run(join(dir, "q"), ["SYN"], join(dir, "multi"));
    const one = await run(join(dir, "merged"), ["SYN"], join(dir, "one"));
    expect(multi.results.map((r) => r.start)).toEqual(["first", "continued", "continued"]);
    expect(
      firstDifference(rowsOf(multi.results.map((r) => r.output)), readParquetColumns(one.results[0].output)),
    ).toBeNull();
    // A continuous session: every minute of the middle day, 00:01 .. 24:00.
    const middle = readParquetColumns(multi.results[1].output);
    expect(middle.rows).toBe(1_440);
    expect(iso(middle.columns[0][0])).toBe("2024-03-05T00:01:00.000Z");
    expect(iso(middle.columns[0][middle.rows - 1])).toBe("2024-03-06T00:00:00.000Z");
  });

  it("the rows of each day do not depend on --threads, --shard or the order of --symbols", async () => {
    const bytes = (out: string, symbol: string, date: string) =>
      readFileSync(join(out, "stream_1m", `symbol=${symbol}`, `date=${date}`, "part-0.parquet"));
    const all = await run(join(dir, "q"), ["SYN", "ALT"], join(dir, "t2"), { threads: 2 });
    await run(join(dir, "q"), ["ALT", "SYN"], join(dir, "t1"), { threads: 1 });
    await run(join(dir, "q"), ["SYN", "ALT"], join(dir, "s"), { shard: { index: 1, count: 2 } });
    await run(join(dir, "q"), ["ALT", "SYN"], join(dir, "s"), { shard: { index: 2, count: 2 } });
    expect(all.results).toHaveLength(5);
    for (const r of all.results) {
      const reference = bytes(join(dir, "t2"), r.symbol, r.date);
      expect(bytes(join(dir, "t1"), r.symbol, r.date).equals(reference)).toBe(true);
      expect(bytes(join(dir, "s"), r.symbol, r.date).equals(reference)).toBe(true);
    }
  });

  it("a missing day is a gap: state resets, it is reported, and the next day runs as if alone", async () => {
    const gap = join(dir, "gap");
    native.generateSynthetic({
      symbol: "SYN",
      events: 40_000,
      seed: 7,
      date: "2024-03-04",
      days: 3,
      session: "continuous",
      outDir: gap,
    });
    renameSync(join(gap, "SYN", "2024-03-05.q"), join(dir, "removed-2024-03-05.q"));
    for (const engine of ["native", "ts"] as const) {
      const multi = await run(gap, ["SYN"], join(dir, `gap-${engine}`), { engine });
      expect(multi.results.map((r) => [r.date, r.start, r.resetReason])).toEqual([
        ["2024-03-04", "first", undefined],
        ["2024-03-06", "reset", "missing_day"],
      ]);
      const third = readParquetColumns(multi.results[1].output);
      expect(third.metadata.get("featc.stream")).toMatch(
        /^reset: its date is not the day after .*\(a day is missing\)/,
      );
      const alone = await run(gap, ["SYN"], join(dir, `alone-${engine}`), { engine, fromDate: "2024-03-06" });
      expect(firstDifference(third, readParquetColumns(alone.results[0].output))).toBeNull();
    }
  }, 120_000);
});

describe("CME ESH4 MBO, 2023-12-24 snapshot + 2023-12-25", () => {
  const dir = scratchDir("stream-esh4");

  beforeAll(() => {
    native.importDbn({ inputs: ESH4, outDir: join(dir, "q") });
  });

  it("the second day's opening snapshot continues the first day's book, in both engines", async () => {
    const a = await run(join(dir, "q"), ["ESH4"], join(dir, "native"), { engine: "native" });
    const b = await run(join(dir, "q"), ["ESH4"], join(dir, "ts"), { engine: "ts" });
    expect(a.results.map((r) => r.start)).toEqual(b.results.map((r) => r.start));
    expect(a.results.map((r) => r.start)).toEqual(["first", "continued"]);
    for (const [x, y] of a.results.map((r, i) => [r.output, b.results[i].output]))
      expect(firstDifference(readParquetColumns(x), readParquetColumns(y))).toBeNull();
  });
});
