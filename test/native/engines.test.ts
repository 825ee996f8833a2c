// Both engines write the same file for the same extraction with the default settings: the
// same rows, the same row groups (EXTRACT_DEFAULTS.rowGroupRows, 131072), the same Parquet
// `created_by` and the same featc.* key-value keys (featc.kernel_abi, the kernel library's
// ABI version, is the native engine's alone: docs/formats/parquet.md). Read back by DuckDB.

import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract } from "../../compiler/extract/run.js";
import { EXTRACT_DEFAULTS } from "../../runtime/batch/extractOptions.js";
import * as native from "../../runtime/native/binding.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { KERNEL_CACHE, scratchDir } from "../support/paths.js";

/** A row per packet, so one synthetic day fills more than one default row group. */
const SPEC = `dataset every_packet {
  trigger event
  exchange_ts = event.exchange_ts
  mid         = book.mid
  spread      = book.spread
}
`;

const NATIVE_ONLY_KEYS = ["featc.kernel_abi"];

async function footer(file: string) {
  const [meta] = await duckQuery(`SELECT created_by FROM parquet_file_metadata(${sqlString(file)})`);
  const kv = await duckQuery(`SELECT decode(key) AS key FROM parquet_kv_metadata(${sqlString(file)})`);
  const groups = await duckQuery(
    `SELECT row_group_id, any_value(row_group_num_rows)::BIGINT AS rows
     FROM parquet_metadata(${sqlString(file)}) GROUP BY row_group_id ORDER BY row_group_id`,
  );
  return {
    createdBy: String(meta.created_by),
    keys: kv.map((r) => String(r.key)).filter((k) => k.startsWith("featc.")),
    groupRows: groups.map((g) => Number(g.rows)),
  };
}

describe("the native and TypeScript engines", () => {
  const dir = scratchDir("engines");
  const outputs: Record<"native" | "ts", string> = { native: "", ts: "" };

  beforeAll(async () => {
    const specPath = join(dir, "every_packet.feat");
    writeFileSync(specPath, SPEC);
    const compiled = compileFile(specPath);
    expect(compiled.diagnostics).toEqual([]);
    native.generateSynthetic({ symbol: "SYN", events: 300_000, seed: 5, date: "2024-04-02", outDir: join(dir, "q") });
    for (const engine of ["native", "ts"] as const) {
      const out = await runExtract(compiled.program!, {
        source: join(dir, "q"),
        symbols: ["SYN"],
        out: join(dir, engine),
        engine,
        cacheDir: KERNEL_CACHE,
      });
      outputs[engine] = out.results[0].output;
    }
  });

  it("write the same rows in the same default row groups", async () => {
    const rows = readParquetColumns(outputs.native);
    expect(rows.rows).toBeGreaterThan(EXTRACT_DEFAULTS.rowGroupRows);
    expect(firstDifference(rows, readParquetColumns(outputs.ts))).toBeNull();
    const [nativeFooter, tsFooter] = [await footer(outputs.native), await footer(outputs.ts)];
    const full = Math.floor(rows.rows / EXTRACT_DEFAULTS.rowGroupRows);
    expect(nativeFooter.groupRows).toEqual([
      ...Array(full).fill(EXTRACT_DEFAULTS.rowGroupRows),
      rows.rows - full * EXTRACT_DEFAULTS.rowGroupRows,
    ]);
    expect(tsFooter.groupRows).toEqual(nativeFooter.groupRows);
  });

  it("write the same created_by and the same featc.* keys", async () => {
    const [nativeFooter, tsFooter] = [await footer(outputs.native), await footer(outputs.ts)];
    expect(nativeFooter.createdBy).toMatch(/^featc version \d+\.\d+\.\d+/);
    expect(tsFooter.createdBy).toBe(nativeFooter.createdBy);
    expect(tsFooter.keys.sort()).toEqual(nativeFooter.keys.filter((k) => !NATIVE_ONLY_KEYS.includes(k)).sort());
    expect(nativeFooter.keys).toEqual(expect.arrayContaining(NATIVE_ONLY_KEYS));
  });

  it("name their source by the SHA-256 of its records, the same in both engines", async () => {
    const log = readFileSync(join(dir, "q", "SYN", "2024-04-02.q"));
    const records = Number(log.readBigUInt64LE(40));
    const expected = createHash("sha256")
      .update(log.subarray(256, 256 + 64 * records))
      .digest("hex");
    for (const file of [outputs.native, outputs.ts])
      expect(readParquetColumns(file).metadata.get("featc.source_records_sha256")).toBe(expected);
  });

  it("write the same encodings, file sizes within a few percent, and the same symbol and date columns", async () => {
    const encodings = async (file: string) =>
      (
        await duckQuery(
          `SELECT path_in_schema AS col, string_agg(DISTINCT encodings, ',' ORDER BY encodings) AS enc
           FROM parquet_metadata(${sqlString(file)}) GROUP BY col ORDER BY col`,
        )
      ).map((r) => `${r.col}:${r.enc}`);
    const [a, b] = [await encodings(outputs.native), await encodings(outputs.ts)];
    expect(b).toEqual(a);
    // No dictionary for the float and timestamp columns, in either engine.
    expect(a.filter((e) => /^(exchange_ts|mid|spread):/.test(e)).every((e) => !e.includes("DICTIONARY"))).toBe(true);
    const size = (f: string) => statSync(f).size;
    expect(Math.abs(size(outputs.ts) - size(outputs.native)) / size(outputs.native)).toBeLessThan(0.05);
    for (const file of [outputs.native, outputs.ts]) {
      const [part] = await duckQuery(
        `SELECT count(DISTINCT symbol) AS symbols, any_value(symbol) AS symbol, any_value(date) AS date
         FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`,
      );
      expect(part).toEqual({ symbols: 1n, symbol: "SYN", date: "2024-04-02" });
    }
  });
});
