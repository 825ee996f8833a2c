// The featc command line: one module per command under ./commands.
import yargs from "yargs";
import { FEATC_VERSION } from "../build/packageRoot.js";
import { parseByteSize } from "../ir/analysis/stateLimit.js";
import { compileLimits } from "./compileSpec.js";
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

/** Runs featc with `args`; resolves to the process exit code. Errors print as one clear line. */
export async function run(args: string[]): Promise<number> {
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
      process.stderr.write(`error: ${msg}\n(featc --help for usage)\n`);
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
  } catch (e) {
    const err = e as Error & { code?: string };
    process.stderr.write(`error${err.code ? `[${err.code}]` : ""}: ${err.message}\n`);
    return 1;
  }
}
