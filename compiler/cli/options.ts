// The positionals and options of every command: what yargs parses and --help lists. This
// module runs at every start of featc, before any command is chosen, so it imports only
// constants, never what runs a command (./command.ts).
import type { Argv } from "yargs";
import { BINANCE_MARKETS, SYNTHETIC_SESSIONS, TARDIS_KINDS } from "../../runtime/native/binding.js";
import { COMPRESSIONS, ENGINES, EXTRACT_DEFAULTS, MAX_THREADS } from "../../runtime/batch/extractOptions.js";

/** `<spec>` and `--dataset`, for the commands that compile one dataset of a spec. */
export function specAndDataset<T>(y: Argv<T>, dataset = "the dataset, when the file has several") {
  return y.positional("spec", { type: "string", demandOption: true }).option("dataset", {
    type: "string",
    describe: dataset,
  });
}

/** `<name..>`: the .feat files a command reads. */
export function specFiles<T, K extends string>(y: Argv<T>, name: K) {
  return y.positional(name, { type: "string", array: true, demandOption: true, describe: ".feat files" });
}

/** The book snapshot interval option of `featc gen` and `featc import` (docs/formats/q.md, "Snapshots"). */
export const SNAPSHOT_EVERY_OPTION = {
  type: "string",
  default: "10m",
  describe: "exchange time between book snapshots in the log (e.g. 10m, 30s; 0: none)",
} as const;

export const checkOptions = (y: Argv) =>
  specFiles(y, "specs")
    .option("online", {
      type: "boolean",
      default: false,
      describe: "check for the online engine (labels are errors)",
    })
    .option("json", { type: "boolean", default: false, describe: "one JSON document on stdout" });

export const buildOptions = (y: Argv) =>
  specAndDataset(y, "dataset to build when the file has several")
    .option("engine", {
      choices: ENGINES,
      default: EXTRACT_DEFAULTS.engine,
      describe: "ts: skip the Rust kernel (no toolchain needed)",
    })
    .option("cache-dir", { type: "string", describe: "kernel cache (default $FEATC_CACHE_DIR or ./.featc)" });

export const extractOptions = (y: Argv) =>
  specAndDataset(y)
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
      type: "string",
      default: String(EXTRACT_DEFAULTS.threads),
      describe: `worker threads for the native engine, 0 to ${MAX_THREADS} (0: all cores)`,
    })
    .option("row-group-rows", {
      type: "string",
      default: String(EXTRACT_DEFAULTS.rowGroupRows),
      describe: "rows per Parquet row group",
    })
    .option("max-gap-bars", {
      type: "string",
      default: String(EXTRACT_DEFAULTS.maxGapBars),
      describe:
        "the most time bars one gap between packets may close (a log whose times jump by years stops here with GAP_TOO_LONG)",
    })
    .option("timestamps", {
      choices: ["ns", "us"] as const,
      default: "ns" as const,
      describe: "timestamp columns in ns, or us (floored) for readers without nanoseconds (Spark)",
    })
    .option("max-faults", {
      type: "string",
      describe: "with --lenient, fail a day file that skips more than N records or P% of them (e.g. 100, 0.5%)",
    })
    .option("skip-existing", {
      type: "boolean",
      default: false,
      describe: "leave out symbols whose files the dataset's manifests already record, unchanged",
    })
    .option("warm-start", {
      type: "boolean",
      default: true,
      describe: "with --from, start each symbol's first day from the last book snapshot the spec's warm-up allows",
    })
    .option("warm-up", {
      type: "string",
      describe: "history to replay before --from for unbounded columns (ema, time_since), e.g. 2h",
    })
    .option("shard", {
      type: "string",
      describe: "K/N: run every N-th symbol of the sorted symbol list, from the K-th (a symbol's days stay together)",
    })
    .option("summary", {
      type: "boolean",
      default: true,
      describe: "print rows, columns and the first rows of each output",
    })
    .option("cache-dir", { type: "string" });

export const explainOptions = (y: Argv) => specAndDataset(y).option("json", { type: "boolean", default: false });

export const explainErrorOptions = (y: Argv) =>
  y.positional("code", { type: "string", describe: "a code as printed in a diagnostic, e.g. E0003" });

export const fmtOptions = (y: Argv) =>
  y
    .positional("files", { type: "string", array: true, describe: ".feat files" })
    .option("check", {
      type: "boolean",
      default: false,
      describe: "write nothing; list files that would change and exit 1 if any",
    })
    .option("stdin", {
      type: "boolean",
      default: false,
      describe:
        "read one spec from stdin and write it formatted to stdout (with --check: write nothing, exit 1 if it would change)",
    })
    .option("stdin-filepath", {
      type: "string",
      describe: "with --stdin, the spec's path: the name its diagnostics give it (default <stdin>)",
    });

export const genOptions = (y: Argv) =>
  y
    .option("symbol", { type: "string", default: "SYN" })
    .option("events", { type: "number", default: 1_000_000, describe: "market events per day" })
    .option("seed", { type: "number", default: 1 })
    .option("date", { type: "string", default: "2024-01-02", describe: "the first day, YYYY-MM-DD" })
    .option("days", {
      type: "number",
      default: 1,
      describe:
        "consecutive calendar days, one file each; each later day opens with the book the day before closed with",
    })
    .option("session", {
      choices: SYNTHETIC_SESSIONS,
      default: "equity" as const,
      describe: "equity: 09:30-16:00 New York time; continuous: 00:00-24:00 UTC",
    })
    .option("orders", {
      type: "number",
      describe:
        "resting orders the book is kept near; the first day opens with that many resting (default: about 4,000, built up from an empty book)",
    })
    .option("levels", {
      type: "number",
      describe: "price levels behind each side's best that the opening book and one add in ten spread over",
    })
    .option("snapshot-every", SNAPSHOT_EVERY_OPTION)
    .option("force", { type: "boolean", default: false, describe: "replace logs that exist (else LOG_EXISTS)" })
    .option("out", { type: "string", demandOption: true });

/** The options every import format takes: the output root, lenient mode skipping `what`, the
 *  book snapshot interval, and whether logs that exist are replaced. */
function outAndLenient<T>(y: Argv<T>, what: string) {
  return y
    .option("out", { type: "string", demandOption: true })
    .option("lenient", { type: "boolean", default: false, describe: `count and skip malformed ${what}` })
    .option("snapshot-every", SNAPSHOT_EVERY_OPTION)
    .option("force", {
      type: "boolean",
      default: false,
      describe: "replace <out>/<SYMBOL>/<DATE>.q logs that exist (without it, an existing log is an error, LOG_EXISTS)",
    });
}

export const importLobsterOptions = (y: Argv) =>
  outAndLenient(
    y
      .positional("message", { type: "string", demandOption: true })
      .option("orderbook", {
        type: "string",
        describe: "the matching orderbook file: seeds the book resting before 09:30",
      })
      .option("symbol", { type: "string", demandOption: true })
      .option("date", { type: "string", describe: "trading date YYYY-MM-DD (default: from the file name)" })
      .option("packet-per-message", {
        type: "boolean",
        default: false,
        describe:
          "one packet per message: the executions of one sweep (same time and direction) are then several packets, not one",
      }),
    "lines",
  );

export const importDbnOptions = (y: Argv) =>
  outAndLenient(
    y
      .positional("inputs", { type: "string", array: true, demandOption: true })
      .option("symbol", { type: "string", describe: "import only this symbol" }),
    "records",
  );

export const importItchOptions = (y: Argv) =>
  outAndLenient(
    y
      .positional("input", { type: "string", demandOption: true })
      .option("date", { type: "string", describe: "trading date YYYY-MM-DD (default: from the file name)" })
      .option("symbol", { type: "string", describe: "import only this stock" }),
    "messages",
  );

export const importBinanceOptions = (y: Argv) =>
  outAndLenient(
    y.positional("inputs", { type: "string", array: true, demandOption: true }).option("market", {
      choices: BINANCE_MARKETS,
      describe:
        "default: inferred (coinm: a COIN-M symbol such as BTCUSD_PERP or a `ps`/`pair` field; usdm: diff events carry pu; else spot)",
    }),
    "lines",
  );

export const importTardisOptions = (y: Argv) =>
  outAndLenient(
    y
      .positional("inputs", { type: "string", array: true, demandOption: true })
      .option("kind", {
        choices: TARDIS_KINDS,
        describe: "the data type of every input (default: each input's, from its header)",
      })
      .option("symbol", {
        type: "string",
        demandOption: true,
        describe: "rows of other symbols are skipped and counted",
      }),
    "rows",
  );

export const inspectOptions = (y: Argv) =>
  y.positional("file", { type: "string", demandOption: true }).option("records", { type: "number", default: 10 });

/** The formats `featc verify-book` checks. */
export const VERIFY_BOOK_FORMATS = ["lobster", "binance", "dbn-mbp10", "dbn-mbo", "itch"];

export const verifyBookOptions = (y: Argv) =>
  y
    .positional("format", { type: "string", demandOption: true, describe: VERIFY_BOOK_FORMATS.join(", ") })
    .positional("inputs", { type: "string", array: true, demandOption: true })
    .option("lenient", {
      type: "boolean",
      default: false,
      describe: "skip and count what the importers skip under --lenient instead of failing",
    })
    .option("min-agreement", {
      type: "number",
      describe:
        "percent of rows that must agree (default: 100 for checks against exact ground truth: lobster, binance, dbn-mbp10, itch; none for dbn-mbo, a consistency check)",
    });
