// The TypeScript Parquet path keeps a file's rows on disk a row group at a time
// (runtime/batch/rowSpill.ts): the groups read back are the rows collected in memory, cut at
// the row group size; a run that fails, during the replay or after it, leaves no spill, no temp
// file and none of the folders it made.

import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT } from "../../runtime/batch/arrowTable.js";
import { writeParquetTs } from "../../runtime/batch/parquetWriter.js";
import { SpilledRows, spillPathOf } from "../../runtime/batch/rowSpill.js";
import { runLogToRows } from "../../runtime/batch/runLog.js";
import { LogReader } from "../../runtime/log/reader.js";
import { encodeLog } from "../../runtime/log/writer.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { readParquetColumns } from "../support/parquetColumns.js";
import { probeModule, PROBE_COLUMNS } from "./support/probeKernel.js";
import { cancel, HEADER } from "./support/records.js";
import type { LogRecord } from "../../runtime/log/writer.js";
import { syntheticRecords } from "./support/synthetic.js";

const EVERY_EVENT = probeModule({ everyEvent: true }, "probe_every_event");

/** `count` good records, then a cancel of an order never added: a book fault in strict mode. */
function faultAfter(count: number): LogRecord[] {
  const good = syntheticRecords(count, 3);
  return [...good, cancel(good[good.length - 1].exchangeTs + 1n, 999_999_999n, 1)];
}

function logIn(dir: string, records = syntheticRecords(20_000, 3)): string {
  const path = join(dir, "2012-06-21.q");
  writeFileSync(path, encodeLog(HEADER, records));
  return path;
}

describe("a spill of rows", () => {
  it("holds the rows collected in memory, a row group at a time", () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const spill = new SpilledRows(EVERY_EVENT.meta, spillPathOf(join(dir, "out.parquet")), 1000, DEFAULT_LAYOUT);
    const rows = 2_500;
    for (let r = 0; r < rows; r++) {
      for (const c of PROBE_COLUMNS) {
        if (c.type === "f64") spill.putF64(r / 7, r % 3 !== 0);
        else if (c.type === "i64") spill.putI64(r * 1_000_003, true);
        else if (c.type === "bool") spill.putBool(r % 2 === 0, true);
        else spill.putTimestamp(r, r * 977, r % 5 !== 0);
      }
    }
    spill.close();
    expect(spill.written).toBe(rows);
    const groups = [...spill.read()].map((ipc) => tableFromIPC(ipc));
    expect(groups.map((g) => g.numRows)).toEqual([1000, 1000, 500]);
    const bid = groups.flatMap((g) => [...g.getChild("bid")!]);
    expect(bid).toEqual(Array.from({ length: rows }, (_, r) => (r % 3 !== 0 ? r / 7 : null)));
    spill.remove();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("of no rows is one empty group, so the file still has its schema", () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const spill = new SpilledRows(EVERY_EVENT.meta, spillPathOf(join(dir, "out.parquet")), 1000, DEFAULT_LAYOUT);
    spill.close();
    const groups = [...spill.read()].map((ipc) => tableFromIPC(ipc));
    expect(groups.map((g) => [g.numRows, g.schema.fields.length])).toEqual([[0, PROBE_COLUMNS.length]]);
    spill.remove();
  });

  it("is named as featc's other temp files, so a killed run's spill is swept", () => {
    expect(spillPathOf("/data/out/x.parquet")).toBe(`/data/out/.x.parquet.rows.tmp-${process.pid}`);
  });
});

describe("writeParquetTs through a spill", () => {
  it("writes the rows collected in memory, in groups of rowGroupRows, and leaves only the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const input = logIn(dir);
    const output = join(dir, "out", "x.parquet");
    const result = await writeParquetTs(EVERY_EVENT, input, output, { rowGroupRows: 1000 });
    const collected = runLogToRows(LogReader.open(input), EVERY_EVENT);
    expect(result.rows).toBe(collected.rows);
    expect(result.rows).toBeGreaterThan(10_000);
    const written = readParquetColumns(output);
    expect(written.rows).toBe(collected.rows);
    expect(written.metadata.get("featc.rows")).toBe(String(collected.rows));
    const ts = written.columns[written.names.indexOf("ts")];
    expect(ts).toEqual([...(collected.columns.find((c) => c.name === "ts")!.values as BigInt64Array)]);
    const groups = await duckQuery(
      `SELECT any_value(row_group_num_rows)::INTEGER AS rows FROM parquet_metadata(${sqlString(output)})
       GROUP BY row_group_id ORDER BY row_group_id`,
    );
    const full = Math.floor(result.rows / 1000);
    expect(groups.map((g) => g.rows)).toEqual([...Array(full).fill(1000), result.rows - full * 1000]);
    expect(readdirSync(join(dir, "out"))).toEqual(["x.parquet"]);
  });

  it("that fails in the replay, row groups already spilled, leaves no spill and no folder it made", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const input = logIn(dir, faultAfter(20_000));
    const output = join(dir, "out", "SYM", "x.parquet");
    await expect(writeParquetTs(EVERY_EVENT, input, output, { rowGroupRows: 1000 })).rejects.toThrow(
      /BOOK_UNKNOWN_ORDER|unknown order/,
    );
    expect(readdirSync(dir)).toEqual(["2012-06-21.q"]);
  });

  it("that fails after the replay (too many faults) leaves no spill and no folder it made", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const input = logIn(dir, faultAfter(5_000));
    const output = join(dir, "out", "x.parquet");
    await expect(
      writeParquetTs(EVERY_EVENT, input, output, { rowGroupRows: 1000, lenient: true, maxFaults: { count: 0 } }),
    ).rejects.toThrow(/TOO_MANY_FAULTS|more than --max-faults/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("into a folder that cannot be made says which and why, as IO", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const input = logIn(dir, syntheticRecords(1_000, 3));
    writeFileSync(join(dir, "taken"), "a file where the output's folder would go");
    const folder = join(dir, "taken", "SYM");
    await expect(writeParquetTs(EVERY_EVENT, input, join(folder, "x.parquet"))).rejects.toMatchObject({
      code: "IO",
      message: expect.stringMatching(new RegExp(`^${folder}: cannot make the output folder: ENOTDIR`)),
    });
    expect(readdirSync(dir).sort()).toEqual(["2012-06-21.q", "taken"]);
  });

  it("into a folder that exists leaves the folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-spill-"));
    const input = logIn(dir, faultAfter(5_000));
    await expect(writeParquetTs(EVERY_EVENT, input, join(dir, "x.parquet"), { rowGroupRows: 1000 })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["2012-06-21.q"]);
  });
});
