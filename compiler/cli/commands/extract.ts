// featc extract SPEC --source DIR --symbols A,B --out DIR: Parquet per symbol and day.
import { MAX_THREADS } from "../../../runtime/batch/extractOptions.js";
import { FeatcError } from "../../../runtime/errors.js";
import { runExtract as extractDatasets } from "../../extract/run.js";
import { parseDurationNs, parseMaxFaults, parseShard, parseTimeNs, utcDate } from "../../extract/plan.js";
import type { ArgsOf } from "../command.js";
import { compileForCommand } from "../compileSpec.js";
import type { extractOptions } from "../options.js";
import { progressBar } from "../progress.js";

/**
 * A whole-number flag as given, checked: digits only (no sign, fraction, exponent or hex), from
 * `min` to `max`; otherwise one line naming the flag and what it takes.
 */
export function wholeFlag(flag: string, given: unknown, min: number, max: number, note = ""): number {
  const text = String(given).trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw new FeatcError(
      "BAD_ARGUMENT",
      `${flag} takes a whole number from ${min}${note} to ${max.toLocaleString("en-US")}, got ${JSON.stringify(String(given))}`,
    );
  return value;
}

/** The native addon takes a row group size as a u32. */
const MAX_ROW_GROUP_ROWS = 2 ** 32 - 1;

/** A time flag (`--from`, `--to`): an ISO-8601 time, the error naming the flag. */
function timeFlag(flag: string, text: string): bigint {
  try {
    return parseTimeNs(text);
  } catch (e) {
    throw new FeatcError("BAD_ARGUMENT", `${flag}: ${(e as Error).message}`);
  }
}

/** What a reset means, for the user (docs/language.md section 4.1). */
const RESET_TEXT: Record<string, string> = {
  book_kind: "its book kind differs from the previous day's",
  decimals: "its price or size decimals differ from the previous day's",
  missing_day: "the previous day is missing",
  book: "its book does not continue the previous day's",
};

export async function runExtract(argv: ArgsOf<typeof extractOptions>): Promise<void> {
  // Every flag is checked before the spec is compiled, each error naming its flag.
  const threads = wholeFlag("--threads", argv.threads, 0, MAX_THREADS, " (all cores)");
  const rowGroupRows = wholeFlag("--row-group-rows", argv["row-group-rows"], 1, MAX_ROW_GROUP_ROWS);
  const maxGapBars = wholeFlag("--max-gap-bars", argv["max-gap-bars"], 1, Number.MAX_SAFE_INTEGER);
  const fromNs = argv.from !== undefined ? timeFlag("--from", argv.from) : undefined;
  const toNs = argv.to !== undefined ? timeFlag("--to", argv.to) : undefined;
  if (fromNs !== undefined && toNs !== undefined && toNs <= fromNs)
    throw new FeatcError("BAD_ARGUMENT", `--to ${argv.to} is not after --from ${argv.from}: the window holds no row`);
  const shard = argv.shard !== undefined ? parseShard(argv.shard) : undefined;
  const maxFaults = argv["max-faults"] !== undefined ? parseMaxFaults(argv["max-faults"]) : undefined;
  const warmUpNs = argv["warm-up"] !== undefined ? parseDurationNs(argv["warm-up"], "--warm-up") : undefined;
  const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
  if (!program) return;
  const bar = progressBar("extract");
  const started = performance.now();
  const outcome = await extractDatasets(program, {
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
    shard,
    warmStart: argv["warm-start"],
    timestamps: argv.timestamps,
    maxFaults,
    skipExisting: argv["skip-existing"],
    warmUpNs,
    compression: argv.compression,
    engine: argv.engine,
    lenient: argv.lenient,
    threads,
    rowGroupRows,
    maxGapBars,
    cacheDir: argv["cache-dir"],
    onProgress: (p) =>
      bar.update(
        p.recordsTotal ? p.recordsDone : p.jobsDone,
        p.recordsTotal || p.jobsTotal,
        `${p.jobsDone}/${p.jobsTotal} symbols`,
      ),
  });
  bar.stop();
  if (outcome.warmUpNote) process.stderr.write(`featc: ${outcome.warmUpNote}\n`);
  for (const w of outcome.warnings) process.stderr.write(`featc: warning: ${w}\n`);
  for (const r of outcome.results.filter((f) => f.skipped > 0))
    process.stderr.write(
      `featc: ${r.symbol} ${r.date}: ${r.skipped.toLocaleString("en-US")} of ${r.records.toLocaleString("en-US")} records skipped (` +
        Object.entries(r.skippedByReason)
          .map(([code, n]) => `${code} ${n.toLocaleString("en-US")}`)
          .join(", ") +
        ")\n",
    );
  if (outcome.reused.length > 0)
    process.stderr.write(
      `featc: ${outcome.reused.length} files already in the dataset's manifests, left as they are\n`,
    );
  for (const r of outcome.results.filter((f) => f.start === "reset"))
    process.stderr.write(`featc: ${r.symbol} ${r.date}: ${RESET_TEXT[r.resetReason ?? "book"]}; state was reset\n`);
  const seconds = (performance.now() - started) / 1000;
  const records = outcome.results.reduce((s, r) => s + r.records, 0);
  const rows = outcome.results.reduce((s, r) => s + r.rows, 0);
  process.stdout.write(
    `${program.name} (ir ${outcome.kernel.irHash.slice(0, 16)}, ${argv.engine}): ${outcome.results.length} files, ` +
      `${records.toLocaleString("en-US")} events -> ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s\n`,
  );
  // The summary reads the first rows of each file back (through the addon, else parquet-wasm).
  const summarize = argv.summary ? (await import("../parquetSummary.js")).summarizeParquet : undefined;
  for (const r of outcome.results) {
    process.stdout.write(summarize ? (await summarize(r.output, 5)) + "\n" : `${r.output}: ${r.rows} rows\n`);
  }
  process.stdout.write(`manifest: ${outcome.manifestPath}\n`);
}
