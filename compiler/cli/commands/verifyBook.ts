// featc verify-book FORMAT INPUT...: replay a feed and compare the book with its ground truth.
import * as native from "../../../runtime/native/binding.js";
import type { BookCheck } from "../../../runtime/native/binding.js";
import type { ArgsOf } from "../command.js";
import type { verifyBookOptions } from "../options.js";

const n = (x: number) => x.toLocaleString("en-US");

/** A check's agreement in percent; `null` when it compared nothing. */
export function agreement(c: BookCheck): number | null {
  return c.rowsCompared > 0 ? (100 * c.rowsEqual) / c.rowsCompared : null;
}

/**
 * The minimum a check is held to: `--min-agreement` when given (for every check but the ones
 * that only explain another, role `detail`), else 100 for a check against exact ground truth
 * (role `exact`) and none for a self-consistency check.
 */
export function minimumFor(c: BookCheck, given: number | undefined): number | undefined {
  if (c.role === "detail") return undefined;
  return given ?? (c.role === "exact" ? 100 : undefined);
}

/** The line naming a check below its minimum, or `null` when it meets it. */
export function shortfall(c: BookCheck, min: number | undefined): string | null {
  if (min === undefined) return null;
  const pct = agreement(c);
  if (pct === null) return `${c.sample}: no rows compared, so no agreement to hold to --min-agreement ${min}%`;
  if (pct >= min) return null;
  return `${c.sample}: agreement ${pct.toFixed(2)}% (${n(c.rowsEqual)} of ${n(c.rowsCompared)} rows) is below --min-agreement ${min}%`;
}

export function runVerifyBook(argv: ArgsOf<typeof verifyBookOptions>): void {
  const given = argv.minAgreement;
  if (given !== undefined && !(given >= 0 && given <= 100)) {
    throw new native.FeatcError("BAD_ARGUMENT", `--min-agreement ${given}: a percent from 0 to 100`);
  }
  const checks = native.verifyBook(argv.format as string, argv.inputs as string[], { lenient: argv.lenient });
  const short: string[] = [];
  for (const c of checks) {
    const pct = agreement(c);
    const min = minimumFor(c, given);
    process.stdout.write(
      `${c.sample}\n  events ${n(c.events)}, rows compared ${n(c.rowsCompared)}, ` +
        `rows equal ${n(c.rowsEqual)} (${pct === null ? "-" : `${pct.toFixed(2)}%`})` +
        `${min === undefined ? "" : `, minimum ${min}%`}\n`,
    );
    for (const note of c.notes) process.stdout.write(`  ${note}\n`);
    const line = shortfall(c, min);
    if (line !== null) short.push(line);
  }
  for (const line of short) process.stderr.write(`featc verify-book: ${line}\n`);
  if (short.length > 0) process.exitCode = 1;
}
