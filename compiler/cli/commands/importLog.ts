// featc import FORMAT INPUT... --out DIR: vendor data -> .q event logs.
import type { Argv } from "yargs";
import * as native from "../../../runtime/native/binding.js";

export function importCommand(y: Argv) {
  return y.command("import", "Import vendor data into .q event logs (<out>/<SYMBOL>/<DATE>.q)", (a) =>
    a
      .command(
        "lobster <message>",
        "LOBSTER message file (.csv or .csv.gz), seeded from its orderbook file",
        (b) =>
          b
            .positional("message", { type: "string", demandOption: true })
            .option("orderbook", { type: "string", describe: "the matching orderbook file: seeds the book resting before 09:30" })
            .option("symbol", { type: "string", demandOption: true })
            .option("date", { type: "string", describe: "trading date YYYY-MM-DD (default: from the file name)" })
            .option("out", { type: "string", demandOption: true })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed lines" }),
        (argv) => {
          const started = performance.now();
          const r = native.importLobster({
            message: argv.message as string,
            orderbook: argv.orderbook,
            symbol: argv.symbol,
            date: argv.date,
            outDir: argv.out,
            lenient: argv.lenient,
          });
          process.stdout.write(
            `${r.path}: ${Number(r.records).toLocaleString("en-US")} records, ${Number(r.packets).toLocaleString("en-US")} packets, ` +
              `${r.seededLevels} seeded levels, in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
          );
          for (const [reason, count] of r.skippedByReason) process.stdout.write(`  skipped ${count}: ${reason}\n`);
        },
      )
      .demandCommand(1, "name a format: lobster"),
  );
}
