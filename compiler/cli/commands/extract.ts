// featc extract SPEC --source DIR --symbols A,B --out DIR: Parquet per symbol and day.
import type { Argv } from "yargs";
import { COMPRESSIONS, ENGINES, EXTRACT_DEFAULTS } from "../../../runtime/batch/extractOptions.js";
import { runExtract } from "../../extract/run.js";
import { parseShard, parseTimeNs, utcDate } from "../../extract/plan.js";
import { compileForCommand, specAndDataset } from "../compileSpec.js";
import { summarizeParquet } from "../parquetSummary.js";
import { progressBar } from "../progress.js";

export function extractCommand(y: Argv) {
  return y.command(
    "extract <spec>",
    "Compute the spec's rows over event logs and write Parquet (OUT/<SYMBOL>/<DATE>.parquet)",
    (a) =>
      specAndDataset(a)
        .option("source", {
          type: "string",
          demandOption: true,
          describe: "root of the .q logs (<root>/<SYMBOL>/<DATE>.q)",
        })
        .option("symbols", { type: "string", demandOption: true, describe: "comma-separated symbols" })
        .option("out", { type: "string", demandOption: true, describe: "output root" })
        .option("from", { type: "string", describe: "emit rows from this ISO-8601 time on (inclusive)" })
        .option("to", { type: "string", describe: "emit rows before this ISO-8601 time (exclusive)" })
        .option("compression", { choices: COMPRESSIONS, default: EXTRACT_DEFAULTS.compression })
        .option("engine", {
          choices: ENGINES,
          default: EXTRACT_DEFAULTS.engine,
          describe: "native: Rust kernel library; ts: TypeScript kernel",
        })
        .option("lenient", {
          type: "boolean",
          default: EXTRACT_DEFAULTS.lenient,
          describe: "count and skip impossible book events instead of failing",
        })
        .option("threads", {
          type: "number",
          default: EXTRACT_DEFAULTS.threads,
          describe: "worker threads for the native engine (0: all cores)",
        })
        .option("row-group-rows", {
          type: "number",
          default: EXTRACT_DEFAULTS.rowGroupRows,
          describe: "rows per Parquet row group",
        })
        .option("shard", {
          type: "string",
          describe: "K/N: run the K-th of N deterministic slices of the symbol-day list",
        })
        .option("summary", {
          type: "boolean",
          default: true,
          describe: "print rows, columns and the first rows of each output",
        })
        .option("cache-dir", { type: "string" }),
    async (argv) => {
      const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
      if (!program) return;
      const fromNs = argv.from ? parseTimeNs(argv.from) : undefined;
      const toNs = argv.to ? parseTimeNs(argv.to) : undefined;
      const bar = progressBar("extract");
      const started = performance.now();
      const outcome = await runExtract(program, {
        source: argv.source,
        symbols: argv.symbols
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        out: argv.out,
        fromNs,
        toNs,
        fromDate: fromNs !== undefined ? utcDate(fromNs) : undefined,
        // `to` is exclusive: a day starting exactly at `to` is not needed.
        toDate: toNs !== undefined ? utcDate(toNs - 1n) : undefined,
        shard: argv.shard ? parseShard(argv.shard) : undefined,
        compression: argv.compression,
        engine: argv.engine,
        lenient: argv.lenient,
        threads: argv.threads,
        rowGroupRows: argv["row-group-rows"],
        cacheDir: argv["cache-dir"],
        onProgress: (p) =>
          bar.update(
            p.recordsTotal ? p.recordsDone : p.jobsDone,
            p.recordsTotal || p.jobsTotal,
            `${p.jobsDone}/${p.jobsTotal} files`,
          ),
      });
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      const records = outcome.results.reduce((s, r) => s + r.records, 0);
      const rows = outcome.results.reduce((s, r) => s + r.rows, 0);
      process.stdout.write(
        `${program.name} (ir ${outcome.kernel.irHash.slice(0, 16)}, ${argv.engine}): ${outcome.results.length} files, ` +
          `${records.toLocaleString("en-US")} events -> ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s\n`,
      );
      for (const r of outcome.results) {
        process.stdout.write(argv.summary ? summarizeParquet(r.output) + "\n" : `${r.output}: ${r.rows} rows\n`);
      }
    },
  );
}
