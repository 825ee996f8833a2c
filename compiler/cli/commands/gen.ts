// featc gen: a seeded synthetic L3 day, for tests and benchmarks (docs/formats/synthetic.md).
import type { Argv } from "yargs";
import * as native from "../../../runtime/native/binding.js";

export function genCommand(y: Argv) {
  return y.command(
    "gen",
    "Write a seeded synthetic L3 day (<out>/<SYMBOL>/<DATE>.q)",
    (a) =>
      a
        .option("symbol", { type: "string", default: "SYN" })
        .option("events", { type: "number", default: 1_000_000 })
        .option("seed", { type: "number", default: 1 })
        .option("date", { type: "string", default: "2024-01-02" })
        .option("out", { type: "string", demandOption: true }),
    (argv) => {
      const started = performance.now();
      const r = native.generateSynthetic({
        symbol: argv.symbol,
        events: argv.events,
        seed: argv.seed,
        date: argv.date,
        outDir: argv.out,
      });
      process.stdout.write(
        `${r.path}: ${Number(r.records).toLocaleString("en-US")} records, ${Number(r.trades).toLocaleString("en-US")} trades, ` +
          `in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
      );
    },
  );
}
