// Which logs a preview reads: the symbol's day files under the source (`<source>/<SYMBOL>/<DATE>.q`),
// those within the window's dates, as `featc extract` chooses them (compiler/extract/plan.ts);
// and the logs themselves, kept open between the previews of one process when unchanged.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { LogReader } from "../../runtime/log/reader.js";
import { FeatcError } from "../../runtime/errors.js";
import { isoNs } from "../cli/isoNs.js";
import { planStreams, PlanError, utcDate } from "../extract/plan.js";
import { PreviewError } from "./errors.js";

/** Rows whose trigger time is in [fromNs, toNs); either end may be open. */
export interface PreviewWindow {
  fromNs?: bigint;
  toNs?: bigint;
}

function dayFiles(source: string, symbol: string, fromDate?: string, toDate?: string): string[] {
  try {
    const plan = planStreams({ source, symbols: [symbol], out: source, dataset: "preview", fromDate, toDate });
    return plan.streams.flatMap((stream) => stream.files.map((file) => file.input));
  } catch (error) {
    if (error instanceof PlanError) return [];
    throw error;
  }
}

function windowText(window: PreviewWindow): string {
  const from = window.fromNs !== undefined ? isoNs(window.fromNs) : "the start";
  const to = window.toNs !== undefined ? isoNs(window.toNs) : "the end";
  return `the window from ${from} to ${to}`;
}

/** The symbol to read: the one named, or the source's only symbol folder. */
export function symbolOf(source: string, symbol: string | undefined): string {
  if (symbol !== undefined) return symbol;
  if (!existsSync(source)) throw new PreviewError("NO_LOG", `the log source \`${source}\` does not exist`);
  const folders = readdirSync(source, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 1) return folders[0];
  if (folders.length === 0)
    throw new PreviewError(
      "NO_LOG",
      `the log source \`${source}\` holds no symbol folder (<source>/<SYMBOL>/<YYYY-MM-DD>.q; import data with \`featc import\`)`,
    );
  throw new FeatcError(
    "BAD_ARGUMENT",
    `the log source \`${source}\` holds ${folders.length} symbols (${folders.slice(0, 5).join(", ")}${folders.length > 5 ? ", ..." : ""}): name one with --symbol`,
  );
}

/**
 * The day files of `symbol` under `source` that the window reaches, in date order. NO_LOG when
 * the symbol has none at all, EMPTY_WINDOW when none is within the window's dates.
 */
export function previewFiles(source: string, symbol: string, window: PreviewWindow): string[] {
  if (symbol === "" || /[*?,@/\\]/.test(symbol) || symbol.startsWith("."))
    throw new FeatcError("BAD_ARGUMENT", `a preview reads one symbol, a folder name of the source; got "${symbol}"`);
  if (!existsSync(source)) throw new PreviewError("NO_LOG", `the log source \`${source}\` does not exist`);
  const all = dayFiles(source, symbol);
  if (all.length === 0)
    throw new PreviewError(
      "NO_LOG",
      `no .q logs for ${symbol} in \`${join(source, symbol)}\` (<source>/<SYMBOL>/<YYYY-MM-DD>.q; import data with \`featc import\`)`,
    );
  const fromDate = window.fromNs !== undefined ? utcDate(window.fromNs) : undefined;
  // `to` is exclusive: a day starting exactly at `to` is not needed.
  const toDate = window.toNs !== undefined ? utcDate(window.toNs - 1n) : undefined;
  const files = fromDate === undefined && toDate === undefined ? all : dayFiles(source, symbol, fromDate, toDate);
  if (files.length === 0) {
    const dates = all.map((path) => /(\d{4}-\d{2}-\d{2})\.q$/.exec(path)![1]);
    throw new PreviewError(
      "EMPTY_WINDOW",
      `${windowText(window)} holds no day of ${symbol}'s logs in \`${source}\` (${dates[0]} to ${dates[dates.length - 1]})`,
    );
  }
  return files;
}

/** EMPTY_WINDOW unless the window overlaps the time the logs' events span. */
export function checkWindowHasEvents(readers: readonly LogReader[], symbol: string, window: PreviewWindow): void {
  const withEvents = readers.filter((reader) => reader.header.recordCount > 0);
  if (withEvents.length === 0)
    throw new PreviewError(
      "EMPTY_WINDOW",
      `${symbol}'s logs ${readers.map((r) => `\`${r.name}\``).join(", ")} hold no records`,
    );
  const first = withEvents[0].header.firstTs;
  const last = withEvents[withEvents.length - 1].header.lastTs;
  const after = window.fromNs !== undefined && window.fromNs > last;
  const before = window.toNs !== undefined && window.toNs <= first;
  if (after || before)
    throw new PreviewError(
      "EMPTY_WINDOW",
      `${windowText(window)} holds no event of ${symbol}'s logs, which run from ${isoNs(first)} to ${isoNs(last)}`,
    );
}

/**
 * Logs read once and kept while their file is unchanged (same size, time of change and inode):
 * a language server previews the same sample after every edit. Holds the few last used.
 */
export class LogCache {
  private readonly open = new Map<string, { stamp: string; reader: LogReader }>();

  constructor(private readonly capacity = 4) {}

  read(path: string): LogReader {
    let stamp = "";
    try {
      const s = statSync(path);
      stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      // LogReader.open tells why it cannot be read.
    }
    const known = this.open.get(path);
    if (known && stamp !== "" && known.stamp === stamp) {
      // Most recently used last.
      this.open.delete(path);
      this.open.set(path, known);
      return known.reader;
    }
    const reader = LogReader.open(path);
    this.open.set(path, { stamp, reader });
    while (this.open.size > this.capacity) this.open.delete(this.open.keys().next().value!);
    return reader;
  }
}
