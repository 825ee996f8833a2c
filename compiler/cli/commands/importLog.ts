// featc import FORMAT INPUT... --out DIR: vendor data -> .q event logs.
import type { Argv } from "yargs";
import * as native from "../../../runtime/native/binding.js";
import type {
  BinanceImportSummary,
  FeedImportSummary,
  ImportedFile,
  ImportProgress,
  TardisImportSummary,
} from "../../../runtime/native/binding.js";
import { progressBar } from "../progress.js";

const n = (x: number) => Number(x).toLocaleString("en-US");

/** A progress bar over the input bytes on disk (silent when stderr is not a terminal). */
function withProgress<T>(title: string, body: (report: (p: ImportProgress) => void) => T): T {
  const bar = progressBar(title);
  try {
    return body((p) => bar.update(Math.round(p.bytesDone / 1e6), Math.max(1, Math.round(p.bytesTotal / 1e6)), "MB"));
  } finally {
    bar.stop();
  }
}

/** The report of a feed import: files written, then input by type, skips and adjustments. */
function printFeedSummary(r: FeedImportSummary, seconds: number) {
  const out = process.stdout;
  for (const f of r.files) out.write(`${f.path}: ${n(f.records)} records, ${n(f.packets)} packets\n`);
  const mb = r.bytesIn / 1e6;
  out.write(
    `${n(r.messagesIn)} input records (${mb.toFixed(1)} MB decoded) -> ${r.files.length} files in ${seconds.toFixed(2)} s` +
      ` (${(mb / Math.max(seconds, 1e-9)).toFixed(1)} MB/s, ${n(Math.round(r.messagesIn / Math.max(seconds, 1e-9)))} records/s)\n`,
  );
  out.write("by type:\n");
  for (const [t, c] of r.messagesByType) out.write(`  ${t.padEnd(12)} ${n(c)}\n`);
  for (const [reason, c] of r.skippedByReason) out.write(`  skipped ${n(c)}: ${reason}\n`);
  for (const [what, c] of r.adjusted) out.write(`  adjusted ${n(c)}: ${what}\n`);
}

function printFiles(files: ImportedFile[]) {
  for (const f of files) process.stdout.write(`${f.path}: ${n(f.records)} records, ${n(f.packets)} packets\n`);
}

/** The report of a Binance import: files, then the book sync (docs/formats/binance.md). */
function printBinanceSummary(r: BinanceImportSummary, seconds: number) {
  const out = process.stdout;
  printFiles(r.files);
  out.write(
    `Binance ${r.market} ${r.symbol}: ${n(r.lines)} lines -> ${n(r.records)} records, ${n(r.packets)} packets in ${seconds.toFixed(2)} s ` +
      `(price decimals ${r.priceDecimals}, size decimals ${r.sizeDecimals})\n`,
  );
  out.write(
    `  snapshots ${n(r.snapshots)}, diff events ${n(r.depthEvents)} (applied ${n(r.depthApplied)}, older than the snapshot ${n(r.depthStale)}), trades ${n(r.trades)}\n`,
  );
  const firstGap = r.firstGap ? ` (first: expected update id ${r.firstGap[0]}, got ${r.firstGap[1]})` : "";
  out.write(
    `  gaps ${n(r.gaps)}${firstGap}, resyncs ${n(r.resyncs)}, book carried over midnight ${n(r.carriedSnapshots)}\n`,
  );
  out.write(`  exchange times raised to keep time order ${n(r.raisedTimestamps)}\n`);
  for (const [reason, c] of r.skippedByReason) out.write(`  skipped ${n(c)}: ${reason}\n`);
}

function printTardisSummary(r: TardisImportSummary, seconds: number) {
  printFiles(r.files);
  process.stdout.write(
    `Tardis ${r.venue}: ${n(r.rows)} rows -> ${n(r.records)} records, ${n(r.packets)} packets in ${seconds.toFixed(2)} s ` +
      `(price decimals ${r.priceDecimals}, size decimals ${r.sizeDecimals}); exchange times raised ${n(r.raisedTimestamps)}\n`,
  );
  for (const [reason, c] of r.skippedByReason) process.stdout.write(`  skipped ${n(c)}: ${reason}\n`);
}

export function importCommand(y: Argv) {
  return y.command("import", "Import vendor data into .q event logs (<out>/<SYMBOL>/<DATE>.q)", (a) =>
    a
      .command(
        "lobster <message>",
        "LOBSTER message file (.csv or .csv.gz), seeded from its orderbook file",
        (b) =>
          b
            .positional("message", { type: "string", demandOption: true })
            .option("orderbook", {
              type: "string",
              describe: "the matching orderbook file: seeds the book resting before 09:30",
            })
            .option("symbol", { type: "string", demandOption: true })
            .option("date", { type: "string", describe: "trading date YYYY-MM-DD (default: from the file name)" })
            .option("out", { type: "string", demandOption: true })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed lines" }),
        (argv) => {
          const started = performance.now();
          const opts = {
            message: argv.message as string,
            orderbook: argv.orderbook,
            symbol: argv.symbol,
            date: argv.date,
            outDir: argv.out,
            lenient: argv.lenient,
          };
          const r = withProgress("import lobster", (report) => native.importLobster(opts, report));
          process.stdout.write(
            `${r.path}: ${Number(r.records).toLocaleString("en-US")} records, ${Number(r.packets).toLocaleString("en-US")} packets, ` +
              `${r.seededLevels} seeded levels, in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
          );
          for (const [reason, count] of r.skippedByReason) process.stdout.write(`  skipped ${count}: ${reason}\n`);
        },
      )
      .command(
        "dbn <inputs..>",
        "Databento DBN files (v1-v3, .dbn or .dbn.zst): MBO to L3 logs, MBP-1/MBP-10/TBBO/trades to L2 logs, per symbol and UTC day",
        (b) =>
          b
            .positional("inputs", { type: "string", array: true, demandOption: true })
            .option("out", { type: "string", demandOption: true })
            .option("symbol", { type: "string", describe: "import only this symbol" })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed records" }),
        (argv) => {
          const started = performance.now();
          const opts = {
            inputs: argv.inputs as string[],
            outDir: argv.out,
            symbol: argv.symbol,
            lenient: argv.lenient,
          };
          const r = withProgress("import dbn", (report) => native.importDbn(opts, report));
          printFeedSummary(r, (performance.now() - started) / 1000);
        },
      )
      .command(
        "itch <input>",
        "NASDAQ TotalView-ITCH 5.0 (length-prefixed or zero-prefixed, plain or .gz) to L3 logs per stock",
        (b) =>
          b
            .positional("input", { type: "string", demandOption: true })
            .option("out", { type: "string", demandOption: true })
            .option("date", { type: "string", describe: "trading date YYYY-MM-DD (default: from the file name)" })
            .option("symbol", { type: "string", describe: "import only this stock" })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed messages" }),
        (argv) => {
          const started = performance.now();
          const opts = {
            input: argv.input as string,
            outDir: argv.out,
            date: argv.date,
            symbol: argv.symbol,
            lenient: argv.lenient,
          };
          const r = withProgress("import itch", (report) => native.importItch(opts, report));
          printFeedSummary(r, (performance.now() - started) / 1000);
        },
      )
      .command(
        "binance <inputs..>",
        "Binance raw websocket captures (`<local ns> <JSON>` lines, plain or .gz; files in order) to daily L2 logs, synced as Binance documents",
        (b) =>
          b
            .positional("inputs", { type: "string", array: true, demandOption: true })
            .option("out", { type: "string", demandOption: true })
            .option("market", {
              choices: ["spot", "usdm"] as const,
              describe: "default: inferred (futures diff events carry pu)",
            })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed lines" }),
        (argv) => {
          const started = performance.now();
          const opts = {
            inputs: argv.inputs as string[],
            outDir: argv.out,
            market: argv.market,
            lenient: argv.lenient,
          };
          const r = withProgress("import binance", (report) => native.importBinance(opts, report));
          printBinanceSummary(r, (performance.now() - started) / 1000);
        },
      )
      .command(
        "tardis <inputs..>",
        "Tardis CSV (plain or .gz) of one data type to daily L2 logs",
        (b) =>
          b
            .positional("inputs", { type: "string", array: true, demandOption: true })
            .option("kind", { choices: ["incremental", "snapshot", "quotes", "trades"] as const, demandOption: true })
            .option("out", { type: "string", demandOption: true })
            .option("symbol", {
              type: "string",
              demandOption: true,
              describe: "rows of other symbols are skipped and counted",
            })
            .option("lenient", { type: "boolean", default: false, describe: "count and skip malformed rows" }),
        (argv) => {
          const started = performance.now();
          const opts = {
            inputs: argv.inputs as string[],
            kind: argv.kind,
            outDir: argv.out,
            symbol: argv.symbol,
            lenient: argv.lenient,
          };
          const r = withProgress("import tardis", (report) => native.importTardis(opts, report));
          printTardisSummary(r, (performance.now() - started) / 1000);
        },
      )
      .demandCommand(1, "name a format: lobster, dbn, itch, binance, tardis"),
  );
}
