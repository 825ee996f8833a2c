// Parity on real data: the seed example over the LOBSTER GOOG day. The native Parquet rows,
// the TypeScript-engine Parquet rows and the online engine's rows are bit-identical: every
// column, every null, every float's bits, every int64 nanosecond.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract, loadTsKernel } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import { readParquetColumns, firstDifference, type Columns } from "../support/parquetColumns.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, GOOG_SPEC, KERNEL_CACHE, scratchDir } from "../support/paths.js";

describe("goog_1s on LOBSTER GOOG 2012-06-21: native == TypeScript == online", () => {
  const dir = scratchDir("parity-goog");
  let program: IrProgram;
  let logPath: string;
  let nativeRows: Columns;
  let jsModulePath: string;

  beforeAll(async () => {
    const compiled = compileFile(GOOG_SPEC);
    expect(compiled.diagnostics).toEqual([]);
    program = compiled.program!;
    logPath = native.importLobster({
      message: GOOG_MESSAGE,
      orderbook: GOOG_ORDERBOOK,
      symbol: "GOOG",
      outDir: join(dir, "q"),
      lenient: false,
    }).path;
    const out = await runExtract(program, {
      source: join(dir, "q"),
      symbols: ["GOOG"],
      out: join(dir, "native"),
      engine: "native",
      cacheDir: KERNEL_CACHE,
    });
    nativeRows = readParquetColumns(out.results[0].output);
    jsModulePath = out.kernel.jsModulePath;
  });

  it("emits a substantial day of rows", () => {
    expect(nativeRows.rows).toBeGreaterThan(20_000);
    expect(nativeRows.names).toEqual([
      "ingest_ts",
      "exchange_ts",
      "mid",
      "spread_bps",
      "imbalance_5",
      "ofi",
      "trade_flow",
    ]);
  });

  it("online engine rows are bit-identical to the native Parquet rows", async () => {
    const module = await loadTsKernel(jsModulePath);
    expect(firstDifference(nativeRows, onlineColumns(module, logPath))).toBeNull();
  });

  it("TypeScript-engine Parquet rows are bit-identical to the native Parquet rows", async () => {
    const out = await runExtract(program, {
      source: join(dir, "q"),
      symbols: ["GOOG"],
      out: join(dir, "ts"),
      engine: "ts",
      cacheDir: KERNEL_CACHE,
    });
    expect(firstDifference(nativeRows, readParquetColumns(out.results[0].output))).toBeNull();
  });

  it("has nulls where the book says so, and finite values elsewhere", () => {
    const mid = nativeRows.columns[nativeRows.names.indexOf("mid")];
    expect(mid.filter((v) => v !== null).length).toBeGreaterThan(nativeRows.rows * 0.99);
  });
});
