// Parity of every spec under test/parity/specs/ (together they use every construct of
// docs/language.md) on the LOBSTER GOOG day and on a synthetic day: the native Parquet rows
// and the online engine's rows are bit-identical, every float's bits, every null.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import { extract, importGoogDay, syntheticDay } from "../support/parity.js";
import { REPO, scratchDir } from "../support/paths.js";

const SPECS = join(REPO, "test", "parity", "specs");
const specs = readdirSync(SPECS)
  .filter((f) => f.endsWith(".feat"))
  .sort();

interface Day {
  name: string;
  symbol: string;
  /** Writes the day's .q log under `dir` and returns its path. */
  make(dir: string): string;
  minRows: number;
}

const days: Day[] = [
  {
    name: "LOBSTER GOOG 2012-06-21",
    symbol: "GOOG",
    make: importGoogDay,
    minRows: 2_000,
  },
  {
    name: "a synthetic day (500 k events)",
    symbol: "SYN",
    make: (dir) => syntheticDay(dir, 500_000, 11),
    minRows: 1_000,
  },
];

for (const day of days) {
  describe(`parity specs on ${day.name}: native Parquet == online engine`, () => {
    const dir = scratchDir(`parity-specs-${day.symbol}`);
    let logPath: string;

    beforeAll(() => {
      logPath = day.make(join(dir, "q"));
    });

    for (const spec of specs) {
      describe(spec, () => {
        let program: IrProgram;
        let nativeRows: Columns;
        let online: Columns;

        beforeAll(async () => {
          const compiled = compileFile(join(SPECS, spec));
          expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          program = compiled.program!;
          const out = await extract(program, "native", join(dir, "q"), day.symbol, join(dir, spec));
          nativeRows = readParquetColumns(out.results[0].output);
          online = onlineColumns(await loadTsKernel(out.kernel.jsModulePath), logPath);
        });

        it("emits a substantial day of rows", () => {
          expect(nativeRows.rows).toBeGreaterThan(day.minRows);
          expect(nativeRows.names).toEqual(program.columns.map((c) => c.name));
        });

        it("is bit-identical", () => {
          expect(firstDifference(nativeRows, online)).toBeNull();
        });

        it("has values in every column", () => {
          nativeRows.columns.forEach((column, c) => {
            const values = column.filter((v) => v !== null).length;
            expect(values, `column ${nativeRows.names[c]}`).toBeGreaterThan(0);
          });
        });
      });
    }
  });
}
