// featc verify-book FORMAT INPUT...: replay a feed and compare the book with its ground truth.
import type { Argv } from "yargs";
import * as native from "../../../runtime/native/binding.js";

const FORMATS = ["lobster", "binance", "dbn-mbp10", "dbn-mbo", "itch"];

export function verifyBookCommand(y: Argv) {
  return y.command(
    "verify-book <format> <inputs..>",
    "Check book reconstruction against ground truth: lobster (message orderbook pairs, vs the orderbook file), binance (capture files in order, vs bookTicker), dbn-mbp10 (MBO MBP-10 pairs), dbn-mbo (MBO files in order), itch (message counts)",
    (a) =>
      a
        .positional("format", { type: "string", demandOption: true, describe: FORMATS.join(", ") })
        .positional("inputs", { type: "string", array: true, demandOption: true }),
    (argv) => {
      const checks = native.verifyBook(argv.format as string, argv.inputs as string[]);
      for (const c of checks) {
        const pct = c.rowsCompared > 0 ? ((100 * c.rowsEqual) / c.rowsCompared).toFixed(2) : "-";
        process.stdout.write(
          `${c.sample}\n  events ${c.events.toLocaleString("en-US")}, rows compared ${c.rowsCompared.toLocaleString("en-US")}, ` +
            `rows equal ${c.rowsEqual.toLocaleString("en-US")} (${pct}%)\n`,
        );
        for (const note of c.notes) process.stdout.write(`  ${note}\n`);
      }
    },
  );
}
