// featc gen: seeded synthetic L3 days, for tests and benchmarks (docs/formats/synthetic.md).
import type { Argv } from "yargs";
import * as native from "../../../runtime/native/binding.js";
import { SYNTHETIC_SESSIONS } from "../../../runtime/native/binding.js";
import { durationOptionNs, SNAPSHOT_EVERY_OPTION } from "../durationOption.js";

const n = (x: number) => Number(x).toLocaleString("en-US");

export function genCommand(y: Argv) {
  return y.command(
    "gen",
    "Write seeded synthetic L3 days (<out>/<SYMBOL>/<DATE>.q), one continuous market",
    (a) =>
      a
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
        .option("snapshot-every", SNAPSHOT_EVERY_OPTION)
        .option("force", { type: "boolean", default: false, describe: "replace logs that exist (else LOG_EXISTS)" })
        .option("out", { type: "string", demandOption: true }),
    (argv) => {
      const started = performance.now();
      const r = native.generateSynthetic({
        symbol: argv.symbol,
        events: argv.events,
        seed: argv.seed,
        date: argv.date,
        days: argv.days,
        session: argv.session,
        snapshotEveryNs: durationOptionNs("--snapshot-every", argv.snapshotEvery),
        outDir: argv.out,
        force: argv.force,
      });
      const seconds = `in ${((performance.now() - started) / 1000).toFixed(2)} s`;
      const line = (path: string, records: number, trades: number) =>
        `${path}: ${n(records)} records, ${n(trades)} trades`;
      if (r.days.length === 1) {
        process.stdout.write(`${line(r.path, r.records, r.trades)}, ${seconds}\n`);
      } else {
        for (const d of r.days) process.stdout.write(`${line(d.path, d.records, d.trades)}\n`);
        process.stdout.write(`${r.days.length} days, ${n(r.records)} records, ${n(r.trades)} trades, ${seconds}\n`);
      }
    },
  );
}
