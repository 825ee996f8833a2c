// Parity on a 1 M-event synthetic L3 day (multi-record packets, hidden trades, a drifting
// price): native Parquet rows == online engine rows, bit for bit.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract, loadTsKernel } from "../../compiler/extract/run.js";
import * as native from "../../runtime/native/binding.js";
import { readParquetColumns, firstDifference, type Columns } from "../support/parquetColumns.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { GOOG_SPEC, KERNEL_CACHE, scratchDir } from "../support/paths.js";

describe("goog_1s on 1 M synthetic events: native == online", () => {
  const dir = scratchDir("parity-syn");
  let nativeRows: Columns;
  let online: Columns;

  beforeAll(async () => {
    const program = compileFile(GOOG_SPEC).program!;
    const log = native.generateSynthetic({
      symbol: "SYN",
      events: 1_000_000,
      seed: 7,
      date: "2024-03-05",
      outDir: join(dir, "q"),
    });
    const out = await runExtract(program, {
      source: join(dir, "q"),
      symbols: ["SYN"],
      out: join(dir, "native"),
      engine: "native",
      cacheDir: KERNEL_CACHE,
    });
    nativeRows = readParquetColumns(out.results[0].output);
    const module = await loadTsKernel(out.kernel.jsModulePath);
    online = onlineColumns(module, log.path);
  });

  it("covers the day", () => {
    expect(nativeRows.rows).toBeGreaterThan(10_000);
  });

  it("is bit-identical", () => {
    expect(firstDifference(nativeRows, online)).toBeNull();
  });
});
