// The native runtime (native/addon, built by `npm run build:native`) as typed functions.
// The addon stays thin (docs/architecture.md section 3): its interface is the declaration file
// napi writes from the Rust exports (native/native-binding.d.ts, next to the addon), so the
// shapes below are the Rust `#[napi(object)]` structs themselves, reshaped only where this
// module gives callers something handier (`[reason, count]` pairs). This module turns every
// error into a `FeatcError` with the addon's code, and loads the addon only on first use, so
// the TypeScript engine keeps working where the addon was never built.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Native from "../../native/native-binding.js";
import { type ExtractOptions, extractSettings } from "../batch/extractOptions.js";
import { FeatcError } from "../errors.js";
import { toFeatcError } from "./errors.js";

// ---- Public shapes -------------------------------------------------------------------------

export type LogHeaderInfo = Native.LogHeaderInfo;
export type LogRecordInfo = Native.LogRecordInfo;
export type InspectResult = Native.InspectResult;
export type ParquetHead = Native.ParquetHead;

export type SyntheticOptions = Omit<Native.SyntheticOptions, "seed"> & { seed: number | bigint };
export type SyntheticSummary = Native.SyntheticSummary;
export type SyntheticDay = Native.SyntheticDay;

/** `[name, count]`: what the addon reports as `{ reason, count }` objects. */
export type Counts = [string, number][];
type WithCounts<T, K extends keyof T> = Omit<T, K> & { [P in K]: Counts };

export type LobsterOptions = Native.LobsterImportOptions;
/** `skippedByReason`: the lines skipped under `lenient`; `importReport`: the counts written to
 *  the log's import report (docs/formats/q.md, "Import report"). */
export type LobsterSummary = WithCounts<Native.LobsterImportSummary, "skippedByReason" | "adjusted" | "importReport">;

export type DbnImportOptions = Native.DbnImportOptions;
export type ItchImportOptions = Native.ItchImportOptions;
export type ImportedFile = Native.ImportedFile;
/** What `importDbn` / `importItch` did. */
export type FeedImportSummary = WithCounts<
  Native.FeedImportSummary,
  "messagesByType" | "skippedByReason" | "adjusted" | "deduplicated" | "marked" | "importReport"
>;

export type ImportProgress = Native.ImportProgress;
/** One `verifyBook` result: the rows compared with the ground truth, and how many agree. */
export type BookCheck = Native.BookCheck;
/** `verifyBook`'s options: `lenient` skips what the importers skip under `lenient`. */
export type VerifyBookOptions = Native.VerifyBookOptions;

export type BinanceImportOptions = Native.BinanceImportOptions;
/** What `importBinance` did (docs/formats/binance.md). */
export type BinanceImportSummary = WithCounts<Native.BinanceImportSummary, "skippedByReason" | "importReport">;

/** The values `TardisImportOptions.kind`, `BinanceImportOptions.market` and
 *  `SyntheticOptions.session` take (for the command line's choices; test/native/bindingTypes.ts
 *  checks them against the addon's). */
export const TARDIS_KINDS = ["incremental", "snapshot", "quotes", "trades"] as const;
export const BINANCE_MARKETS = ["spot", "usdm", "coinm"] as const;
export const SYNTHETIC_SESSIONS = ["equity", "continuous"] as const;

export type TardisKind = NonNullable<Native.TardisImportOptions["kind"]>;
export type TardisImportOptions = Native.TardisImportOptions;
/** What `importTardis` did (docs/formats/tardis.md). */
export type TardisImportSummary = WithCounts<
  Native.TardisImportSummary,
  "skippedByReason" | "importReport" | "rowsByInput"
>;

export type { Compression } from "../batch/extractOptions.js";

type NativeSettings = "compression" | "rowGroupRows" | "lenient" | "threads";
/** What `extract` takes: the addon's request, with its settings optional (absent ones take
 *  their defaults, `EXTRACT_DEFAULTS` in runtime/batch/extractOptions.ts). */
export interface ExtractRequest
  extends Omit<Native.ExtractRequest, NativeSettings>, Pick<ExtractOptions, NativeSettings> {}
export type ExtractProgress = Native.ExtractProgress;
/** What one job of `extract` did; the TypeScript engine reports the same (compiler/extract/run.ts). */
export type ExtractResult = Native.ExtractResult;
export type PlainReadResult = Native.PlainReadResult;

// ---- The addon as built --------------------------------------------------------------------

/** Exactly what native/addon/src/api exports (napi-rs camel-cases the Rust names). */
type NativeAddon = typeof Native;

const ADDON_FILE = "featc-native.node";

/** `<dir>/native/featc-native.node` for this file's directory and each one above it: the
 *  same lookup works from the sources (runtime/native) and from the build (dist/runtime/native). */
function addonCandidates(): string[] {
  const fromEnv = process.env.FEATC_NATIVE_ADDON;
  if (fromEnv) return [fromEnv];
  const found: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    found.push(join(dir, "native", ADDON_FILE));
    const parent = dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

let loaded: NativeAddon | undefined;
/** Set by `catchInterruptsWhenLoaded`: the addon catches SIGTERM, SIGHUP and SIGINT once loaded. */
let catchInterrupts = false;

function addon(): NativeAddon {
  if (loaded) return loaded;
  const candidates = addonCandidates();
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw new FeatcError(
      "NATIVE_NOT_BUILT",
      `the featc native addon (${ADDON_FILE}) is not built: run \`npm run build:native\` (looked in ${candidates[0]} and the directories above)`,
    );
  }
  try {
    loaded = createRequire(import.meta.url)(path) as NativeAddon;
    if (catchInterrupts) loaded.catchInterrupts();
  } catch (e) {
    throw new FeatcError(
      "NATIVE_NOT_BUILT",
      `cannot load the featc native addon ${path}: ${(e as Error).message}; rebuild it with \`npm run build:native\``,
    );
  }
  return loaded;
}

/** True when the addon is built and loads, for callers that can fall back to the TS engine. */
export function nativeAvailable(): boolean {
  try {
    addon();
    return true;
  } catch {
    return false;
  }
}

function call<T>(body: (a: NativeAddon) => T): T {
  const a = addon();
  try {
    return body(a);
  } catch (e) {
    throw toFeatcError(e);
  }
}

// ---- Functions -----------------------------------------------------------------------------

/**
 * Makes SIGTERM, SIGHUP and SIGINT stop the native loops (with `INTERRUPTED`, their temp files
 * removed), now if the addon is loaded, else as soon as it is. Call it after installing the
 * process's own listeners for those signals: the native handler chains to them. Without a call
 * the addon leaves signals alone.
 */
export function catchInterruptsWhenLoaded(): void {
  if (catchInterrupts) return;
  catchInterrupts = true;
  loaded?.catchInterrupts();
}

/** Asks the native loops to stop, if the addon is loaded (a run not started yet is stopped by its caller). */
export function requestNativeInterrupt(): void {
  loaded?.requestInterrupt();
}

/** A Parquet file's row count, columns and the cells of its first `rows` rows (for `featc extract`'s summary). */
export function parquetHead(path: string, rows: number): ParquetHead {
  return call((a) => a.parquetHead(path, rows));
}

/** A `.q` log's header, record counts by kind, packet count and its first `first` records. */
export function inspectLog(path: string, first: number): InspectResult {
  return call((a) => a.inspectLog(path, first));
}

/** Write seeded synthetic L3 days, `<outDir>/<SYMBOL>/<date>.q` for each of `days` days from
 *  `date` (docs/formats/synthetic.md). */
export function generateSynthetic(opts: SyntheticOptions): SyntheticSummary {
  return call((a) => a.generateSynthetic({ ...opts, seed: BigInt(opts.seed) }));
}

/** Import a LOBSTER message file (seeded from its orderbook file) into a `.q` log. */
export function importLobster(opts: LobsterOptions, onProgress?: (p: ImportProgress) => void): LobsterSummary {
  const r = call((a) => a.importLobster(opts, onProgress));
  return {
    ...r,
    skippedByReason: pairs(r.skippedByReason),
    adjusted: pairs(r.adjusted),
    importReport: pairs(r.importReport),
  };
}

function pairs(c: Native.SkipCount[]): Counts {
  return c.map((x): [string, number] => [x.reason, x.count]);
}

function feedSummary(r: Native.FeedImportSummary): FeedImportSummary {
  return {
    ...r,
    messagesByType: pairs(r.messagesByType),
    skippedByReason: pairs(r.skippedByReason),
    adjusted: pairs(r.adjusted),
    deduplicated: pairs(r.deduplicated),
    marked: pairs(r.marked),
    importReport: pairs(r.importReport),
  };
}

/** Import Databento DBN files (v1-v3, plain or .zst) into `.q` logs per symbol and UTC day. */
export function importDbn(opts: DbnImportOptions, onProgress?: (p: ImportProgress) => void): FeedImportSummary {
  return feedSummary(call((a) => a.importDbn(opts, onProgress)));
}

/** Import a NASDAQ TotalView-ITCH 5.0 file (plain or .gz) into `.q` logs per stock. */
export function importItch(opts: ItchImportOptions, onProgress?: (p: ImportProgress) => void): FeedImportSummary {
  return feedSummary(call((a) => a.importItch(opts, onProgress)));
}

/** Import raw Binance websocket captures into daily L2 `.q` logs (docs/formats/binance.md). */
export function importBinance(
  opts: BinanceImportOptions,
  onProgress?: (p: ImportProgress) => void,
): BinanceImportSummary {
  const r = call((a) => a.importBinance(opts, onProgress));
  return { ...r, skippedByReason: pairs(r.skippedByReason), importReport: pairs(r.importReport) };
}

/** Import Tardis CSV into daily L2 `.q` logs: one book data type and trades, merged by
 *  `local_timestamp` (docs/formats/tardis.md). */
export function importTardis(opts: TardisImportOptions, onProgress?: (p: ImportProgress) => void): TardisImportSummary {
  const r = call((a) => a.importTardis(opts, onProgress));
  return {
    ...r,
    skippedByReason: pairs(r.skippedByReason),
    importReport: pairs(r.importReport),
    rowsByInput: pairs(r.rowsByInput),
  };
}

/** Replay a feed and compare the book with its ground truth (`featc verify-book`). */
export function verifyBook(format: string, inputs: string[], options?: VerifyBookOptions): BookCheck[] {
  return call((a) => a.verifyBook(format, inputs, options));
}

/** The meta JSON of a kernel library, after checking its ABI version. */
export function kernelMeta(libPath: string): string {
  return call((a) => a.kernelMeta(libPath));
}

/**
 * Run a kernel library over each job's log and write each job's Parquet file, in parallel
 * and off the JavaScript thread. `onProgress` is called at most about 10 times a second.
 * Rejects with the first failing job's `FeatcError` (message naming its input); that job
 * leaves no output, jobs already finished keep theirs.
 */
export async function extract(
  request: ExtractRequest,
  onProgress?: (p: ExtractProgress) => void,
): Promise<ExtractResult[]> {
  // A throwing callback must not take the process down from a native callback: the first
  // exception stops further reports and rejects the call once the native work has settled.
  let callbackThrew = false;
  let callbackError: unknown;
  let stopped = false;
  const report = (p: ExtractProgress) => {
    if (stopped || !onProgress) return;
    try {
      onProgress(p);
    } catch (e) {
      stopped = callbackThrew = true;
      callbackError = e;
    }
  };
  let results: ExtractResult[];
  try {
    const nativeRequest = toNativeRequest(request);
    results = await call((a) => a.extract(nativeRequest, onProgress ? report : undefined));
  } catch (e) {
    stopped = true;
    throw toFeatcError(e);
  }
  if (callbackThrew) throw callbackError;
  // Native reports travel through the event loop and may land after the promise settles;
  // the closing report is sent from here so it is always the last one, before we resolve.
  const records = results.reduce((sum, r) => sum + r.records, 0);
  report({ recordsDone: records, recordsTotal: records, jobsDone: results.length, jobsTotal: results.length });
  stopped = true;
  if (callbackThrew) throw callbackError;
  return results;
}

/** The one conversion of extraction options into the request the addon takes: every setting
 *  present, checked as the TypeScript engine checks it. */
export function toNativeRequest(request: ExtractRequest): Native.ExtractRequest {
  const { compression, rowGroupRows, lenient, threads } = extractSettings(request);
  return { ...request, compression, rowGroupRows, lenient, threads };
}

/** A plain pass over every record of a log (the benchmark's baseline), on this thread. */
export function readPlain(path: string): PlainReadResult {
  return call((a) => a.readPlain(path));
}

/** The class every function here throws or rejects with. */
export { FeatcError };
