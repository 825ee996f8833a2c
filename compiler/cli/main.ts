// The featc command line: a table of commands (below), one module per command under
// ./commands, imported only when that command runs (./command.ts), so that `featc --version`,
// `featc fmt` or `featc check` load neither the code generator nor Arrow and parquet-wasm.
//
// What reaches the top is always told, never a stack trace and never silence: an error with a
// code (a bad argument, a log that does not parse, a failed build) as `error[CODE]: message`
// with exit status 1, anything else as the internal error E0046 with a bug-report hint and
// status 70; with `--json`, as one JSON document on stdout. A closed stdout (`featc ... | head
// -1`) ends the command quietly with status 0.
import yargs from "yargs";
import { FEATC_VERSION } from "../build/packageRoot.js";
import { bugReportHint, describeThrown } from "../diagnostics/internal.js";
import { parseByteSize } from "../ir/analysis/stateLimit.js";
import { lazyCommand } from "./command.js";
import { compileLimits } from "./compileLimits.js";
import { outputMode } from "./diagnosticsOutput.js";
import * as options from "./options.js";
import { previewOptions } from "./previewOptions.js";
import { catchSignals, interruptStatus } from "./interrupt.js";

/**
 * Every command: its name and positionals, description, options (./options.ts) and how it runs,
 * which imports its module only then. A new command is one more entry.
 */
const COMMANDS = [
  lazyCommand({
    command: "check <specs..>",
    describe: "Parse and type-check specs; print diagnostics and each dataset's state per symbol",
    options: options.checkOptions,
    run: async (argv) => (await import("./commands/check.js")).runCheck(argv),
  }),
  lazyCommand({
    command: "build <spec>",
    describe: "Generate and compile the spec's kernels (Rust native library and TypeScript module)",
    options: options.buildOptions,
    run: async (argv) => (await import("./commands/build.js")).runBuild(argv),
  }),
  lazyCommand({
    command: "extract <spec>",
    describe:
      "Compute the spec's rows over event logs and write Parquet (OUT/<DATASET>/symbol=<S>/date=<D>/part-0.parquet)",
    options: options.extractOptions,
    run: async (argv) => (await import("./commands/extract.js")).runExtract(argv),
  }),
  lazyCommand({
    command: "preview <spec>",
    describe:
      "Show the spec's first rows and a summary of every column, computed by its TypeScript kernel on the bundled GOOG sample or a log (no cargo build)",
    options: previewOptions,
    run: async (argv) => (await import("./commands/preview.js")).runPreview(argv),
  }),
  lazyCommand({
    command: "explain <spec>",
    describe: "Print the spec's IR (states, step and emit programs, columns), state bytes and warm-up per column",
    options: options.explainOptions,
    run: async (argv) => (await import("./commands/explain.js")).runExplain(argv),
  }),
  lazyCommand({
    command: "explain-error [code]",
    describe: "Explain a diagnostic code (E0003, W0002, ...) with an example and its fix; no code lists them",
    options: options.explainErrorOptions,
    run: async (argv) => (await import("./commands/explainError.js")).runExplainError(argv),
  }),
  lazyCommand({
    command: "fmt [files..]",
    describe: "Format specs in the canonical layout (comments kept); --stdin: stdin to stdout",
    options: options.fmtOptions,
    run: async (argv) => (await import("./commands/fmt.js")).runFmt(argv),
  }),
  lazyCommand({
    command: "lsp",
    describe: "Serve the language server protocol on stdin and stdout, for editors (docs/editors.md)",
    options: (y) => y.option("stdio", { type: "boolean", default: true, describe: "talk over stdin and stdout" }),
    run: async () => (await import("./commands/lsp.js")).runLsp(),
  }),
  lazyCommand({
    command: "import",
    describe: "Import vendor data into .q event logs (<out>/<SYMBOL>/<DATE>.q)",
    options: (y) =>
      y
        .command(
          lazyCommand({
            command: "lobster <message>",
            describe: "LOBSTER message file (.csv or .csv.gz), seeded from its orderbook file",
            options: options.importLobsterOptions,
            run: async (argv) => (await import("./commands/importLog.js")).runImportLobster(argv),
          }),
        )
        .command(
          lazyCommand({
            command: "dbn <inputs..>",
            describe:
              "Databento DBN files (v1-v3, .dbn or .dbn.zst): MBO to L3 logs, MBP-1/MBP-10/TBBO/trades to L2 logs, per symbol and UTC day",
            options: options.importDbnOptions,
            run: async (argv) => (await import("./commands/importLog.js")).runImportDbn(argv),
          }),
        )
        .command(
          lazyCommand({
            command: "itch <input>",
            describe: "NASDAQ TotalView-ITCH 5.0 (length-prefixed or zero-prefixed, plain or .gz) to L3 logs per stock",
            options: options.importItchOptions,
            run: async (argv) => (await import("./commands/importLog.js")).runImportItch(argv),
          }),
        )
        .command(
          lazyCommand({
            command: "binance <inputs..>",
            describe:
              "Binance raw websocket captures (`<local ns> <JSON>` lines, plain or .gz; files in order) to daily L2 logs, synced as Binance documents",
            options: options.importBinanceOptions,
            run: async (argv) => (await import("./commands/importLog.js")).runImportBinance(argv),
          }),
        )
        .command(
          lazyCommand({
            command: "tardis <inputs..>",
            describe:
              "Tardis CSV (plain or .gz) to daily L2 logs: one book data type (incremental_book_L2, book_snapshot_N or quotes) and trades, merged by local_timestamp into one log",
            options: options.importTardisOptions,
            run: async (argv) => (await import("./commands/importLog.js")).runImportTardis(argv),
          }),
        )
        .demandCommand(1, "name a format: lobster, dbn, itch, binance, tardis"),
    // The format's own command runs.
    run: () => undefined,
  }),
  lazyCommand({
    command: "gen",
    describe: "Write seeded synthetic L3 days (<out>/<SYMBOL>/<DATE>.q), one continuous market",
    options: options.genOptions,
    run: async (argv) => (await import("./commands/gen.js")).runGen(argv),
  }),
  lazyCommand({
    command: "inspect <file>",
    describe: "Show a .q log's header, counts by event kind, time range, book snapshots and first records",
    options: options.inspectOptions,
    run: async (argv) => (await import("./commands/inspect.js")).runInspect(argv),
  }),
  lazyCommand({
    command: "verify-book <format> <inputs..>",
    describe:
      "Check book reconstruction against ground truth: lobster (message orderbook pairs, vs the orderbook file), binance (capture files in order, vs bookTicker), dbn-mbp10 (MBO MBP-10 pairs), dbn-mbo (MBO files in order), itch (message counts). Exits 1 when a check agrees less than --min-agreement",
    options: options.verifyBookOptions,
    run: async (argv) => (await import("./commands/verifyBook.js")).runVerifyBook(argv),
  }),
];

/** A mistake in the command line, told in one line. */
class CliError extends Error {
  readonly code = "BAD_ARGUMENT";
}

/** The exit status of an internal error (EX_SOFTWARE). */
export const INTERNAL_ERROR_STATUS = 70;

/** An error featc raises on purpose carries a code; anything else is a fault of featc's own. */
function isInternal(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || code.startsWith("ERR_")) return true;
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
}

/** Tells `error` the way the header says; returns the exit status. */
function report(error: unknown, json: boolean): number {
  if (isInternal(error)) {
    const { message, where } = describeThrown(error);
    const hint = bugReportHint(FEATC_VERSION);
    if (json) {
      const body = {
        code: "E0046",
        internal: true,
        message: `internal error: ${message}`,
        ...(where ? { where } : {}),
        hint,
      };
      writeQuietly(process.stdout, JSON.stringify({ error: body }, null, 2) + "\n");
    } else {
      const lines = [
        `error[E0046]: internal error: ${message}`,
        ...(where ? [`  = note: raised ${where}`] : []),
        `  = help: ${hint}`,
      ];
      writeQuietly(process.stderr, lines.join("\n") + "\n");
    }
    return INTERNAL_ERROR_STATUS;
  }
  const { code, message } = error as Error & { code: string };
  if (json) writeQuietly(process.stdout, JSON.stringify({ error: { code, message } }, null, 2) + "\n");
  else writeQuietly(process.stderr, `error[${code}]: ${message}\n`);
  return 1;
}

function writeQuietly(stream: NodeJS.WriteStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // Nowhere left to tell it.
  }
}

/** Whether the arguments ask for help (`--help`), which is then printed wrapped. */
function asksForHelp(args: string[]): boolean {
  return args.includes("--help");
}

let processHooked = false;

/**
 * Once per process: a closed pipe ends the command quietly with status 0, and an exception
 * that escapes outside `run`'s own await (a timer, a stream) is still told as E0046.
 */
function hookProcess(json: boolean): void {
  if (processHooked) return;
  processHooked = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      writeQuietly(process.stderr, `error[${error.code ?? "EIO"}]: cannot write the output: ${error.message}\n`);
      process.exit(74);
    });
  }
  // SIGTERM, SIGHUP and SIGINT stop the running work cleanly (./interrupt.ts).
  catchSignals();
  const fatal = (thrown: unknown) => process.exit(report(thrown, json));
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}

/**
 * Runs featc with `args`; resolves to the process exit code. Errors print as one clear line.
 * `hookProcess: false` leaves the process's handlers alone, for running inside another program.
 */
export async function run(args: string[], options: { hookProcess?: boolean } = {}): Promise<number> {
  const json = args.includes("--json");
  outputMode.json = json;
  if (options.hookProcess ?? true) hookProcess(json);
  let cli = yargs(args)
    .scriptName("featc")
    .version(FEATC_VERSION)
    .usage("featc <command> [options]\n\nCompile .feat feature specs and compute them over order-book event logs.")
    .strict()
    .demandCommand(1, "name a command (featc --help lists them)")
    .recommendCommands()
    .option("max-state-bytes", {
      type: "string",
      global: true,
      describe: "most state per symbol a dataset may keep, e.g. 32GiB (default 1GiB)",
    })
    .middleware((argv) => {
      const text = argv["max-state-bytes"] as string | undefined;
      if (text === undefined) return;
      const bytes = parseByteSize(text);
      if (bytes === undefined) throw new CliError(`--max-state-bytes ${text} is not a size (e.g. 4096, 512MiB, 32GiB)`);
      compileLimits.maxStateBytes = bytes;
    })
    // yargs lays out the command's help after starting every command (to show it on a later
    // failure, which featc's `fail` never does); wrapping it to the terminal is most of that
    // work (about 20 ms of each start), so help is wrapped only when it is asked for.
    .wrap(asksForHelp(args) ? Math.min(110, process.stdout.columns ?? 100) : null)
    .fail((msg, err) => {
      if (err) throw err;
      if (json)
        writeQuietly(process.stdout, JSON.stringify({ error: { code: "BAD_ARGUMENT", message: msg } }, null, 2) + "\n");
      else writeQuietly(process.stderr, `error: ${msg}\n(featc --help for usage)\n`);
      process.exit(2);
    });
  for (const command of COMMANDS) cli = cli.command(command) as typeof cli;
  // A command stopped by a signal exits with 128 + its number, as a shell expects.
  try {
    await cli.parseAsync();
    return interruptStatus() ?? (typeof process.exitCode === "number" ? process.exitCode : 0);
  } catch (error) {
    const status = report(error, json);
    // A native loop stopped by a signal returns before Node has run the signal's listener.
    for (let tick = 0; tick < 20 && (error as { code?: string }).code === "INTERRUPTED" && !interruptStatus(); tick++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    return interruptStatus() ?? status;
  }
}
