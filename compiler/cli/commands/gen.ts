// featc gen: seeded synthetic L3 days, for tests and benchmarks (docs/formats/synthetic.md).
import * as native from "../../../runtime/native/binding.js";
import type { ArgsOf } from "../command.js";
import { durationOptionNs } from "../durationOption.js";
import type { genOptions } from "../options.js";
import { sweepOutputFolder } from "../staleTemps.js";

const n = (x: number) => Number(x).toLocaleString("en-US");

export function runGen(argv: ArgsOf<typeof genOptions>): void {
  // Days go to <out>/<SYMBOL>/<DATE>.q: temp files left there by a killed run go first.
  sweepOutputFolder(argv.out, 1);
  const started = performance.now();
  const r = native.generateSynthetic({
    symbol: argv.symbol,
    events: argv.events,
    seed: argv.seed,
    date: argv.date,
    days: argv.days,
    session: argv.session,
    snapshotEveryNs: durationOptionNs("--snapshot-every", argv.snapshotEvery),
    orders: argv.orders,
    levels: argv.levels,
    outDir: argv.out,
    force: argv.force,
  });
  const seconds = `in ${((performance.now() - started) / 1000).toFixed(2)} s`;
  const line = (path: string, records: number, trades: number) => `${path}: ${n(records)} records, ${n(trades)} trades`;
  if (r.days.length === 1) {
    process.stdout.write(`${line(r.path, r.records, r.trades)}, ${seconds}\n`);
  } else {
    for (const d of r.days) process.stdout.write(`${line(d.path, d.records, d.trades)}\n`);
    process.stdout.write(`${r.days.length} days, ${n(r.records)} records, ${n(r.trades)} trades, ${seconds}\n`);
  }
}
