// Both engines write the encodings measured smallest on real days (docs/formats/parquet.md):
// timestamps DELTA_BINARY_PACKED, floats PLAIN, neither with a dictionary; read back from each
// file's footer on the GOOG day, and the two files hold the same rows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as parquet from "parquet-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract } from "../../compiler/extract/run.js";
import { importGoogDay } from "../support/parity.js";
import { readParquetColumns } from "../support/parquetColumns.js";
import { GOOG_SPEC, KERNEL_CACHE, scratchDir } from "../support/paths.js";

/** Each column's encodings in the first row group, by name. */
async function encodings(path: string): Promise<Record<string, string[]>> {
  const file = await parquet.ParquetFile.fromFile(new Blob([readFileSync(path)]));
  const group = file.metadata().rowGroup(0);
  const out: Record<string, string[]> = {};
  for (const column of group.columns())
    out[column.columnPath().join(".")] = column
      .encodings()
      .map((e: number) => parquet.Encoding[e])
      .sort();
  return out;
}

describe("Parquet encodings", () => {
  const dir = scratchDir("encodings");
  const files: Record<"native" | "ts", string> = { native: "", ts: "" };

  beforeAll(async () => {
    importGoogDay(join(dir, "q"));
    const { program } = compileFile(GOOG_SPEC);
    for (const engine of ["native", "ts"] as const) {
      const out = await runExtract(program!, {
        source: join(dir, "q"),
        symbols: ["GOOG"],
        out: join(dir, engine),
        cacheDir: KERNEL_CACHE,
        engine,
      });
      files[engine] = out.results[0].output;
    }
  }, 300_000);

  for (const engine of ["native", "ts"] as const)
    it(`the ${engine} engine's timestamps are delta-packed and its floats plain`, async () => {
      const found = await encodings(files[engine]);
      for (const name of ["ts", "ingest_ts", "exchange_ts"]) {
        expect(found[name], name).toContain("DELTA_BINARY_PACKED");
        expect(found[name], name).not.toContain("RLE_DICTIONARY");
      }
      for (const name of ["mid", "spread_bps", "imbalance_5", "ofi", "trade_flow"]) {
        expect(found[name], name).toContain("PLAIN");
        expect(found[name], name).not.toContain("RLE_DICTIONARY");
        expect(found[name], name).not.toContain("BYTE_STREAM_SPLIT");
      }
    });

  it("the two files hold the same rows", () => {
    const [ts, native] = [readParquetColumns(files.ts), readParquetColumns(files.native)];
    expect(ts.rows).toBeGreaterThan(20_000);
    expect({ ...ts, metadata: undefined }).toEqual({ ...native, metadata: undefined });
  });
});
