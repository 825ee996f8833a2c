// The settings of an extraction and their defaults, defined once: the command line's flags
// (compiler/cli/commands/extract.ts), the library API (compiler/extract/run.ts) and both
// engines (the TypeScript Parquet writer, runtime/batch/parquetWriter.ts, and the native one
// through runtime/native/binding.ts, which turns them into the addon's request) read them here.

import { checkMaxGapBars, DEFAULT_MAX_GAP_BARS } from "../engine/maxGapBars.js";
import { FeatcError } from "../errors.js";

export const COMPRESSIONS = ["zstd", "snappy", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const ENGINES = ["native", "ts"] as const;
export type Engine = (typeof ENGINES)[number];

/** How an extraction runs and writes its files. */
export interface ExtractSettings {
  /** Parquet compression. */
  compression: Compression;
  /** Rows per Parquet row group (rows are built in batches of 8192). */
  rowGroupRows: number;
  /** Count and skip impossible book events instead of failing. */
  lenient: boolean;
  /** Worker threads of the native engine, at most `MAX_THREADS`; 0: one per core. */
  threads: number;
  /**
   * The most time bars one gap between packets may close (docs/language.md section 8): a
   * packet that would close more stops the run with `GAP_TOO_LONG`. 1 to 2^53 - 1.
   */
  maxGapBars: number;
  /** native: the Rust kernel library, off the JavaScript thread; ts: the TypeScript kernel. */
  engine: Engine;
}

/** The settings as callers give them: any of them absent takes its default. */
export type ExtractOptions = Partial<ExtractSettings>;

export const EXTRACT_DEFAULTS: Readonly<ExtractSettings> = Object.freeze({
  compression: "zstd",
  // 16 batches of 8192 rows (docs/formats/parquet.md).
  rowGroupRows: 131_072,
  lenient: false,
  threads: 0,
  maxGapBars: DEFAULT_MAX_GAP_BARS,
  engine: "native",
});

/** The largest row group size: the native addon takes it as a u32. */
const MAX_COUNT = 2 ** 32 - 1;
/**
 * The most worker threads (as native/addon/src/api/extract.rs): each is started at once, and
 * more than a machine has cores only costs memory.
 */
export const MAX_THREADS = 1024;

/** `options` with each absent setting at its default; a setting out of its range is a `BAD_ARGUMENT`. */
export function extractSettings(options: ExtractOptions = {}): ExtractSettings {
  const settings: ExtractSettings = {
    compression: options.compression ?? EXTRACT_DEFAULTS.compression,
    rowGroupRows: options.rowGroupRows ?? EXTRACT_DEFAULTS.rowGroupRows,
    lenient: options.lenient ?? EXTRACT_DEFAULTS.lenient,
    threads: options.threads ?? EXTRACT_DEFAULTS.threads,
    maxGapBars: options.maxGapBars ?? EXTRACT_DEFAULTS.maxGapBars,
    engine: options.engine ?? EXTRACT_DEFAULTS.engine,
  };
  const bad = (message: string) => new FeatcError("BAD_ARGUMENT", message);
  if (!COMPRESSIONS.includes(settings.compression))
    throw bad(`compression ${JSON.stringify(settings.compression)} is not one of ${COMPRESSIONS.join(", ")}`);
  if (!ENGINES.includes(settings.engine))
    throw bad(`engine ${JSON.stringify(settings.engine)} is not one of ${ENGINES.join(", ")}`);
  if (!Number.isInteger(settings.rowGroupRows) || settings.rowGroupRows < 1 || settings.rowGroupRows > MAX_COUNT)
    throw bad(`rowGroupRows must be a whole number from 1 to ${MAX_COUNT}, got ${settings.rowGroupRows}`);
  if (!Number.isInteger(settings.threads) || settings.threads < 0 || settings.threads > MAX_THREADS)
    throw bad(`threads must be a whole number from 0 to ${MAX_THREADS}, got ${settings.threads}`);
  checkMaxGapBars(settings.maxGapBars);
  return settings;
}
