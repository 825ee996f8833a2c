// featc preview SPEC [--source DIR --symbol S] [--from T --to T] [--rows N] [--json]: the
// dataset's first rows and a summary of every column, computed here by its TypeScript kernel on
// the bundled GOOG sample or a given log (compiler/preview/), with no cargo build.
import { FeatcError } from "../../../runtime/errors.js";
import { parseTimeNs } from "../../extract/plan.js";
import type { ArgsOf } from "../command.js";
import { compileForCommand } from "../compileSpec.js";
import type { previewOptions } from "../previewOptions.js";

/** The most rows a preview prints. */
const MAX_ROWS = 1_000_000;

function rowsFlag(given: unknown): number {
  const text = String(given).trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= MAX_ROWS))
    throw new FeatcError(
      "BAD_ARGUMENT",
      `--rows takes a whole number from 0 to ${MAX_ROWS.toLocaleString("en-US")}, got ${JSON.stringify(String(given))}`,
    );
  return value;
}

function timeFlag(flag: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  try {
    return parseTimeNs(text);
  } catch (e) {
    throw new FeatcError("BAD_ARGUMENT", `${flag}: ${(e as Error).message}`);
  }
}

export async function runPreview(argv: ArgsOf<typeof previewOptions>): Promise<void> {
  // Every flag is checked before the spec is compiled, each error naming its flag.
  const rows = rowsFlag(argv.rows);
  const fromNs = timeFlag("--from", argv.from);
  const toNs = timeFlag("--to", argv.to);
  if (fromNs !== undefined && toNs !== undefined && toNs <= fromNs)
    throw new FeatcError("BAD_ARGUMENT", `--to ${argv.to} is not after --from ${argv.from}: the window holds no row`);
  if (argv.symbol !== undefined && argv.source === undefined)
    throw new FeatcError("BAD_ARGUMENT", "--symbol names a symbol of --source DIR: give the source too");
  const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
  if (!program) return;
  const { previewProgram } = await import("../../preview/preview.js");
  const { previewJson, previewTable } = await import("../../preview/render.js");
  const result = await previewProgram(program, {
    source: argv.source,
    symbol: argv.symbol,
    fromNs,
    toNs,
    rows,
    cacheDir: argv["cache-dir"],
  });
  if (argv.json) {
    process.stdout.write(JSON.stringify(previewJson(result), null, 2) + "\n");
    return;
  }
  if (result.warmUpNote) process.stderr.write(`featc: ${result.warmUpNote}\n`);
  process.stdout.write(previewTable(result));
}
