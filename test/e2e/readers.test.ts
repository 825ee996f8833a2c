// The dataset layout the ecosystem reads (docs/formats/parquet.md, "Layout and manifest"): two
// symbols' days extracted into one Hive-partitioned dataset with --timestamps us, read back as
// one table by pyarrow.dataset, by pandas' path (pyarrow.parquet.read_table), by polars
// (scan_parquet with hive_partitioning), by Spark with its default settings and by DuckDB, all
// with the same rows per symbol and day and a symbol column, and the manifest naming every file.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract, type ExtractOutcome } from "../../compiler/extract/run.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { readParquetColumns } from "../support/parquetColumns.js";
import { importGoogDay, syntheticDay } from "../support/parity.js";
import { GOOG_SPEC, KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const PYTHON = join(REPO, ".venv", "bin", "python");
const SCRIPT = join(REPO, "test", "support", "read_dataset.py");

type Summary = Record<string, [number, number, number, number]>;

function python(reader: string, dataset: string): Summary {
  const r = spawnSync(PYTHON, [SCRIPT, reader, dataset], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${reader} could not read ${dataset}:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Summary;
}

describe("a dataset every reader opens", () => {
  const dir = scratchDir("readers");
  const out = join(dir, "out");
  const dataset = join(out, "goog_1s");
  let outcome: ExtractOutcome;
  let expected: Summary;

  beforeAll(async () => {
    importGoogDay(join(dir, "q"));
    syntheticDay(join(dir, "q"), 200_000, 3);
    const program = compileFile(GOOG_SPEC).program!;
    outcome = await runExtract(program, {
      source: join(dir, "q"),
      symbols: ["SYN", "GOOG"],
      out,
      timestamps: "us",
      cacheDir: KERNEL_CACHE,
    });
    // What featc wrote, file by file, as the readers must see it.
    expected = {};
    for (const r of outcome.results) {
      const t = readParquetColumns(r.output);
      const ts = t.columns[t.names.indexOf("ts")] as bigint[];
      const mid = t.columns[t.names.indexOf("mid")];
      expected[`${r.symbol} ${r.date}`] = [
        t.rows,
        Number(ts.reduce((a, b) => (b < a ? b : a))),
        Number(ts.reduce((a, b) => (b > a ? b : a))),
        mid.filter((m) => m !== null).length,
      ];
    }
  }, 300_000);

  it("lays files out as <dataset>/symbol=<S>/date=<D>/part-0.parquet, with a manifest", () => {
    expect(readdirSync(dataset).sort()).toEqual(["_featc", "symbol=GOOG", "symbol=SYN"]);
    expect(existsSync(join(dataset, "symbol=GOOG", "date=2012-06-21", "part-0.parquet"))).toBe(true);
    expect(Object.keys(expected)).toEqual(["GOOG 2012-06-21", "SYN 2024-03-05"]);
    expect(outcome.manifestPath).toBe(join(dataset, "_featc", "manifest.json"));
  });

  it.each(["pyarrow", "pandas_path", "polars", "spark"])("%s reads the same rows with a symbol column", (reader) => {
    expect(python(reader, dataset)).toEqual(expected);
  });

  it("DuckDB reads the same rows with a symbol column", async () => {
    const rows = await duckQuery(
      `SELECT symbol || ' ' || date AS key, count(*) AS n, min(epoch_us(ts)) AS first, max(epoch_us(ts)) AS last,
              count(mid) AS mids
       FROM read_parquet(${sqlString(join(dataset, "**", "*.parquet"))}, hive_partitioning = true)
       GROUP BY key ORDER BY key`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.key, [r.n, r.first, r.last, r.mids].map(Number)]))).toEqual(expected);
  });
});
