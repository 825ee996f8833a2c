// The featc command line: one module per command under ./commands.
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
import { compileLimits } from "./compileSpec.js";
import { outputMode } from "./diagnosticsOutput.js";
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { explainCommand } from "./commands/explain.js";
import { explainErrorCommand } from "./commands/explainError.js";
import { extractCommand } from "./commands/extract.js";
import { fmtCommand } from "./commands/fmt.js";
import { genCommand } from "./commands/gen.js";
import { importCommand } from "./commands/importLog.js";
import { inspectCommand } from "./commands/inspect.js";
import { verifyBookCommand } from "./commands/verifyBook.js";

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
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      if (json)
        writeQuietly(process.stdout, JSON.stringify({ error: { code: "BAD_ARGUMENT", message: msg } }, null, 2) + "\n");
      else writeQuietly(process.stderr, `error: ${msg}\n(featc --help for usage)\n`);
      process.exit(2);
    });
  for (const add of [
    checkCommand,
    buildCommand,
    extractCommand,
    explainCommand,
    explainErrorCommand,
    fmtCommand,
    importCommand,
    genCommand,
    inspectCommand,
    verifyBookCommand,
  ])
    cli = add(cli) as typeof cli;
  try {
    await cli.parseAsync();
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return report(error, json);
  }
}
