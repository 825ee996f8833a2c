// featc import FORMAT INPUT... --out DIR: vendor data -> .q event logs.
import * as native from "../../../runtime/native/binding.js";
import type {
  BinanceImportSummary,
  Counts,
  FeedImportSummary,
  ImportedFile,
  ImportProgress,
  LobsterSummary,
  TardisImportSummary,
} from "../../../runtime/native/binding.js";
import type { ArgsOf } from "../command.js";
import { durationOptionNs } from "../durationOption.js";
import type {
  importBinanceOptions,
  importDbnOptions,
  importItchOptions,
  importLobsterOptions,
  importTardisOptions,
} from "../options.js";
import { progressBar } from "../progress.js";
import { sweepOutputFolder } from "../staleTemps.js";

const n = (x: number) => Number(x).toLocaleString("en-US");
const out = process.stdout;

/** `--snapshot-every` as the addon's `snapshotEveryNs`. */
const snapshotEveryNs = (argv: { snapshotEvery: string }) => durationOptionNs("--snapshot-every", argv.snapshotEvery);

/**
 * One import: `run` with a progress bar over the input bytes on disk (silent when stderr is
 * not a terminal), then `print` with its report and the seconds it took.
 */
function runImport<R>(
  format: string,
  outDir: string,
  run: (report: (p: ImportProgress) => void) => R,
  print: (r: R, seconds: number) => void,
): void {
  // Logs go to <out>/<SYMBOL>/<DATE>.q: temp files left there by a killed run go first.
  sweepOutputFolder(outDir, 1);
  const started = performance.now();
  const bar = progressBar(`import ${format}`);
  let r: R;
  try {
    r = run((p) => bar.update(Math.round(p.bytesDone / 1e6), Math.max(1, Math.round(p.bytesTotal / 1e6)), "MB"));
  } finally {
    bar.stop();
  }
  print(r, (performance.now() - started) / 1000);
}

function printFiles(files: ImportedFile[]) {
  for (const f of files) out.write(`${f.path}: ${n(f.records)} records, ${n(f.packets)} packets\n`);
}

function printSkipped(skipped: Counts) {
  for (const [reason, c] of skipped) out.write(`  skipped ${n(c)}: ${reason}\n`);
}

/** The import report's counts (docs/formats/q.md, "Import report") of the sections the
 *  summary has not printed already: `<section> <count>: <reason>`. */
function printReport(report: Counts, printed: string[]) {
  for (const [name, c] of report) {
    const [section, ...rest] = name.split(": ");
    if (printed.includes(section)) continue;
    out.write(`  ${section} ${n(c)}: ${rest.join(": ")}\n`);
  }
}

function printLobsterSummary(r: LobsterSummary, seconds: number) {
  out.write(
    `${r.path}: ${n(r.records)} records, ${n(r.packets)} packets, ${r.seededLevels} seeded levels, in ${seconds.toFixed(2)} s\n`,
  );
  printSkipped(r.skippedByReason);
  printReport(r.importReport, ["skipped"]);
}

/** The report of a feed import: files written, then input by type, skips and adjustments. */
function printFeedSummary(r: FeedImportSummary, seconds: number) {
  printFiles(r.files);
  const mb = r.bytesIn / 1e6;
  out.write(
    `${n(r.messagesIn)} input records (${mb.toFixed(1)} MB decoded) -> ${r.files.length} files in ${seconds.toFixed(2)} s` +
      ` (${(mb / Math.max(seconds, 1e-9)).toFixed(1)} MB/s, ${n(Math.round(r.messagesIn / Math.max(seconds, 1e-9)))} records/s)\n`,
  );
  out.write("by type:\n");
  for (const [t, c] of r.messagesByType) out.write(`  ${t.padEnd(12)} ${n(c)}\n`);
  printSkipped(r.skippedByReason);
  for (const [what, c] of r.adjusted) out.write(`  adjusted ${n(c)}: ${what}\n`);
  printReport(r.importReport, ["skipped", "adjusted"]);
}

/** The report of a Binance import: files, then the book sync (docs/formats/binance.md). */
function printBinanceSummary(r: BinanceImportSummary, seconds: number) {
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
  printSkipped(r.skippedByReason);
  printReport(r.importReport, ["skipped", "adjusted", "lost"]);
}

function printTardisSummary(r: TardisImportSummary, seconds: number) {
  printFiles(r.files);
  out.write(
    `Tardis ${r.venue}: ${n(r.rows)} rows -> ${n(r.records)} records, ${n(r.packets)} packets in ${seconds.toFixed(2)} s ` +
      `(price decimals ${r.priceDecimals}, size decimals ${r.sizeDecimals}); exchange times raised ${n(r.raisedTimestamps)}\n`,
  );
  if (r.rowsByInput.length > 1)
    for (const [input, c] of r.rowsByInput) out.write(`  merged ${n(c)} rows of ${input}\n`);
  printSkipped(r.skippedByReason);
  printReport(r.importReport, ["skipped", "adjusted", "merged"]);
}

export function runImportLobster(argv: ArgsOf<typeof importLobsterOptions>): void {
  runImport(
    "lobster",
    argv.out,
    (report) =>
      native.importLobster(
        {
          message: argv.message as string,
          orderbook: argv.orderbook,
          symbol: argv.symbol,
          date: argv.date,
          packetPerMessage: argv.packetPerMessage,
          outDir: argv.out,
          lenient: argv.lenient,
          snapshotEveryNs: snapshotEveryNs(argv),
          force: argv.force,
        },
        report,
      ),
    printLobsterSummary,
  );
}

export function runImportDbn(argv: ArgsOf<typeof importDbnOptions>): void {
  runImport(
    "dbn",
    argv.out,
    (report) =>
      native.importDbn(
        {
          inputs: argv.inputs as string[],
          outDir: argv.out,
          symbol: argv.symbol,
          lenient: argv.lenient,
          snapshotEveryNs: snapshotEveryNs(argv),
          force: argv.force,
        },
        report,
      ),
    printFeedSummary,
  );
}

export function runImportItch(argv: ArgsOf<typeof importItchOptions>): void {
  runImport(
    "itch",
    argv.out,
    (report) =>
      native.importItch(
        {
          input: argv.input as string,
          outDir: argv.out,
          date: argv.date,
          symbol: argv.symbol,
          lenient: argv.lenient,
          snapshotEveryNs: snapshotEveryNs(argv),
          force: argv.force,
        },
        report,
      ),
    printFeedSummary,
  );
}

export function runImportBinance(argv: ArgsOf<typeof importBinanceOptions>): void {
  runImport(
    "binance",
    argv.out,
    (report) =>
      native.importBinance(
        {
          inputs: argv.inputs as string[],
          outDir: argv.out,
          market: argv.market,
          lenient: argv.lenient,
          snapshotEveryNs: snapshotEveryNs(argv),
          force: argv.force,
        },
        report,
      ),
    printBinanceSummary,
  );
}

export function runImportTardis(argv: ArgsOf<typeof importTardisOptions>): void {
  runImport(
    "tardis",
    argv.out,
    (report) =>
      native.importTardis(
        {
          inputs: argv.inputs as string[],
          kind: argv.kind,
          outDir: argv.out,
          symbol: argv.symbol,
          lenient: argv.lenient,
          snapshotEveryNs: snapshotEveryNs(argv),
          force: argv.force,
        },
        report,
      ),
    printTardisSummary,
  );
}
