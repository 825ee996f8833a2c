// The steps the parity tests share: a day's .q log made, a spec extracted over it by either
// engine (kernels cached across test files), and the rows read back to compare bit for bit.
import { join } from "node:path";
import { expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel, runExtract } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import { onlineColumns } from "./onlineColumns.js";
import { firstDifference, readParquetColumns, type Columns } from "./parquetColumns.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, KERNEL_CACHE } from "./paths.js";

/** The LOBSTER GOOG 2012-06-21 day, seeded from its orderbook file, imported under `outDir`: its log. */
export function importGoogDay(outDir: string): string {
  return native.importLobster({
    message: GOOG_MESSAGE,
    orderbook: GOOG_ORDERBOOK,
    symbol: "GOOG",
    outDir,
    lenient: false,
  }).path;
}

/** A synthetic L3 day of `SYN` on 2024-03-05 written under `outDir`: its log. */
export function syntheticDay(outDir: string, events: number, seed: number): string {
  return native.generateSynthetic({ symbol: "SYN", events, seed, date: "2024-03-05", outDir }).path;
}

/** `program` extracted by `engine` over the logs of `symbol` under `source`, into `out`. */
export function extract(program: IrProgram, engine: "native" | "ts", source: string, symbol: string, out: string) {
  return runExtract(program, { source, symbols: [symbol], out, engine, cacheDir: KERNEL_CACHE });
}

/** A spec's native extraction over one symbol's log under `<dir>/q`, the reference of a parity test. */
export interface NativeRun {
  program: IrProgram;
  dir: string;
  symbol: string;
  logPath: string;
  rows: Columns;
  jsModulePath: string;
}

/** Compiles `spec` (it must give no diagnostic) and extracts it natively into `<dir>/native`. */
export async function runNative(spec: string, dir: string, symbol: string, logPath: string): Promise<NativeRun> {
  const compiled = compileFile(spec);
  expect(compiled.diagnostics).toEqual([]);
  const program = compiled.program!;
  const out = await extract(program, "native", join(dir, "q"), symbol, join(dir, "native"));
  const rows = readParquetColumns(out.results[0].output);
  return { program, dir, symbol, logPath, rows, jsModulePath: out.kernel.jsModulePath };
}

/** The online engine's rows over the run's log, from the same kernel's TypeScript module. */
export async function onlineRows(run: NativeRun): Promise<Columns> {
  return onlineColumns(await loadTsKernel(run.jsModulePath), run.logPath);
}

/** The two checks against a native run: the online rows and the TypeScript engine's Parquet rows equal its rows. */
export function itMatchesNativeRows(run: () => NativeRun): void {
  it("online engine rows are bit-identical to the native Parquet rows", async () => {
    expect(firstDifference(run().rows, await onlineRows(run()))).toBeNull();
  });

  it("TypeScript-engine Parquet rows are bit-identical to the native Parquet rows", async () => {
    const { program, dir, symbol, rows } = run();
    const out = await extract(program, "ts", join(dir, "q"), symbol, join(dir, "ts"));
    expect(firstDifference(rows, readParquetColumns(out.results[0].output))).toBeNull();
  });
}
