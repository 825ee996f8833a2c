// A log over 2 GiB through the TypeScript engine: a 34 M-event synthetic day (2.2 GB, past the
// 2 GiB a single read of Node's can return) extracts with the rows of the native engine, bit for
// bit, and the TypeScript run's resident memory grows by a small part of the file: it reads
// the log a window at a time (runtime/log/reader.ts), and its rows wait on disk a row group at
// a time until the file's Parquet is written (runtime/batch/rowSpill.ts).
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { extract, syntheticDay } from "../support/parity.js";
import { firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { scratchDir } from "../support/paths.js";

const EVENTS = 34_000_000;
const GIB = 2 ** 30;
// A row a second, so the rows (about 20,000) weigh nothing beside the log: what the run holds
// beyond them is what reading the log costs.
const SPEC = `dataset big_1s {
  trigger every 1s
  mid = book.mid
  spread = book.ask.price - book.bid.price
  depth = book.bid.depth(5) + book.ask.depth(5)
  flow = sum_since_emit(trade.signed_size)
}
`;

describe("a log over 2 GiB", () => {
  it("extracts through the TypeScript engine with the native rows, in bounded memory", async () => {
    const dir = scratchDir("large-log");
    const path = syntheticDay(join(dir, "q"), EVENTS, 42);
    expect(statSync(path).size).toBeGreaterThan(2 * GIB);
    const spec = join(dir, "big_1s.feat");
    writeFileSync(spec, SPEC);
    const { program, diagnostics } = compileFile(spec);
    expect(diagnostics).toEqual([]);
    // A small day first, so the kernel, its build and the Parquet writer are loaded before the
    // figure is taken; and the TypeScript run before the native one, whose mapping of the file
    // would count in it.
    syntheticDay(join(dir, "small"), 100_000, 42);
    await extract(program!, "ts", join(dir, "small"), "SYN", join(dir, "small-out"));
    const before = process.memoryUsage().rss;
    const ts = await extract(program!, "ts", join(dir, "q"), "SYN", join(dir, "ts"));
    const grown = process.memoryUsage().rss - before;
    const native = await extract(program!, "native", join(dir, "q"), "SYN", join(dir, "native"));
    const rows = readParquetColumns(native.results[0].output);
    // A row for each second the day's packets cross (19,549 of the 23,400 from 09:30 to 16:00).
    expect(rows.rows).toBeGreaterThan(19_000);
    expect(firstDifference(rows, readParquetColumns(ts.results[0].output))).toBeNull();
    expect(grown).toBeLessThan(256 * 2 ** 20);
  }, 600_000);
});
