// The native runtime (native/addon, built by `npm run build:native`) as typed functions.
// The addon stays thin (docs/architecture.md section 3): this module owns the user-facing shapes, turns
// every error into a `FeatcError` with the addon's code, and loads the addon only on first
// use, so the TypeScript engine keeps working where the addon was never built.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FeatcError } from "../errors.js";
import { toFeatcError } from "./errors.js";

// ---- Public shapes -------------------------------------------------------------------------

export interface LogHeaderInfo {
  symbol: string;
  venue: string;
  date: string;
  /** 1 L3 (order by order), 2 L2 (price levels): docs/formats/q.md. */
  bookKind: number;
  priceDecimals: number;
  sizeDecimals: number;
  recordCount: bigint;
  firstTs: bigint;
  lastTs: bigint;
  sealed: boolean;
  indexCount: bigint;
}

export interface LogRecordInfo {
  exchangeTs: bigint;
  ingestTs: bigint;
  seq: bigint;
  orderId: bigint;
  price: bigint;
  size: bigint;
  /** `ADD`, `CANCEL`, ... */
  kind: string;
  side: "bid" | "ask" | "none";
  /** Bit 0 `LAST`, bit 1 `SNAPSHOT`. */
  flags: number;
  aggressor: "buy" | "sell" | "none";
  aux: bigint;
}

export interface InspectResult {
  header: LogHeaderInfo;
  countsByKind: { kind: string; count: number }[];
  packets: number;
  firstRecords: LogRecordInfo[];
}

export interface SyntheticOptions {
  symbol: string;
  events: number;
  seed: number | bigint;
  /** `YYYY-MM-DD` */
  date: string;
  /** Root of `<outDir>/<SYMBOL>/<date>.q`. */
  outDir: string;
}

export interface SyntheticSummary {
  path: string;
  records: number;
  packets: number;
  trades: number;
  firstTs: bigint;
  lastTs: bigint;
}

export interface LobsterOptions {
  message: string;
  orderbook?: string;
  symbol: string;
  date?: string;
  outDir: string;
  lenient?: boolean;
}

export interface LobsterSummary {
  path: string;
  records: number;
  packets: number;
  /** `[reason, count]` of the lines skipped under `lenient`. */
  skippedByReason: [string, number][];
  firstTs: bigint;
  lastTs: bigint;
  seededLevels: number;
}

export interface DbnImportOptions {
  inputs: string[];
  outDir: string;
  /** Import only this symbol. */
  symbol?: string;
  lenient?: boolean;
}

export interface ItchImportOptions {
  input: string;
  outDir: string;
  /** `YYYY-MM-DD`; from the file name when absent. */
  date?: string;
  /** Import only this stock. */
  symbol?: string;
  lenient?: boolean;
}

export interface ImportedFile {
  path: string;
  symbol: string;
  date: string;
  records: number;
  packets: number;
  firstTs: bigint;
  lastTs: bigint;
}

/** What `importDbn` / `importItch` did; the counts are `[name, count]` pairs. */
export interface FeedImportSummary {
  files: ImportedFile[];
  messagesByType: [string, number][];
  skippedByReason: [string, number][];
  adjusted: [string, number][];
  bytesIn: number;
  messagesIn: number;
}

/** Bytes of the input files on disk read so far, and their total (Binance and Tardis read
 *  their inputs twice, so count them twice). */
export interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
}

/** One `verifyBook` result: the rows compared with the ground truth, and how many agree. */
export interface BookCheck {
  sample: string;
  events: number;
  rowsCompared: number;
  rowsEqual: number;
  notes: string[];
}

export interface BinanceImportOptions {
  /** Capture files (`<local ns> <JSON>` lines, plain or .gz), replayed in this order. */
  inputs: string[];
  outDir: string;
  /** Inferred from the capture when absent (futures diff events carry `pu`). */
  market?: "spot" | "usdm";
  lenient?: boolean;
}

/** What `importBinance` did (docs/formats/binance.md); counts are `[reason, count]` pairs. */
export interface BinanceImportSummary {
  files: ImportedFile[];
  symbol: string;
  market: "spot" | "usdm";
  priceDecimals: number;
  sizeDecimals: number;
  lines: number;
  records: number;
  packets: number;
  snapshots: number;
  depthEvents: number;
  depthApplied: number;
  /** Diff events older than the snapshot they follow (dropped, as Binance documents). */
  depthStale: number;
  trades: number;
  gaps: number;
  /** The first gap's expected and received update ids. */
  firstGap?: [string, string];
  resyncs: number;
  /** Exchange times raised to the previous packet's, so the log keeps its time order. */
  raisedTimestamps: number;
  /** Days opened with a snapshot of the book carried over midnight. */
  carriedSnapshots: number;
  skippedByReason: [string, number][];
}

export type TardisKind = "incremental" | "snapshot" | "quotes" | "trades";

export interface TardisImportOptions {
  /** CSV files (plain or .gz) of one Tardis data type, converted in this order. */
  inputs: string[];
  kind: TardisKind;
  outDir: string;
  /** Rows of other symbols are skipped and counted. */
  symbol: string;
  lenient?: boolean;
}

/** What `importTardis` did (docs/formats/tardis.md). */
export interface TardisImportSummary {
  files: ImportedFile[];
  venue: string;
  priceDecimals: number;
  sizeDecimals: number;
  rows: number;
  records: number;
  packets: number;
  raisedTimestamps: number;
  carriedSnapshots: number;
  skippedByReason: [string, number][];
}

export type Compression = "zstd" | "snappy" | "none";

export interface ExtractRequest {
  /** The kernel library `featc build` made for the spec. */
  kernelPath: string;
  jobs: { input: string; output: string }[];
  compression?: Compression;
  /** Rows per row group; 131072 when absent. */
  rowGroupRows?: number;
  lenient?: boolean;
  /** Worker threads; 0 or absent: one per core. */
  threads?: number;
  /** Emit only rows whose trigger time is in `[emitFromNs, emitToNs)`. */
  emitFromNs?: bigint;
  emitToNs?: bigint;
  /** Extra footer key-values; `featc.version` belongs here. */
  metadata?: Record<string, string>;
}

export interface ExtractProgress {
  recordsDone: number;
  recordsTotal: number;
  jobsDone: number;
  jobsTotal: number;
}

export interface ExtractResult {
  input: string;
  output: string;
  records: number;
  packets: number;
  rows: number;
  firstTs: bigint;
  lastTs: bigint;
  /** Book faults skipped under `lenient`. */
  skipped: number;
  seconds: number;
}

export interface PlainReadResult {
  records: number;
  seconds: number;
  checksum: bigint;
}

// ---- The addon as built --------------------------------------------------------------------

/** Exactly what native/addon/src/api exports (napi-rs camel-cases the Rust names). */
interface NativeAddon {
  inspectLog(path: string, first: number): InspectResult;
  generateSynthetic(opts: {
    symbol: string;
    events: number;
    seed: bigint;
    date: string;
    outDir: string;
  }): SyntheticSummary;
  importLobster(
    opts: LobsterOptions,
    onProgress?: (p: ImportProgress) => void,
  ): Omit<LobsterSummary, "skippedByReason"> & { skippedByReason: { reason: string; count: number }[] };
  kernelMeta(libPath: string): string;
  importDbn(opts: DbnImportOptions, onProgress?: (p: ImportProgress) => void): RawFeedImportSummary;
  importItch(opts: ItchImportOptions, onProgress?: (p: ImportProgress) => void): RawFeedImportSummary;
  verifyBook(format: string, inputs: string[]): BookCheck[];
  importBinance(
    opts: BinanceImportOptions,
    onProgress?: (p: ImportProgress) => void,
  ): Omit<BinanceImportSummary, "skippedByReason" | "firstGap"> & { skippedByReason: Counts; firstGap?: string[] };
  importTardis(
    opts: TardisImportOptions,
    onProgress?: (p: ImportProgress) => void,
  ): Omit<TardisImportSummary, "skippedByReason"> & { skippedByReason: Counts };
  extract(request: ExtractRequest, onProgress?: (p: ExtractProgress) => void): Promise<ExtractResult[]>;
  readPlain(path: string): PlainReadResult;
}

type Counts = { reason: string; count: number }[];
type RawFeedImportSummary = Omit<FeedImportSummary, "messagesByType" | "skippedByReason" | "adjusted"> & {
  messagesByType: Counts;
  skippedByReason: Counts;
  adjusted: Counts;
};

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

/** A `.q` log's header, record counts by kind, packet count and its first `first` records. */
export function inspectLog(path: string, first: number): InspectResult {
  return call((a) => a.inspectLog(path, first));
}

/** Write a seeded synthetic L3 day to `<outDir>/<SYMBOL>/<date>.q`. */
export function generateSynthetic(opts: SyntheticOptions): SyntheticSummary {
  return call((a) => a.generateSynthetic({ ...opts, seed: BigInt(opts.seed) }));
}

/** Import a LOBSTER message file (seeded from its orderbook file) into a `.q` log. */
export function importLobster(opts: LobsterOptions, onProgress?: (p: ImportProgress) => void): LobsterSummary {
  const r = call((a) => (onProgress ? a.importLobster(opts, onProgress) : a.importLobster(opts)));
  return { ...r, skippedByReason: r.skippedByReason.map((s): [string, number] => [s.reason, s.count]) };
}

function pairs(c: Counts): [string, number][] {
  return c.map((x): [string, number] => [x.reason, x.count]);
}

function feedSummary(r: RawFeedImportSummary): FeedImportSummary {
  return {
    ...r,
    messagesByType: pairs(r.messagesByType),
    skippedByReason: pairs(r.skippedByReason),
    adjusted: pairs(r.adjusted),
  };
}

/** Import Databento DBN files (v1-v3, plain or .zst) into `.q` logs per symbol and UTC day. */
export function importDbn(opts: DbnImportOptions, onProgress?: (p: ImportProgress) => void): FeedImportSummary {
  return feedSummary(call((a) => (onProgress ? a.importDbn(opts, onProgress) : a.importDbn(opts))));
}

/** Import a NASDAQ TotalView-ITCH 5.0 file (plain or .gz) into `.q` logs per stock. */
export function importItch(opts: ItchImportOptions, onProgress?: (p: ImportProgress) => void): FeedImportSummary {
  return feedSummary(call((a) => (onProgress ? a.importItch(opts, onProgress) : a.importItch(opts))));
}

/** Import raw Binance websocket captures into daily L2 `.q` logs (docs/formats/binance.md). */
export function importBinance(
  opts: BinanceImportOptions,
  onProgress?: (p: ImportProgress) => void,
): BinanceImportSummary {
  const r = call((a) => (onProgress ? a.importBinance(opts, onProgress) : a.importBinance(opts)));
  const firstGap = r.firstGap ? ([r.firstGap[0], r.firstGap[1]] as [string, string]) : undefined;
  return { ...r, firstGap, skippedByReason: pairs(r.skippedByReason) };
}

/** Import Tardis CSV of one data type into daily L2 `.q` logs (docs/formats/tardis.md). */
export function importTardis(opts: TardisImportOptions, onProgress?: (p: ImportProgress) => void): TardisImportSummary {
  const r = call((a) => (onProgress ? a.importTardis(opts, onProgress) : a.importTardis(opts)));
  return { ...r, skippedByReason: pairs(r.skippedByReason) };
}

/** Replay a feed and compare the book with its ground truth (`featc verify-book`). */
export function verifyBook(format: string, inputs: string[]): BookCheck[] {
  return call((a) => a.verifyBook(format, inputs));
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
    results = await call((a) => a.extract(request, onProgress ? report : undefined));
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

/** A plain pass over every record of a log (the benchmark's baseline), on this thread. */
export function readPlain(path: string): PlainReadResult {
  return call((a) => a.readPlain(path));
}

/** The class every function here throws or rejects with. */
export { FeatcError };
