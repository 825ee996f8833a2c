// The pure-TypeScript batch path read back by DuckDB, which shares no code with it: column
// types, values, nulls, key-value metadata, row groups, and the atomic rename.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { readFileSync } from "node:fs";
import * as parquet from "parquet-wasm/node";
import { describe, expect, it } from "vitest";
import { writeParquetTs } from "../../runtime/batch/parquetWriter.js";
import { isoNanos } from "../../runtime/batch/provenance.js";
import { runLogToRows } from "../../runtime/batch/runLog.js";
import { LogReader } from "../../runtime/log/reader.js";
import { encodeLog } from "../../runtime/log/writer.js";
import { probeModule, scriptedModule } from "./support/probeKernel.js";
import { add, HEADER, SEC, T0 } from "./support/records.js";
import { syntheticRecords } from "./support/synthetic.js";

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

/**
 * A timestamp column's exact int64 values. DuckDB maps Timestamp(ns, UTC) to TIMESTAMPTZ,
 * which holds microseconds, so nanoseconds are checked through parquet-wasm's reader.
 */
function exactTimestamps(path: string, column: string): (bigint | null)[] {
  const table = tableFromIPC(parquet.readParquet(readFileSync(path)).intoIPCStream());
  const vector = table.getChild(column)!;
  const out: (bigint | null)[] = [];
  for (const chunk of vector.data) {
    const values = chunk.values as BigInt64Array;
    for (let i = 0; i < chunk.length; i++) out.push(chunk.getValid(i) ? values[i] : null);
  }
  return out;
}

function writeLog(dir: string, records: Parameters<typeof encodeLog>[1]): string {
  const path = join(dir, "2012-06-21.q");
  writeFileSync(path, encodeLog(HEADER, records));
  return path;
}

describe("writeParquetTs", () => {
  it("writes typed, nullable columns and provenance metadata that DuckDB reads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-pq-"));
    const input = writeLog(dir, syntheticRecords(20_000, 11));
    const output = join(dir, "out.parquet");
    const module = probeModule({ trade: true, barNs: SEC }, "probe_1s");
    const result = await writeParquetTs(module, input, output, {
      compression: "zstd",
      metadata: { "featc.source": "TEST/2012-06-21.q", "team.note": "kept" },
      rowGroupRows: 1000,
    });
    expect(readdirSync(dir).sort()).toEqual(["2012-06-21.q", "out.parquet"]);
    expect(result.rows).toBeGreaterThan(2000);

    const schema = await query(`DESCRIBE SELECT * FROM read_parquet('${output}')`);
    expect(Object.fromEntries(schema.map((r) => [r.column_name, r.column_type]))).toEqual({
      ts: "TIMESTAMP WITH TIME ZONE",
      bid: "DOUBLE",
      ask: "DOUBLE",
      bid_size: "DOUBLE",
      bid_count: "BIGINT",
      levels: "BIGINT",
      steps: "BIGINT",
      trades: "BIGINT",
      signed: "DOUBLE",
      trade_price: "DOUBLE",
      traded: "BOOLEAN",
      side: "BIGINT",
      ingest_ts: "TIMESTAMP WITH TIME ZONE",
    });

    const [counts] = await query(
      `SELECT count(*)::INTEGER AS n, count(trade_price)::INTEGER AS priced, sum(traded::INTEGER)::INTEGER AS traded,
              sum(trades)::INTEGER AS trades, min(epoch_us(ts))::VARCHAR AS first_us FROM read_parquet('${output}')`,
    );
    // The rows the same run collects in memory, against the file written from its spilled groups.
    const collected = runLogToRows(LogReader.open(input), module);
    expect(collected.rows).toBe(result.rows);
    const cols = Object.fromEntries(collected.columns.map((c) => [c.name, c]));
    const tradedRows = (cols.traded.values as Uint8Array).reduce((a, b) => a + b, 0);
    expect(counts).toEqual({
      n: result.rows,
      priced: tradedRows,
      traded: tradedRows,
      trades: Number((cols.trades.values as BigInt64Array).reduce((a, b) => a + b, 0n)),
      first_us: String((cols.ts.values as BigInt64Array).reduce((a, b) => (a < b ? a : b)) / 1000n),
    });
    expect(exactTimestamps(output, "ts")).toEqual([...(cols.ts.values as BigInt64Array)]);
    const [tsType] = await query(`SELECT type, logical_type FROM parquet_schema('${output}') WHERE name = 'ts'`);
    expect(tsType.type).toBe("INT64");
    expect(String(tsType.logical_type)).toMatch(/isAdjustedToUTC=1.*NANOS|NANOS.*isAdjustedToUTC=1/i);

    // Every float's bits as written.
    const bids = await query(`SELECT bid FROM read_parquet('${output}')`);
    expect(Float64Array.from(bids, (r) => r.bid as number)).toEqual(cols.bid.values);

    const meta = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${output}')`);
    const kv = Object.fromEntries(meta.map((r) => [r.k, r.v]));
    expect(kv).toMatchObject({
      "featc.version": "0.1.0",
      "featc.ir_hash": "hash-of-probe_1s",
      "featc.spec": "probe_1s",
      "featc.source": "TEST/2012-06-21.q",
      "featc.rows": String(result.rows),
      "featc.records": "20000",
      "team.note": "kept",
    });
    expect(kv["featc.time_range"]).toMatch(/^2012-06-21T13:30:00\.\d{9}Z\.\.2012-06-21T\S+Z \(\d+\.\.\d+ ns\)$/);

    const groups = await query(
      `SELECT count(DISTINCT row_group_id)::INTEGER AS g, any_value(compression) AS c FROM parquet_metadata('${output}')`,
    );
    expect(groups[0]).toEqual({ g: Math.ceil(result.rows / 1000), c: "ZSTD" });
  });

  it("writes nulls, bools, exact i64 and timestamps beyond 2^53, uncompressed or snappy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-pq-"));
    const input = writeLog(dir, [
      add(T0, 1n, "bid", 1, 1),
      add(T0 + 1n, 2n, "bid", 1, 1),
      add(T0 + 2n, 3n, "bid", 1, 1),
    ]);
    const module = scriptedModule([
      { f: 0.1, i: 2 ** 53 - 1, b: true, t: 2n ** 62n + 3n, valid: true },
      { f: 0, i: 0, b: false, t: 0n, valid: false },
      { f: -2.5, i: -(2 ** 53 - 1), b: false, t: -(10n ** 18n) - 1n, valid: true },
    ]);
    for (const compression of ["none", "snappy"] as const) {
      const output = join(dir, `${compression}.parquet`);
      await writeParquetTs(module, input, output, { compression, emitFromNs: T0, emitToNs: T0 + SEC });
      const rows = await query(`SELECT f, i::VARCHAR AS i, b, t IS NULL AS t_null FROM read_parquet('${output}')`);
      expect(rows).toEqual([
        { f: 0.1, i: "9007199254740991", b: true, t_null: false },
        { f: null, i: null, b: null, t_null: true },
        { f: -2.5, i: "-9007199254740991", b: false, t_null: false },
      ]);
      expect(exactTimestamps(output, "t")).toEqual([2n ** 62n + 3n, null, -(10n ** 18n) - 1n]);
      const [kv] = await query(
        `SELECT decode(value) AS v FROM parquet_kv_metadata('${output}') WHERE decode(key) = 'featc.time_range'`,
      );
      expect(kv.v).toBe(`${isoNanos(T0)}..${isoNanos(T0 + 2n)} (${T0}..${T0 + 2n} ns)`);
    }
  });

  it("formats ISO times with nanoseconds, before the epoch too", () => {
    expect(isoNanos(1_340_285_400_123_456_789n)).toBe("2012-06-21T13:30:00.123456789Z");
    expect(isoNanos(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
  });

  it("leaves no output when the input is bad", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-pq-"));
    const input = join(dir, "bad.q");
    writeFileSync(input, new Uint8Array(300));
    await expect(writeParquetTs(probeModule({ everyEvent: true }), input, join(dir, "out.parquet"))).rejects.toThrow(
      /Q_BAD_MAGIC|magic/,
    );
    expect(readdirSync(dir)).toEqual(["bad.q"]);
  });
});
